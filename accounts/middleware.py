"""Two gates every request passes, whatever view it reaches (so no view can forget them):

- SessionExpiryMiddleware ends a signed-in session that sat idle too long or is older than its
  absolute limit (staff: STAFF_SESSION_*; applicants: APPLICANT_SESSION_*).
- StaffTwoFactorMiddleware sends a staff member whose session is not verified by a second
  factor to the code page (or to enrolment when they have no device yet): no staff page, no
  staff data and no public page either, until the code is given. accounts.checks refuses to
  start without it.
"""

from __future__ import annotations

import time
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from .twofactor import needs_second_factor, totp_device

STARTED_KEY = "session_started_at"
LAST_SEEN_KEY = "session_last_seen_at"
# last-seen is rewritten at most this often, so that a page's htmx requests do not each save
# the session; the idle limit is therefore exact to this many seconds.
LAST_SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _stamp_session_start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED_KEY] = now
        request.session[LAST_SEEN_KEY] = now


def _redirect(request, url: str):
    """A plain redirect, or for htmx a client-side one (htmx would swap the target page into
    the fragment it asked for)."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _return_to(request) -> str:
    """Where to come back to: the page asked for when it was a GET, else the role's home."""
    if request.method == "GET" and request.headers.get("HX-Request") != "true":
        return request.get_full_path()
    return reverse("accounts:home")


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            expired = self._touch(request, staff=user.is_staff_member)
            if expired:
                logout(request)
                messages.info(request, expired)
                query = urlencode({"next": _return_to(request)})
                return _redirect(request, f"{reverse('accounts:login')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _touch(request, *, staff: bool) -> str | None:
        """Record activity; return the Korean reason when the session has expired."""
        if staff:
            idle, maximum = settings.STAFF_SESSION_IDLE_SECONDS, settings.STAFF_SESSION_MAX_SECONDS
        else:
            idle = settings.APPLICANT_SESSION_IDLE_SECONDS
            maximum = settings.APPLICANT_SESSION_MAX_SECONDS
        session, now = request.session, int(time.time())
        started = session.setdefault(STARTED_KEY, now)
        last_seen = session.get(LAST_SEEN_KEY, now)
        if now - last_seen > idle:
            return (
                f"{idle // 60}분 동안 사용하지 않아 안전을 위해 로그아웃했습니다. "
                "다시 로그인해 주세요."
            )
        if now - started > maximum:
            return (
                f"로그인한 지 {maximum // 3600}시간이 지나 안전을 위해 로그아웃했습니다. "
                "다시 로그인해 주세요."
            )
        if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN_KEY not in session:
            session[LAST_SEEN_KEY] = now
        return None


@cache
def exempt_paths() -> frozenset[str]:
    """The pages an unverified staff session may open: the way through the second factor."""
    return frozenset(
        reverse(name)
        for name in (
            "accounts:login",
            "accounts:logout",
            "accounts:otp_verify",
            "accounts:otp_setup",
        )
    )


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            needs_second_factor(user)
            and not user.is_verified()
            and request.path_info not in exempt_paths()
        ):
            page = "accounts:otp_verify" if totp_device(user) else "accounts:otp_setup"
            query = urlencode({"next": _return_to(request)})
            return _redirect(request, f"{reverse(page)}?{query}")
        return self.get_response(request)
