"""Sign-up and email verification (login lockout: tests/accounts/test_lockout.py)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Role, User

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _data(**overrides):
    data = {
        "name": "김민지",
        "email": "Minji@Example.kr",
        "mobile": "０１０-１２３４-５６７８",
        "password1": "gureum-dal-77",
        "password2": "gureum-dal-77",
        "agree_privacy": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("headers", [{}, HX])
def test_signup_creates_an_applicant_and_sends_a_verification_link(client, organisation, headers):
    assert client.get(reverse("accounts:signup"), **headers).status_code == 200
    response = client.post(reverse("accounts:signup"), _data(), **headers)
    assert response.status_code == 302 and response.url == reverse("accounts:signup_sent")
    user = User.objects.get(email="minji@example.kr")
    assert user.has_role(Role.APPLICANT) and user.mobile == "010-1234-5678"
    assert user.email_verified_at is None
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page = client.get(link).content.decode()
    assert "이메일 인증을 마쳤습니다" in page
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_signup_errors_are_korean_and_keep_the_typing(client, organisation, applicant):
    response = client.post(
        reverse("accounts:signup"),
        _data(email=applicant.email, mobile="02-123", password2="different-77", agree_privacy=""),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "이미 가입한 이메일" not in page  # sign-up does not reveal accounts (tests/security)
    assert "휴대전화 번호를 확인해 주세요" in page
    assert "비밀번호가 서로 다릅니다" in page
    assert "개인정보 수집·이용에 동의해야" in page
    assert 'value="김민지"' in page


def test_a_tampered_verification_link_is_refused(client, organisation):
    response = client.get(reverse("accounts:verify_email", args=["not-a-token"]))
    assert response.status_code == 400 and "올바르지 않습니다" in response.content.decode()


def test_resend_verification_is_rate_limited(client, applicant):
    client.force_login(applicant)
    client.post(reverse("accounts:resend_verification"))
    client.post(reverse("accounts:resend_verification"))
    assert len(mail.outbox) == 1
