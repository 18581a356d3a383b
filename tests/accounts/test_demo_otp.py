"""Demo staff log in with a second factor whose code `manage.py demo_otp` prints (DEBUG only)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from demo.accounts import DEMO_PASSWORD, seed_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(organisation):
    return {user.username: user for user in seed_users(organisation)}


def demo_otp(username: str) -> str:
    out = io.StringIO()
    call_command("demo_otp", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_a_demo_reviewer_logs_in_with_the_printed_code(client, demo_users, settings):
    settings.DEBUG = True
    code = demo_otp("reviewer")
    assert len(code) == 6 and code.isdigit()
    response = client.post(
        "/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD}, follow=True
    )
    assert "2단계 인증" in response.content.decode()
    response = client.post("/accounts/2fa/verify/", {"otp_token": code}, follow=True)
    assert response.request["PATH_INFO"] == "/guarantees/staff/queue/"


def test_every_demo_staff_member_has_a_device_and_applicants_none(demo_users, settings):
    settings.DEBUG = True
    for username, user in demo_users.items():
        if user.is_staff_member:
            assert demo_otp(username).isdigit()
        else:
            with pytest.raises(CommandError, match="데모 인증 앱이 없습니다"):
                demo_otp(username)


def test_seeding_twice_keeps_the_same_key(demo_users, organisation, settings):
    settings.DEBUG = True
    before = demo_otp("manager")
    seed_users(organisation)
    assert demo_otp("manager") == before


def test_it_refuses_without_debug(demo_users, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=True"):
        demo_otp("reviewer")


def test_it_never_reads_a_real_persons_code(demo_users, make_user, settings):
    settings.DEBUG = True
    real = make_user("reviewer", "NAMDONG", username="kim.real")
    assert User.objects.filter(pk=real.pk).exists()
    with pytest.raises(CommandError):
        demo_otp("kim.real")
