from django.urls import include, path

from . import views
from .review import history_pages

app_name = "guarantees"

urlpatterns = [
    path("my/", views.my_applications, name="my_applications"),
    path("staff/queue/", views.branch_queue, name="branch_queue"),
    path("staff/hq/", views.hq_queue, name="hq_queue"),
    path("staff/audit/", views.audit_queue, name="audit_queue"),
    path("staff/consultations/", views.consultations, name="consultations"),
    # 심사 기준 and its history (issue 15): read-only here, changed by maker-checker.
    path("staff/criteria/", history_pages.criteria, name="review_criteria"),
    path(
        "staff/criteria/<slug:kind>/history/",
        history_pages.criteria_history,
        name="review_criteria_history",
    ),
]

# Each area adds its own urls module here (applicant journey, staff review, book, …):
area_urlpatterns: list = [
    path("apply/", include("guarantees.applicant.urls")),  # issue #3
    path("staff/review/", include("guarantees.review.urls")),  # issue #4
    path("", include("guarantees.book.urls")),  # issue #5 (book/…)
    path("staff/consultations/", include("guarantees.consultations.urls")),  # issue #6
    path("bank/", include("guarantees.bank.desk.urls")),  # issue #12: 은행 담당자 데스크
    path("book/", include("guarantees.bank.staff.urls")),  # issue #12: 재단 직원의 결정 대기
    path("book/overdue/", include("guarantees.bank.overdue_urls")),  # issue #12: 기한경과
    path("contributor/", include("guarantees.contributors.urls")),  # issue #13
    path("contributor/rounds/", include("guarantees.rounds.urls")),  # issue #13 part 4: 공고·심의
    path("staff/risk/", include("guarantees.risk.urls")),  # issue #14: 위험 모의실험
]
urlpatterns += area_urlpatterns
