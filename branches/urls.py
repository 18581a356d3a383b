from django.urls import path

from . import views

app_name = "branches"

urlpatterns = [
    path("organisation/", views.organisation, name="organisation"),
]
