"""Probe row 9: applicants can reset a forgotten password (e-mailed link, single use, expiring,
rate-limited, the same answer whether or not the address exists); sign-up does not reveal
which addresses have accounts."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db
RESET = "/accounts/password-reset/"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _link() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def _ask(client, email, **extra):
    return client.post(RESET, {"email": email}, **extra)


def test_the_login_page_offers_the_reset(client, organisation):
    assert RESET in client.get(reverse("accounts:login")).content.decode()


def test_a_link_resets_the_password_once(client, applicant):
    response = _ask(client, applicant.email)
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [applicant.email]
    link = _link()
    form = client.get(link, follow=True)
    assert "새 비밀번호 정하기" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "bada-byeol-88", "new_password2": "bada-byeol-88"},
    )
    assert done.status_code == 302
    applicant.refresh_from_db()
    assert applicant.check_password("bada-byeol-88")
    again = client.get(link, follow=True).content.decode()
    assert "이미 썼거나 유효기간" in again  # single use


def test_a_link_expires_after_an_hour(client, applicant, settings, monkeypatch):
    import datetime as dt

    from django.contrib.auth.tokens import default_token_generator

    _ask(client, applicant.email)
    link = _link()
    now = default_token_generator._now()
    monkeypatch.setattr(default_token_generator, "_now", lambda: now + dt.timedelta(seconds=3601))
    assert "이미 썼거나 유효기간" in client.get(link, follow=True).content.decode()


def test_the_answer_is_the_same_whether_or_not_the_address_exists(client, applicant, reviewer):
    answers = [
        _ask(client, email) for email in (applicant.email, "nobody@example.kr", reviewer.email)
    ]
    assert {(r.status_code, r.url) for r in answers} == {(302, "/accounts/password-reset/sent/")}
    assert [m.to for m in mail.outbox] == [[applicant.email]]  # staff: the administrator resets


def test_requests_are_rate_limited(client, applicant):
    for _ in range(3):
        _ask(client, applicant.email, REMOTE_ADDR="203.0.113.5")
    assert len(mail.outbox) == 3
    _ask(client, applicant.email, REMOTE_ADDR="198.51.100.6")  # 4th mail to one address: none
    assert len(mail.outbox) == 3
    for _ in range(2):
        _ask(client, "x@example.kr", REMOTE_ADDR="203.0.113.5")
    limited = _ask(client, "y@example.kr", REMOTE_ADDR="203.0.113.5")  # 6th from one client
    assert limited.status_code == 429 and "요청이 너무 많습니다" in limited.content.decode()


def test_sign_up_does_not_reveal_an_existing_account(client, applicant):
    data = {
        "name": "김민지",
        "mobile": "010-1234-5678",
        "password1": "gureum-dal-77",
        "password2": "gureum-dal-77",
        "agree_privacy": "on",
    }
    taken = client.post(reverse("accounts:signup"), {**data, "email": applicant.email})
    fresh = client.post(reverse("accounts:signup"), {**data, "email": "new@example.kr"})
    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url)
    assert taken.url == reverse("accounts:signup_sent")
    page = client.get(taken.url).content.decode()
    assert "이미 가입한 이메일" not in page
    assert User.objects.filter(email__iexact=applicant.email).count() == 1
    to_owner = next(m for m in mail.outbox if m.to == [applicant.email])
    assert "이미 가입한 주소" in to_owner.body and RESET in to_owner.body
