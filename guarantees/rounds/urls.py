from django.urls import path

from . import views

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/minutes/", views.round_minutes, name="round_minutes"),
]
