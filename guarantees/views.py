"""Work pages per role. The foundation issue lays out each role's landing page; the applicant
and staff-workflow issues fill them in (each page says on screen what is still to come)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import role_required

from .applicant import views as applicant_views
from .review import views as review_views

# 내 신청: the applicant journey's home (guarantees/applicant/views.py).
my_applications = applicant_views.home


# The staff queues (issue #4) live in guarantees/review/views.py.
branch_queue = review_views.branch_queue
hq_queue = review_views.hq_queue
audit_queue = review_views.audit_queue


@require_GET
@role_required(Role.COUNSELLOR)
def consultations(request):
    return render(
        request,
        "guarantees/workspace.html",
        {
            "title": "디딤돌센터 상담 기록",
            "placeholder_text": "상담 기록(창업·성장·재기·불공정거래 피해)과 연도별 목표 대비 실적은 "
            "행정사무감사 보고서 작업(이슈 #6)에서 완성됩니다.",
        },
    )
