"""Staff workflow URLs (issue #4), included under /guarantees/staff/review/.

Every pattern here must appear in tests/guarantees/review/test_isolation.py's table: the test
walks this module and fails on a URL it does not know.
"""

from django.urls import path

from . import history_pages, views

app_name = "review"

urlpatterns = [
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/history/", views.application_history, name="history"),
    path(
        "applications/<int:pk>/business-history/",
        history_pages.business_history,
        name="business_history",
    ),
    path("applications/<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("applications/<int:pk>/verify/", views.verify_documents, name="verify"),
    path("applications/<int:pk>/credit/", views.record_credit_report, name="credit"),
    path(
        "applications/<int:pk>/credit/<int:report_id>/",
        views.credit_report_file,
        name="credit_report",
    ),
    path("applications/<int:pk>/survey/decide/", views.decide_survey, name="survey_decide"),
    path("applications/<int:pk>/survey/skip/", views.skip_survey, name="survey_skip"),
    path("applications/<int:pk>/supplement/", views.request_supplement, name="supplement"),
    path("applications/<int:pk>/survey/start/", views.start_survey, name="survey_start"),
    path("applications/<int:pk>/survey/", views.record_survey, name="survey"),
    path(
        "applications/<int:pk>/survey/appointment/",
        views.reschedule_survey,
        name="survey_reschedule",
    ),
    path("applications/<int:pk>/screening/", views.screen, name="screen"),
    path("applications/<int:pk>/send/", views.send_for_approval, name="send"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
    path("applications/<int:pk>/refer-back/", views.refer_back, name="refer_back"),
    path("applications/<int:pk>/committee/", views.record_committee, name="committee"),
    path("applications/<int:pk>/pre-audit/", views.pre_audit, name="pre_audit"),
    path("applications/<int:pk>/issue/", views.issue, name="issue"),
    path("audit/monitoring/", views.monitoring, name="monitoring"),
    path("audit/monitoring.csv", views.monitoring_csv, name="monitoring_csv"),
    path("audit/monitoring.xlsx", views.monitoring_xlsx, name="monitoring_xlsx"),
]
