from django.urls import path

from . import claim_views, views

urlpatterns = [
    path("", views.contributor_home, name="contributor_home"),
    path("claims/", claim_views.contributor_claims, name="contributor_claims"),
    path("claims/<int:claim_id>/", claim_views.contributor_claim, name="contributor_claim"),
    path(
        "claims/<int:claim_id>/pay/",
        claim_views.contributor_claim_pay,
        name="contributor_claim_pay",
    ),
    path("<str:code>/pledge.csv", views.contributor_pledge_csv, name="contributor_pledge_csv"),
    path("<str:code>/pledge.xlsx", views.contributor_pledge_xlsx, name="contributor_pledge_xlsx"),
]
