"""Demo staff log in with a second factor whose code `manage.py demo_otp` prints (DEBUG only)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from demo.accounts import DEMO_PASSWORD, seed_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(organisation, programs):  # programmes: the demo bank officers' banks
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


def test_with_less_than_ten_seconds_left_it_prints_the_next_code(demo_users, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.management.commands.demo_otp import code_to_print

    device = TOTPDevice.objects.get(user__username="reviewer")
    step_start = 1_800_000_000 - 1_800_000_000 % device.step

    def code_at(moment):
        clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        clock.time = moment
        return clock.token()

    assert code_to_print(device, step_start + 5) == (code_at(step_start), device.step - 5)
    late = step_start + device.step - 4  # 4 s left: the next step's code, valid 4 + 30 s
    assert code_to_print(device, late) == (code_at(late + device.step), 4 + device.step)
    assert code_at(late + device.step) != code_at(late)


def test_the_next_code_is_accepted_at_once(client, demo_users, settings, monkeypatch):
    import time as time_module

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.management.commands.demo_otp import code_to_print

    settings.DEBUG = True
    device = TOTPDevice.objects.get(user__username="reviewer")
    now = time_module.time()
    late = now - (now - device.t0) % device.step + device.step - 3  # 3 s before a step ends
    monkeypatch.setattr(time_module, "time", lambda: late)
    code, _ = code_to_print(device, late)
    client.post("/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD})
    response = client.post("/accounts/2fa/verify/", {"otp_token": f"{code:06d}"}, follow=True)
    assert response.request["PATH_INFO"] == "/guarantees/staff/queue/"
