from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/snapshot/", views.snapshot_now, name="snapshot_now"),
]
