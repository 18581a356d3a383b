"""django-axes hooks: whose failures count together, from which address, and the Korean page a
locked-out person sees.

Failures of both login steps (password, then the second factor's code) are counted against one
key per account: the username, lower-cased, with an e-mail address resolved to its account, so
that typing the e-mail or the username (as applicants and staff may) does not double the
attempts an attacker gets.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from . import access_log


def axes_username(request, credentials: dict | None) -> str:
    source = credentials if credentials else getattr(request, "POST", {})
    typed = unicodedata.normalize("NFKC", str(source.get("username") or "")).strip()
    if "@" in typed:
        from .models import User

        user = User.objects.filter(email__iexact=typed).only("username").first()
        if user is not None:
            typed = user.username
    return typed.lower()


def client_ip(request) -> str:
    """The address axes counts: the access log's reading of the trusted proxy chain; axes
    needs a string, so an unreadable address counts as 0.0.0.0."""
    return access_log.client_ip(request) or "0.0.0.0"  # nosec B104  # a placeholder address for axes, nothing is bound


def retry_time(username: str) -> timezone.datetime | None:
    """When the account's lock lifts: the last counted failure plus the cool-off."""
    cool_off: timedelta | None = get_cool_off()
    latest = (
        AccessAttempt.objects.filter(username=username)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if cool_off is None or latest is None:
        return None
    return latest + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """잠금 안내 (HTTP 429), for the login form and the second-factor step alike."""
    username = get_client_username(request, credentials) or ""
    retry_at = retry_time(username)
    minutes = int(get_cool_off().total_seconds() // 60)
    return render(
        request,
        "accounts/lockout.html",
        {
            "retry_at": timezone.localtime(retry_at) if retry_at else None,
            "cooloff_minutes": minutes,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )
