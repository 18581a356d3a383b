"""비밀번호 찾기 for applicants: an e-mailed link, single use, expiring, rate-limited, and the
same answer whether or not the address has an account.

- The link carries Django's password-reset token (django.contrib.auth.tokens): it is bound to
  the password hash and the last login, so it works once (setting the password voids it) and
  expires after PASSWORD_RESET_TIMEOUT seconds (1 hour, config/settings/base.py).
- Only applicants get a link: staff passwords are reset by the system administrator (staff
  also hold a second factor that a mailed link must not bypass).
- Whatever address is typed, the page answers "메일을 보냈습니다" (PasswordResetView's done
  page) — an unknown address, a staff address and a rate-limited address look the same.
- Limits (common.ratelimit): 5 requests per client address per hour (a Korean 429 page, which
  does not depend on the address typed) and 3 mails per address per hour (silently none more).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.shortcuts import render
from django.urls import reverse_lazy

from common.net import client_ip
from common.ratelimit import over_limit

from .models import Role

PER_CLIENT, PER_ADDRESS, WINDOW = 5, 3, 3600


class ApplicantPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="가입한 이메일",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "krds-input"}),
        error_messages={"invalid": "이메일 주소를 확인해 주세요. 예: minji@example.kr"},
    )

    def get_users(self, email):
        return [
            user
            for user in super().get_users(email)
            if user.has_role(Role.APPLICANT) and not user.is_staff_member
        ]

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        digest = hashlib.sha256(context["email"].strip().lower().encode()).hexdigest()[:32]
        if over_limit(f"password-reset-address:{digest}", limit=PER_ADDRESS, window=WINDOW):
            return
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class KoreanSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "새 비밀번호"
        self.fields["new_password2"].label = "새 비밀번호 확인"
        self.error_messages["password_mismatch"] = (  # nosec B105  # an error message, not a password
            "비밀번호가 서로 다릅니다. 같은 비밀번호를 두 번 입력해 주세요."
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "krds-input"


class RequestView(auth_views.PasswordResetView):
    form_class = ApplicantPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if over_limit(
            f"password-reset-client:{client_ip(request)}", limit=PER_CLIENT, window=WINDOW
        ):
            return render(request, "accounts/password_reset_limited.html", status=429)
        return super().post(request, *args, **kwargs)


class DoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ConfirmView(auth_views.PasswordResetConfirmView):
    form_class = KoreanSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False


class CompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
