from django.urls import path

from . import access_log_views, signup, views

app_name = "accounts"

urlpatterns = [
    path("login/", signup.ThrottledLoginView.as_view(), name="login"),
    path("signup/", signup.signup, name="signup"),
    path("verify-email/<str:token>/", signup.verify_email, name="verify_email"),
    path("verify-email-resend/", signup.resend_verification, name="resend_verification"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("home/", views.home, name="home"),
    path("no-role/", views.no_role, name="no_role"),
    # 감사실: the personal-data access log (issue 8).
    path("access-log/", access_log_views.access_log, name="access_log"),
    path("access-log.csv", access_log_views.access_log_csv, name="access_log_csv"),
]
