"""Each role's landing page within the guarantees app (accounts/homes.py points here); the
pages themselves live with their area."""

from .applicant import views as applicant_views
from .consultations import views as consultation_views
from .review import views as review_views

my_applications = applicant_views.home  # 내 신청 (issue #3)
branch_queue = review_views.branch_queue  # 지점 심사함 (issue #4)
hq_queue = review_views.hq_queue  # 본부 승인함
audit_queue = review_views.audit_queue  # 감사실 사전감사
consultations = consultation_views.consultation_list  # 상담 기록 (issue #6)
