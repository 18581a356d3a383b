"""Refuse to start without the staff second-factor gate (it must not be forgettable)."""

from django.conf import settings
from django.core.checks import Error, register

GATE = "accounts.middleware.StaffTwoFactorMiddleware"
OTP = "django_otp.middleware.OTPMiddleware"


@register()
def staff_two_factor_gate_installed(app_configs, **kwargs):
    middleware = list(settings.MIDDLEWARE)
    if GATE not in middleware or OTP not in middleware:
        return [Error(f"{GATE} and {OTP} must both be in MIDDLEWARE.", id="accounts.E001")]
    if middleware.index(OTP) > middleware.index(GATE):
        return [Error(f"{OTP} must come before {GATE}.", id="accounts.E002")]
    return []
