from django.urls import path

from . import views

app_name = "bank_desk"

urlpatterns = [
    path("", views.guarantee_list, name="guarantees"),
    path("guarantees/<str:guarantee_no>/", views.guarantee_detail, name="guarantee"),
    path(
        "guarantees/<str:guarantee_no>/loan-execution/",
        views.loan_execution,
        name="loan_execution",
    ),
    path("monthly-reports/", views.monthly_upload, name="monthly_upload"),
]
