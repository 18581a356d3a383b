"""Lockout after repeated failures (django-axes), for the password and the code alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from accounts.lockout import client_ip
from accounts.twofactor import totp_device
from tests.accounts.test_two_factor import VERIFY, code_at, never_valid_code, password_login

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def fail_password(client, username, times):
    return [client.post(LOGIN, {"username": username, "password": "wrong"}) for _ in range(times)]


def cool_off_passes():
    """Move every recorded failure back past the cool-off, as 15 minutes of waiting would."""
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.values("attempt_time").first()["attempt_time"]
        - timedelta(minutes=16)
    )


def test_five_wrong_passwords_lock_the_account_with_a_korean_page(client, applicant, settings):
    responses = fail_password(client, applicant.email, 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "비밀번호가 올바르지 않습니다" in responses[0].content.decode()
    page = responses[-1].content.decode()
    assert "로그인이 잠시 잠겼습니다" in page and "15분 동안" in page
    assert "이후에 다시 시도해 주세요" in page  # names the time the lock lifts
    # The right password is refused too while the lock holds.
    locked = client.post(LOGIN, {"username": applicant.email, "password": "pw-for-tests-1"})
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cool_off(client, applicant):
    fail_password(client, applicant.email, 5)
    cool_off_passes()
    response = client.post(LOGIN, {"username": applicant.email, "password": "pw-for-tests-1"})
    assert response.status_code == 302 and response.url == reverse("accounts:home")


def test_email_and_username_count_as_one_account(client, applicant):
    """Typing the e-mail or the username does not give twice the attempts."""
    fail_password(client, applicant.email, 3)
    responses = fail_password(client, applicant.username.upper(), 2)
    assert responses[-1].status_code == 429


def test_a_good_login_clears_an_applicants_failures(client, applicant):
    fail_password(client, applicant.email, 4)
    ok = client.post(LOGIN, {"username": applicant.email, "password": "pw-for-tests-1"})
    assert ok.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_five_wrong_codes_lock_the_account_and_end_the_session(client, reviewer):
    device = totp_device(reviewer)
    password_login(client, reviewer)
    wrong = never_valid_code(device)
    statuses = [client.post(VERIFY, {"otp_token": wrong}).status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    assert "_auth_user_id" not in client.session  # the half-signed-in session is gone
    # Neither the password nor a right code gets in until the cool-off passes.
    assert password_login(client, reviewer).status_code == 429
    cool_off_passes()
    password_login(client, reviewer)
    assert client.post(VERIFY, {"otp_token": code_at(device)}).status_code == 302


def test_a_known_password_does_not_buy_fresh_code_guesses(client, reviewer):
    """Password success does not clear the count: only a right code does. Otherwise an
    attacker with the password would get 4 guesses per login, forever."""
    device = totp_device(reviewer)
    wrong = never_valid_code(device)
    for _ in range(2):
        password_login(client, reviewer)
        client.post(VERIFY, {"otp_token": wrong})
        client.post(VERIFY, {"otp_token": wrong})
        client.post(reverse("accounts:logout"))
    password_login(client, reviewer)
    assert client.post(VERIFY, {"otp_token": wrong}).status_code == 429


def test_wrong_passwords_and_wrong_codes_add_up(client, reviewer):
    fail_password(client, reviewer.username, 3)
    password_login(client, reviewer)
    wrong = never_valid_code(totp_device(reviewer))
    assert client.post(VERIFY, {"otp_token": wrong}).status_code == 400
    assert client.post(VERIFY, {"otp_token": wrong}).status_code == 429


def test_a_right_code_clears_the_count(client, reviewer):
    fail_password(client, reviewer.username, 4)
    password_login(client, reviewer)
    assert client.post(VERIFY, {"otp_token": code_at(totp_device(reviewer))}).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_another_account_is_not_locked_by_someone_elses_failures(client, applicant, reviewer):
    fail_password(client, applicant.email, 5)
    assert password_login(client, reviewer).status_code == 302


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # no proxy: the header is a lie
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # client-written part ignored
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    settings, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_failures_record_the_address_behind_the_proxy(client, applicant, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        LOGIN,
        {"username": applicant.email, "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "198.51.100.23"
    assert attempt.username == applicant.username.lower()
