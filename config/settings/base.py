"""Settings shared by every environment. Every value that differs between machines comes from
the environment (django-environ); the environment-specific modules only change defaults."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The address people reach the portal at: links in e-mails and text messages (common/site.py).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "config.apps.PortalAdminConfig",  # django.contrib.admin on an OTP-protected site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, under FORM_RENDERER = TemplatesSetting
    "django_htmx",
    "template_partials",
    "pgtrigger",
    "pghistory",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "ninja",  # the bank API's docs page from ninja's own static files, not a CDN
    "common",
    "jobs",
    "accounts",
    "branches",
    "programs",
    "guarantees",
    "ledger",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who changed a tracked record (common/history.py): the signed-in user, for every write.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After auth, messages and OTP: they read request.user.is_verified() and add messages.
    "accounts.middleware.SessionExpiryMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the Korean lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "common.foundation.context",
            ],
        },
    }
]

# Widgets render through the project's templates, so that templates/django/forms/ can word
# them for people (the empty choice of every select: "선택하세요").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# PostgreSQL everywhere: the ledger's guarantees live in triggers and guarded updates.
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/icgf")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or address
    "accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # 비밀번호 찾기 links: one hour (accounts.password_reset)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko-kr"
LANGUAGES = [("ko", _("한국어"))]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded applicant documents: outside the web root, served only through views that check
# ownership (never by the static-file server).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
# The default storage (FileFields such as the foundation's logo), never served as a directory:
# the logo goes out through /foundation/logo after common/logo.py has checked it.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

# Sessions: accounts.middleware.SessionExpiryMiddleware ends a session that sat idle or grew
# too old (staff stricter than applicants); the cookie's own age only bounds the absolute limit.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=10 * 60 * 60)
APPLICANT_SESSION_IDLE_SECONDS = env.int("APPLICANT_SESSION_IDLE_SECONDS", default=60 * 60)
APPLICANT_SESSION_MAX_SECONDS = env.int("APPLICANT_SESSION_MAX_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = max(STAFF_SESSION_MAX_SECONDS, APPLICANT_SESSION_MAX_SECONDS)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# htmx sends the token from <body hx-headers>; no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Staff two-factor authentication (django-otp): every role but the applicant must present a
# TOTP code (or a backup code) after the password; accounts.middleware enforces it everywhere.


def _otp_issuer(device) -> str:
    """django-otp calls this for the authenticator's label: the foundation profile's name."""
    from common.foundation import otp_issuer

    return otp_issuer(device)


OTP_TOTP_ISSUER = _otp_issuer
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key
# django-axes owns lockout for both steps (password and code); django-otp's own per-device
# exponential delay would answer a correct code with a refusal the staff cannot understand.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
BACKUP_CODE_COUNT = 10

# Lockout (django-axes): AXES_FAILURE_LIMIT failed passwords or codes for one account lock it
# for AXES_COOLOFF_TIME. Counted by account, not by address: the foundation's staff share one
# office address behind NAT and applicants on mobile networks share carrier-grade NAT
# addresses, so an address lock would let one person's typos (or one attacker) lock out
# everyone behind it. axes.W006 warns about exactly that choice; it is deliberate.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Reset by the views, not on password success: a staff member is through only after the code
# (accounts.views.LoginView, accounts.twofactor_views._verified).
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the page names a time that holds
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# How many reverse proxies put themselves into X-Forwarded-For in front of the portal (0: the
# peer address is the client). Only that many right-most entries are trusted, by the lockout
# and the personal-data access log alike (common.net.client_ip).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Content-Security-Policy (django-csp 4): scripts and styles from our own static files only —
# no inline script or style anywhere (htmx's indicator style is off, see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="인천신용보증재단 <no-reply@icgf.example>")

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a message nobody acknowledged after this long (a worker killed mid-task).
# It must exceed the longest hard time limit (CELERY_TASK_TIME_LIMIT), or a slow task would be
# handed to a second worker while the first still runs; the job rows make that harmless anyway.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    # A worker sweeps for such messages every interval × throttle seconds (kombu's defaults).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}

# Job rows (jobs/): a running job writes a heartbeat every JOBS_HEARTBEAT_SECONDS; the
# reconciler (beat, every minute) re-queues a running job whose heartbeat is older than
# JOBS_HEARTBEAT_STALE_SECONDS, or a queued one no worker took for JOBS_QUEUED_STALE_SECONDS,
# at most JOBS_MAX_ATTEMPTS times in all, then marks it failed.
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=10)
JOBS_HEARTBEAT_STALE_SECONDS = env.float("JOBS_HEARTBEAT_STALE_SECONDS", default=60)
JOBS_QUEUED_STALE_SECONDS = env.float("JOBS_QUEUED_STALE_SECONDS", default=300)
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
# Nightly jobs; django-celery-beat's DatabaseScheduler copies these into its tables.
CELERY_BEAT_SCHEDULE = {
    # 기한경과 (guarantees/bank/maturity.py): before the snapshot, so that it sees the closings.
    "guarantees-maturity-sweep-nightly": {
        "task": "guarantees.bank.maturity_sweep",
        "schedule": crontab(hour=0, minute=10),
    },
    "ledger-multiplier-snapshot-nightly": {
        "task": "ledger.multiplier_snapshot",
        "schedule": crontab(hour=0, minute=30),
    },
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}

# Fonts shipped with the app: the PDF must look the same on every machine.
PDF_FONT_DIR = BASE_DIR / "static" / "fonts"

# Foundation identity used on pages, certificates and tracking numbers.
FOUNDATION_NAME = env("FOUNDATION_NAME", default="인천신용보증재단")
FOUNDATION_CODE = env("FOUNDATION_CODE", default="ICGF")
# Only until `manage.py foundation_setup` has stored the profile (common.models.FoundationProfile).
FOUNDATION_SIDO = env("FOUNDATION_SIDO", default="인천광역시")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering stage at INFO: keep only its warnings.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
