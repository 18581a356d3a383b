from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/snapshot/", views.snapshot_now, name="snapshot_now"),
    path("dashboard/loss-close/", views.loss_close, name="loss_close"),
    path("thresholds/history/", views.threshold_history, name="threshold_history"),
]
