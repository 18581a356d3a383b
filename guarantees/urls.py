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
    path("contributor/", include("guarantees.contributors.urls")),  # issue #13
    path("contributor/rounds/", include("guarantees.rounds.urls")),  # issue #13 part 4: 공고·심의
]
urlpatterns += area_urlpatterns
