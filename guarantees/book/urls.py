from django.urls import path

from ..contributors import claim_views
from . import views

urlpatterns = [
    path("book/", views.book_home, name="book_home"),
    path("book/g/<str:guarantee_no>/", views.guarantee_detail, name="book_guarantee"),
    path(
        "book/g/<str:guarantee_no>/events.xlsx",
        views.guarantee_events_xlsx,
        name="book_guarantee_events_xlsx",
    ),
    path("book/g/<str:guarantee_no>/request/", views.request_create, name="book_request"),
    path("book/requests/<int:request_id>/decide/", views.request_decide, name="book_decide"),
    path("book/claims/<int:claim_id>/grade/", views.claim_grade, name="book_claim_grade"),
    path("book/fees/<int:instalment_id>/pay/", views.fee_pay, name="book_fee_pay"),
    path("book/subsidy/", views.subsidy, name="book_subsidy"),
    # 이차보전 청구 (issue 13 part 3)
    path("book/subsidy/claims/", claim_views.claim_list, name="book_subsidy_claims"),
    path("book/subsidy/claims/new/", claim_views.claim_prepare, name="book_subsidy_claim_prepare"),
    path(
        "book/subsidy/claims/<int:claim_id>/",
        claim_views.claim_detail,
        name="book_subsidy_claim",
    ),
    path(
        "book/subsidy/claims/<int:claim_id>/decide/",
        claim_views.claim_decide,
        name="book_subsidy_claim_decide",
    ),
    path(
        "book/subsidy/claims/<int:claim_id>/pay/",
        claim_views.claim_pay,
        name="book_subsidy_claim_pay",
    ),
]
