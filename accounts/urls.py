from django.urls import path

from . import access_log_views, password_reset, signup, twofactor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("2fa/verify/", twofactor_views.otp_verify, name="otp_verify"),
    path("2fa/setup/", twofactor_views.otp_setup, name="otp_setup"),
    path("2fa/backup-codes/", twofactor_views.otp_backup_codes, name="otp_backup_codes"),
    path("signup/", signup.signup, name="signup"),
    path("verify-email/<str:token>/", signup.verify_email, name="verify_email"),
    path("verify-email-resend/", signup.resend_verification, name="resend_verification"),
    path("signup/sent/", signup.signup_sent, name="signup_sent"),
    # 비밀번호 찾기 (applicants): accounts.password_reset
    path("password-reset/", password_reset.RequestView.as_view(), name="password_reset"),
    path("password-reset/sent/", password_reset.DoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset.ConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        password_reset.CompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("home/", views.home, name="home"),
    path("no-role/", views.no_role, name="no_role"),
    # 감사실: the personal-data access log (issue 8).
    path("access-log/", access_log_views.access_log, name="access_log"),
    path("access-log.csv", access_log_views.access_log_csv, name="access_log_csv"),
    path("access-log.xlsx", access_log_views.access_log_xlsx, name="access_log_xlsx"),
]
