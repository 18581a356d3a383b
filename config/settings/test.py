"""The test suite: real PostgreSQL and Redis (URLs from the environment, see tests/README)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # nosec B105  # the test suite's key, never used in production
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed: tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Worker processes a test starts may be given their own directory (TEST_PRIVATE_MEDIA_ROOT).
PRIVATE_MEDIA_ROOT = Path(  # noqa: F405
    env("TEST_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-private"))  # noqa: F405
)
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
