from django.urls import path

from . import views

urlpatterns = [
    path("", views.stress_home, name="stress_home"),
    path("ask/", views.stress_ask, name="stress_ask"),
    path("runs/<int:run_id>/", views.stress_run_detail, name="stress_run"),
]
