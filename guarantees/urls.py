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
area_urlpatterns: list = []  # e.g. path("apply/", include("guarantees.applicant.urls"))
area_urlpatterns.append(path("", include("guarantees.book.urls")))  # book (issue #5)
area_urlpatterns.append(  # 디딤돌센터 consultations (issue #6)
    path("staff/consultations/", include("guarantees.consultations.urls"))
)
urlpatterns += area_urlpatterns
