from django.urls import path

from . import views

app_name = "applicant"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("start/<slug:code>/", views.start, name="start"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/done/", views.done, name="done"),
    path("<int:pk>/", views.status, name="status"),
    path("<int:pk>/supplement/", views.answer_supplement, name="answer_supplement"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("verify/", views.verify_certificate, name="verify"),
]
