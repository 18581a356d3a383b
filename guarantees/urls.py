from django.urls import include, path

from . import views

app_name = "guarantees"

urlpatterns = [
    path("my/", views.my_applications, name="my_applications"),
    path("staff/queue/", views.branch_queue, name="branch_queue"),
    path("staff/hq/", views.hq_queue, name="hq_queue"),
    path("staff/audit/", views.audit_queue, name="audit_queue"),
    path("staff/consultations/", views.consultations, name="consultations"),
]

# Each area adds its own urls module here (applicant journey, staff review, book, …):
area_urlpatterns: list = [
    path("apply/", include("guarantees.applicant.urls")),  # issue #3
    path("staff/review/", include("guarantees.review.urls")),  # issue #4
    path("", include("guarantees.book.urls")),  # issue #5 (book/…)
    path("staff/consultations/", include("guarantees.consultations.urls")),  # issue #6
    path("bank/", include("guarantees.bank.desk.urls")),  # issue #12: 은행 담당자 데스크
    path("book/", include("guarantees.bank.staff.urls")),  # issue #12: 재단 직원의 결정 대기
    path("contributor/", include("guarantees.contributors.urls")),  # issue #13
    path("staff/risk/", include("guarantees.risk.urls")),  # issue #14: 위험 모의실험
]
urlpatterns += area_urlpatterns
