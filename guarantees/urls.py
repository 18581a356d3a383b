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
area_urlpatterns: list = [  # e.g. path("apply/", include("guarantees.applicant.urls"))
    path("staff/consultations/", include("guarantees.consultations.urls")),
]
urlpatterns += area_urlpatterns
