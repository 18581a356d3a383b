from django.urls import path

from . import catalogue as views

# The catalogue keeps its URL names (programs:catalogue, programs:detail) and its path
# (/programs/): it lists programmes, but it is where an application starts, so it lives here.
app_name = "programs"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/history/", views.program_history, name="history"),
]
