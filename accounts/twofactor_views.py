"""The second login step for staff: enrol an authenticator app, give a code, manage backup
codes. Failures count toward the same django-axes lockout as wrong passwords."""

from __future__ import annotations

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from common.foundation import foundation

from . import twofactor
from .lockout import axes_username, lockout_response
from .models import STAFF_ROLES
from .permissions import role_required


class OTPTokenForm(forms.Form):
    otp_token = forms.CharField(
        label="인증 코드",
        max_length=32,
        help_text="인증 앱에 표시된 6자리 숫자, 또는 휴대폰을 잃어버렸다면 8자리 백업 코드",
        error_messages={"required": "인증 코드를 입력해 주세요."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "krds-input",
                "spellcheck": "false",
            }
        ),
    )


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:home")


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def _count_failure(request, user):
    """Record a failed code as a failed login (django-axes); True when that locked the
    account, in which case the half-signed-in session is ended."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False


def _verified(request, user, device):
    """The second factor is passed: a privilege step, so the session gets a new key (as the
    password step did in django.contrib.auth.login) — a key planted or read before the code
    was typed is worth nothing after it."""
    request.session.cycle_key()
    django_otp.login(request, device)
    axes_reset(username=axes_username(None, _credentials(user)))


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """2단계 인증: the code from the authenticator app, or a backup code (field `otp_token`)."""
    user = request.user
    if not twofactor.needs_second_factor(user) or user.is_verified():
        return redirect(safe_next(request))
    if twofactor.totp_device(user) is None:
        return redirect(_url("accounts:otp_setup", request))
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, _credentials(user)):
            logout(request)
            return lockout_response(request, None, _credentials(user))
        if form.is_valid():
            device, failure = twofactor.verify_code(user, form.cleaned_data["otp_token"])
            if device is not None:
                _verified(request, user, device)
                if isinstance(device, StaticDevice):
                    left = twofactor.backup_codes_remaining(user)
                    messages.warning(
                        request,
                        f"백업 코드로 로그인했습니다. 남은 백업 코드는 {left}개입니다. "
                        "휴대폰을 찾지 못했다면 시스템 관리자에게 인증 앱 초기화를 요청해 주세요.",
                    )
                return redirect(safe_next(request))
            if _count_failure(request, user):
                return lockout_response(request, None, _credentials(user))
            form.add_error("otp_token", twofactor.FAILURE_MESSAGES[failure])
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request):
    """인증 앱 등록: scan the QR code (or type the secret), confirm with the first code, then
    keep the backup codes, shown once."""
    user = request.user
    if not twofactor.needs_second_factor(user) or user.is_verified():
        return redirect(safe_next(request))
    if twofactor.totp_device(user) is not None:
        return redirect(_url("accounts:otp_verify", request))
    device = twofactor.totp_device_pending(user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, _credentials(user)):
            logout(request)
            return lockout_response(request, None, _credentials(user))
        if form.is_valid():
            codes = twofactor.totp_enrol_confirm(user, device, form.cleaned_data["otp_token"])
            if codes is not None:
                device.refresh_from_db()
                _verified(request, user, device)
                return render(
                    request,
                    "accounts/otp_backup_codes.html",
                    {"codes": codes, "next": safe_next(request), "first_time": True},
                )
            if _count_failure(request, user):
                return lockout_response(request, None, _credentials(user))
            form.add_error(
                "otp_token",
                f"인증 코드가 맞지 않습니다. 인증 앱에 방금 추가한 ‘{foundation().issuer}’ "
                "항목의 6자리 숫자를 입력해 주세요. 휴대폰 시각이 맞는지도 확인해 주세요.",
            )
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_for_manual_entry(device),
            "next": safe_next(request),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF_ROLES)
def otp_backup_codes(request):
    """백업 코드: how many are left; POST replaces them all with new ones, shown once."""
    if request.method == "POST":
        codes = twofactor.backup_codes_regenerate(request.user)
        return render(
            request,
            "accounts/otp_backup_codes.html",
            {"codes": codes, "next": _url("accounts:home"), "first_time": False},
        )
    return render(
        request,
        "accounts/otp_backup_status.html",
        {"remaining": twofactor.backup_codes_remaining(request.user)},
    )


def _url(name: str, request=None) -> str:
    """The URL of `name`, carrying the request's query string (its `next`) when there is one."""
    url = reverse(name)
    if request is not None and request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    return url
