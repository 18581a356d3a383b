from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("council/", views.council, name="council"),
    path("council/request/", views.council_request, name="council_request"),
    path("council/runs/<int:run_id>/", views.run_detail, name="run"),
    path("council/runs/<int:run_id>/download/", views.run_download, name="download"),
    path("council/<int:year>/tables.xlsx", views.tables_xlsx, name="tables_xlsx"),
    path("pledges/", views.pledges, name="pledges"),
    path("pledges.xlsx", views.pledges_xlsx, name="pledges_xlsx"),
    path("registers/", views.registers, name="registers"),
    path("registers.xlsx", views.registers_xlsx, name="registers_xlsx"),
    path("registers/findings/<int:finding_id>/", views.finding_edit, name="finding_edit"),
    path("registers/<slug:kind>/new/", views.register_edit, name="register_add"),
    path("registers/<slug:kind>/<int:pk>/", views.register_edit, name="register_edit"),
    path("registers/<slug:kind>/history/", views.register_history, name="register_kind_history"),
    path(
        "registers/<slug:kind>/<int:pk>/history/", views.register_history, name="register_history"
    ),
]
