from django.urls import path

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
]
