from django.urls import path

from . import views

urlpatterns = [
    path("", views.contributor_home, name="contributor_home"),
    path("<str:code>/pledge.csv", views.contributor_pledge_csv, name="contributor_pledge_csv"),
    path("<str:code>/pledge.xlsx", views.contributor_pledge_xlsx, name="contributor_pledge_xlsx"),
]
