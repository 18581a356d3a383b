from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:code>/", views.detail, name="detail"),
]
