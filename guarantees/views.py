"""Work pages per role. The foundation issue lays out each role's landing page; the applicant
and staff-workflow issues fill them in (each page says on screen what is still to come)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import role_required

from .models import Application, ApplicationStatus


@require_GET
@role_required(Role.APPLICANT)
def my_applications(request):
    """내 신청: the applicant's own applications, newest first."""
    applications = (
        Application.objects.filter(applicant=request.user)
        .select_related("program", "branch")
        .order_by("-created_at")
    )
    return render(request, "guarantees/my_applications.html", {"applications": applications})


@require_GET
@role_required(Role.REVIEWER, Role.BRANCH_MANAGER)
def branch_queue(request):
    """지점 심사함: this branch's submitted applications only."""
    branch = request.user.branch
    applications = (
        Application.objects.filter(branch=branch)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("program", "business")
        .order_by("submitted_at")[:100]
        if branch is not None
        else Application.objects.none()
    )
    return render(
        request, "guarantees/branch_queue.html", {"branch": branch, "applications": applications}
    )


@require_GET
@role_required(Role.HQ_SALES)
def hq_queue(request):
    return render(
        request,
        "guarantees/workspace.html",
        {
            "title": "본부 승인함",
            "placeholder_text": "지점장 전결 한도(1억원)를 넘는 신청의 승인 화면은 심사·승인 작업(이슈 #4)에서 "
            "완성됩니다.",
        },
    )


@require_GET
@role_required(Role.AUDITOR)
def audit_queue(request):
    return render(
        request,
        "guarantees/workspace.html",
        {
            "title": "감사실 업무",
            "placeholder_text": "사전감사 대기함과 3천만원 초과 보증 일일 모니터링은 심사·승인 작업(이슈 #4)에서 "
            "완성됩니다.",
        },
    )


# 상담 기록 (issue #6): the counsellors' page lives in guarantees/consultations/.
from .consultations.views import consultation_list as consultations  # noqa: E402, F401 (urls.py uses it)
