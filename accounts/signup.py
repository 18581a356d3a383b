"""Applicant sign-up and email verification (login lockout is django-axes: accounts.lockout).

- Sign-up: name, email, mobile, password (Django's validators), privacy consent. The answer is
  the same whether or not the address already has an account ("메일을 확인해 주세요"): a new
  address gets the verification link, an existing one a mail pointing to login and
  비밀번호 찾기 (accounts.password_reset). The applicant then signs in; submitting an
  application needs a verified email.
- Verification: a signed, time-limited link (django.core.signing, no table) sent through
  Django's email backend (console in development, SMTP settings in production).
- Resending the verification mail is limited to once a minute per account (cache).
"""

from __future__ import annotations

import logging
import re
import unicodedata

from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from common.foundation import foundation, sender
from common.korean import with_particle
from common.pii import reject_rrn

from .models import User
from .permissions import post_only
from .services import applicant_signup, email_verify

logger = logging.getLogger(__name__)
VERIFY_SALT = "accounts.email-verification"
VERIFY_MAX_AGE = 60 * 60 * 48

_MOBILE = re.compile(r"^01[016789]\d{7,8}$")


class SignupForm(forms.Form):
    name = forms.CharField(label="이름", max_length=50)
    email = forms.EmailField(
        label="이메일", help_text="로그인 아이디로 쓰고, 인증 메일을 보냅니다."
    )
    mobile = forms.CharField(
        label="휴대전화 번호",
        max_length=20,
        help_text="예: 010-1234-5678",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password1 = forms.CharField(
        label="비밀번호",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="8자 이상, 숫자로만 이루어지지 않게 만들어 주세요.",
    )
    password2 = forms.CharField(
        label="비밀번호 확인",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    agree_privacy = forms.BooleanField(
        label="(필수) 개인정보 수집·이용에 동의합니다. 수집 항목: 이름, 이메일, 휴대전화 번호. "
        "주민등록번호는 수집하지 않습니다.",
        error_messages={"required": "개인정보 수집·이용에 동의해야 가입할 수 있습니다."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "krds-input")

    def clean_name(self):
        name = unicodedata.normalize("NFC", self.cleaned_data["name"]).strip()
        reject_rrn(name)
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        reject_rrn(email)
        # Whether the address already has an account is not said here (the view answers the
        # same either way and tells the owner of the address by mail).
        return email

    def clean_mobile(self):
        text = unicodedata.normalize("NFKC", self.cleaned_data["mobile"])
        digits = re.sub(r"[\s\-.()]", "", text)
        if not _MOBILE.match(digits):
            raise ValidationError("휴대전화 번호를 확인해 주세요. 예: 010-1234-5678")
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2", "비밀번호가 서로 다릅니다. 같은 비밀번호를 두 번 입력해 주세요."
            )
        elif p1:
            probe = User(username=cleaned.get("email", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


def _verification_link(request, user: User) -> str:
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)
    return request.build_absolute_uri(reverse("accounts:verify_email", args=[token]))


def send_verification_email(request, user: User) -> None:
    link = _verification_link(request, user)
    send_mail(
        f"[{foundation().name}] 이메일 인증을 완료해 주세요",
        f"{user} 님, 보증 포털 가입을 환영합니다.\n\n"
        f"아래 링크를 눌러 이메일 인증을 마쳐 주세요(48시간 동안 유효).\n{link}\n\n"
        "본인이 가입하지 않았다면 이 메일을 무시하세요.",
        sender(),
        [user.email],
    )


@require_http_methods(["GET", "POST"])
def signup(request):
    """회원가입 (applicants)."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the address has an account (probe row 9): no form
        # error, no sign-in; the owner of an existing address gets a mail instead.
        data = form.cleaned_data
        existing = User.objects.filter(email__iexact=data["email"]).first()
        try:
            if existing is not None:
                make_password(data["password1"])  # as long as a new account takes to hash
                send_already_registered_email(request, existing)
            else:
                user = applicant_signup(
                    email=data["email"],
                    password=data["password1"],
                    mobile=data["mobile"],
                    name=data["name"],
                )
                send_verification_email(request, user)
        except Exception:  # the account stands; after login the page offers "인증 메일 다시 받기"
            logger.exception("sign-up mail failed")
        return redirect("accounts:signup_sent")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


def send_already_registered_email(request, user: User) -> None:
    login_url = request.build_absolute_uri(reverse("accounts:login"))
    reset_url = request.build_absolute_uri(reverse("accounts:password_reset"))
    send_mail(
        f"[{foundation().name}] 이미 가입한 이메일입니다",
        "이 주소로 보증 포털 회원가입을 요청받았지만, 이미 가입한 주소입니다.\n\n"
        f"로그인: {login_url}\n비밀번호를 잊었다면: {reset_url}\n\n"
        "본인이 요청하지 않았다면 이 메일을 무시하세요.",
        sender(),
        [user.email],
    )


@require_GET
def verify_email(request, token: str):
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        return render(
            request,
            "accounts/signup_verify.html",
            {
                "ok": False,
                "reason": "인증 링크의 유효기간(48시간)이 지났습니다. 로그인한 뒤 인증 메일을 다시 받아 주세요.",
            },
            status=400,
        )
    except signing.BadSignature:
        return render(
            request,
            "accounts/signup_verify.html",
            {
                "ok": False,
                "reason": "인증 링크가 올바르지 않습니다. 메일의 링크를 그대로 눌러 주세요.",
            },
            status=400,
        )
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        return render(
            request,
            "accounts/signup_verify.html",
            {"ok": False, "reason": "인증할 계정을 찾을 수 없습니다."},
            status=400,
        )
    email_verify(user)
    return render(request, "accounts/signup_verify.html", {"ok": True})


@login_required
@post_only()
def resend_verification(request):
    key = f"verify-resend:{request.user.pk}"
    if request.user.email_verified_at:
        messages.info(request, "이미 이메일 인증을 마쳤습니다.")
    elif cache.get(key):
        messages.warning(
            request, "인증 메일은 1분에 한 번 보낼 수 있습니다. 잠시 뒤에 다시 시도해 주세요."
        )
    else:
        cache.set(key, 1, 60)
        send_verification_email(request, request.user)
        messages.success(
            request, f"{with_particle(request.user.email, '으로')} 인증 메일을 다시 보냈습니다."
        )
    return redirect("accounts:home")
