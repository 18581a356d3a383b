from django.urls import path

from .. import overdue
from . import views

app_name = "bank_desk"

urlpatterns = [
    path("", views.guarantee_list, name="guarantees"),
    path("guarantees.xlsx", views.guarantee_list_xlsx, name="guarantees_xlsx"),
    path("guarantees/<str:guarantee_no>/", views.guarantee_detail, name="guarantee"),
    path(
        "guarantees/<str:guarantee_no>/loan-execution/",
        views.loan_execution,
        name="loan_execution",
    ),
    path("guarantees/<str:guarantee_no>/repayment/", views.repayment, name="repayment"),
    path(
        "guarantees/<str:guarantee_no>/maturity-settlement/",
        views.maturity_settlement,
        name="maturity_settlement",
    ),
    path("guarantees/<str:guarantee_no>/default/", views.default, name="default"),
    path(
        "guarantees/<str:guarantee_no>/subrogation-claim/",
        views.subrogation_claim,
        name="subrogation_claim",
    ),
    path("subrogation-claims/", views.claim_list, name="claims"),
    path("monthly-reports/", views.monthly_upload, name="monthly_upload"),
    path(
        "monthly-reports/<int:report_id>/differences.xlsx",
        views.monthly_differences_xlsx,
        name="monthly_differences_xlsx",
    ),
    path("overdue/", overdue.desk_overdue_list, name="overdue"),  # 기한경과
    path("overdue/csv/", overdue.desk_overdue_csv, name="overdue_csv"),
    path("overdue/xlsx/", overdue.desk_overdue_xlsx, name="overdue_xlsx"),
]
