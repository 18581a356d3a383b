from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.consultation_new, name="consultation_new"),
]
