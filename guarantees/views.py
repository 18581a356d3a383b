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


# 상담 기록 (issue #6): the counsellors' page lives in guarantees/consultations/.
from .consultations.views import consultation_list as consultations  # noqa: E402, F401 (urls.py uses it)
