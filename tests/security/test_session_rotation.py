"""Probe row 12: the session key is rotated at each privilege step — the password (Django's
login) and again when the second factor is passed; the old key opens nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.twofactor import totp_device
from tests.accounts.test_two_factor import PASSWORD, VERIFY, code_at

pytestmark = pytest.mark.django_db


def test_the_second_factor_rotates_the_session_key(reviewer):
    client = Client()
    client.get(reverse("accounts:login"))
    client.post(reverse("accounts:login"), {"username": reviewer.username, "password": PASSWORD})
    after_password = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(VERIFY, {"otp_token": code_at(totp_device(reviewer))})
    assert response.status_code == 302
    after_code = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after_code != after_password
    assert client.get(reverse("guarantees:branch_queue")).status_code == 200
    # someone holding the key of the password-only session gets no staff page with it
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = after_password
    stolen = thief.get(reverse("guarantees:branch_queue"))
    assert stolen.status_code == 302 and not stolen.url.startswith(VERIFY)
