from django.urls import path

from . import views

app_name = "bank_staff"

urlpatterns = [
    path("decisions/", views.decisions, name="decisions"),
    path("decisions.xlsx", views.decisions_xlsx, name="decisions_xlsx"),
    path("bank-claims/<int:claim_id>/review/", views.claim_review, name="claim_review"),
    path("bank-claims/<int:claim_id>/decide/", views.claim_decide, name="claim_decide"),
    path("bank-claims/<int:claim_id>/reject/", views.claim_reject, name="claim_reject"),
    path(
        "differences/<int:difference_id>/resolve/",
        views.difference_resolve,
        name="difference_resolve",
    ),
]
