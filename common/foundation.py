"""Who the foundation is, for every app: `foundation()` returns the installed profile
(common.models.FoundationProfile), or — before `manage.py foundation_setup` has run — an unsaved
one from the settings FOUNDATION_NAME / FOUNDATION_CODE / FOUNDATION_SIDO, so a fresh checkout
still works. One small query per call; the request-wide value is kept on the request by the
context processor."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings

from .models import FoundationProfile


def foundation() -> FoundationProfile:
    profile = FoundationProfile.objects.filter(pk=1).first()
    if profile is not None:
        return profile
    return FoundationProfile(
        name=getattr(settings, "FOUNDATION_NAME", "신용보증재단"),
        code=getattr(settings, "FOUNDATION_CODE", "CGF"),
        sido=getattr(settings, "FOUNDATION_SIDO", ""),
    )


def sender() -> str:
    """The From address of the foundation's e-mails: the profile's, or the settings' address
    under the foundation's name."""
    profile = foundation()
    if profile.email_sender:
        return profile.email_sender
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    # Django encodes the Korean display name when it sends (as for DEFAULT_FROM_EMAIL).
    return f"{profile.name} <{address or 'no-reply@localhost'}>"


def otp_issuer(device=None) -> str:
    """django-otp's OTP_TOTP_ISSUER (a callable): the name the authenticator app shows."""
    return foundation().issuer


def context(request) -> dict:
    """Template context processor: FOUNDATION (the profile) and FOUNDATION_NAME."""
    profile = foundation()
    return {"FOUNDATION": profile, "FOUNDATION_NAME": profile.name}
