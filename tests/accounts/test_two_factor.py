"""Staff second factor: enrolment, codes, backup codes, replay, resets and the admin."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor import totp_device

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"
VERIFY = "/accounts/2fa/verify/"
SETUP = "/accounts/2fa/setup/"


def code_at(device, steps_back: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() - steps_back * device.step
    return f"{totp.token():06d}"


def wait_for_fresh_step(device) -> None:
    """Sleep into a time step later than the last accepted one (codes are single-use)."""
    device.refresh_from_db()
    while (int(time.time()) // device.step) + device.drift <= device.last_t:
        time.sleep(0.5)


def never_valid_code(device) -> str:
    recent = {code_at(device, back) for back in range(-2, 25)}
    return next(f"{n:06d}" for n in range(123456, 999999) if f"{n:06d}" not in recent)


def password_login(client, user, follow=False):
    return client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": PASSWORD},
        follow=follow,
    )


def test_staff_password_login_leads_to_the_code_page_not_to_work(client, reviewer):
    response = password_login(client, reviewer)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert "next=%2Faccounts%2Fhome%2F" in response.url
    queue = client.get(reverse("guarantees:branch_queue"))
    assert queue.status_code == 302 and queue.url.startswith(VERIFY)


def test_an_applicant_needs_no_second_factor(client, applicant):
    response = client.post(
        reverse("accounts:login"), {"username": applicant.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("accounts:home")
    assert client.get(reverse("guarantees:my_applications")).status_code == 200


def test_the_right_code_opens_the_staff_pages(client, reviewer):
    device = totp_device(reviewer)
    password_login(client, reviewer)
    response = client.post(VERIFY, {"otp_token": code_at(device), "next": "/guarantees/"})
    assert response.status_code == 302 and response.url == "/guarantees/"
    assert client.get(reverse("guarantees:branch_queue")).status_code == 200


def test_a_foreign_next_is_not_followed(client, reviewer):
    password_login(client, reviewer)
    response = client.post(
        VERIFY, {"otp_token": code_at(totp_device(reviewer)), "next": "https://evil.example/"}
    )
    assert response.url == reverse("accounts:home")


def test_a_wrong_code_is_refused_in_korean(client, reviewer):
    password_login(client, reviewer)
    response = client.post(VERIFY, {"otp_token": never_valid_code(totp_device(reviewer))})
    assert response.status_code == 400
    assert "인증 코드가 올바르지 않습니다" in response.content.decode()
    assert client.get(reverse("guarantees:branch_queue")).url.startswith(VERIFY)


@pytest.mark.parametrize(
    "typed, message",
    [("", "인증 코드를 입력해 주세요"), ("12345", "6자리 숫자 또는 8자리 백업 코드")],
)
def test_a_malformed_code_is_refused_in_korean(client, reviewer, typed, message):
    password_login(client, reviewer)
    response = client.post(VERIFY, {"otp_token": typed})
    assert response.status_code == 400 and message in response.content.decode()


def test_full_width_digits_and_spaces_are_accepted(client, reviewer):
    code = code_at(totp_device(reviewer))
    typed = " ".join(chr(ord("０") + int(d)) for d in code)  # "１ ２ ３ …"
    password_login(client, reviewer)
    assert client.post(VERIFY, {"otp_token": typed}).status_code == 302


def test_an_expired_code_is_named_as_expired(client, reviewer):
    password_login(client, reviewer)
    response = client.post(VERIFY, {"otp_token": code_at(totp_device(reviewer), steps_back=4)})
    assert response.status_code == 400
    assert "유효시간(30초)이 지난 인증 코드입니다" in response.content.decode()


def test_a_code_cannot_be_replayed(client, reviewer):
    """django-otp keeps the last accepted time step; the same code a second time (a shoulder
    surfer, or a proxy log) is refused, and named as reused."""
    device = totp_device(reviewer)
    wait_for_fresh_step(device)
    code = code_at(device)
    password_login(client, reviewer)
    assert client.post(VERIFY, {"otp_token": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    password_login(client, reviewer)
    response = client.post(VERIFY, {"otp_token": code})
    assert response.status_code == 400
    assert "이미 사용한 인증 코드입니다" in response.content.decode()
    assert client.get(reverse("guarantees:branch_queue")).url.startswith(VERIFY)


def test_enrolment_shows_a_local_qr_code_then_ten_backup_codes_once(client, make_user):
    user = make_user("auditor", "AUDIT")
    TOTPDevice.objects.filter(user=user).delete()  # a new member of staff, not yet enrolled
    response = password_login(client, user)
    assert response.url.startswith(SETUP)
    page = client.get(response.url).content.decode()
    assert "<svg" in page and "<img" not in page  # drawn here, nothing fetched
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32decode

    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert client.get(reverse("guarantees:audit_queue")).url.startswith(SETUP)
    # Reloading keeps the same secret (the person may be typing it in).
    assert secret in client.get(SETUP).content.decode()

    wrong = client.post(SETUP, {"otp_token": never_valid_code(device)})
    assert wrong.status_code == 400 and "인증 코드가 맞지 않습니다" in wrong.content.decode()

    done = client.post(SETUP, {"otp_token": code_at(device), "next": "/accounts/home/"})
    page = done.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert done.status_code == 200 and len(codes) == 10 == len(set(codes))
    assert "지금 한 번만" in page
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("guarantees:audit_queue")).status_code == 200
    # The codes are not shown again.
    status = client.get(reverse("accounts:otp_backup_codes")).content.decode()
    assert "10개" in status and not any(code in status for code in codes)


def test_a_backup_code_works_once(client, reviewer):
    client.force_login(reviewer)
    page = client.post(reverse("accounts:otp_backup_codes")).content.decode()
    code = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)[0]
    client.post(reverse("accounts:logout"))

    password_login(client, reviewer)
    response = client.post(VERIFY, {"otp_token": code.upper()}, follow=True)
    assert response.status_code == 200
    assert "남은 백업 코드는 9개입니다" in response.content.decode()
    client.post(reverse("accounts:logout"))

    password_login(client, reviewer)
    again = client.post(VERIFY, {"otp_token": code})
    assert again.status_code == 400
    assert "이미 사용한 코드입니다" in again.content.decode()


def test_regenerating_backup_codes_voids_the_old_ones(client, reviewer):
    client.force_login(reviewer)
    first = re.findall(
        r"<code>([a-z2-7]{8})</code>",
        client.post(reverse("accounts:otp_backup_codes")).content.decode(),
    )
    second = re.findall(
        r"<code>([a-z2-7]{8})</code>",
        client.post(reverse("accounts:otp_backup_codes")).content.decode(),
    )
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    client.post(reverse("accounts:logout"))
    password_login(client, reviewer)
    assert client.post(VERIFY, {"otp_token": first[0]}).status_code == 400
    assert client.post(VERIFY, {"otp_token": second[0]}).status_code == 302


def test_an_applicant_has_no_backup_codes_page(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("accounts:otp_backup_codes")).status_code == 403


def test_the_admin_needs_the_second_factor_and_has_no_login_of_its_own(client, sysadmin):
    client.force_login(sysadmin, otp_verified=False)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    client.logout()
    login = client.get("/admin/login/?next=/admin/accounts/user/")
    assert login.status_code == 302
    assert login.url == "/accounts/login/?next=/admin/accounts/user/"
    client.force_login(sysadmin)
    assert client.get("/admin/").status_code == 200


def test_a_sysadmin_resets_a_lost_phone_and_it_is_logged(client, sysadmin, reviewer):
    client.force_login(sysadmin)
    StaticDevice.objects.create(user=reviewer, name="백업 코드")
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [reviewer.pk]},
        follow=True,
    )
    assert "1명의 2단계 인증을 초기화했습니다" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert not StaticDevice.objects.filter(user=reviewer).exists()
    entry = LogEntry.objects.get(object_id=str(reviewer.pk))
    assert entry.user == sysadmin and "2단계 인증 초기화" in entry.get_change_message()
    # The reviewer enrols anew at the next login.
    client.logout()
    assert password_login(client, reviewer).url.startswith(SETUP)


def test_the_admin_does_not_show_device_secrets(client, sysadmin):
    client.force_login(sysadmin)
    device = totp_device(sysadmin)
    page = client.get(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    ).content.decode()
    assert device.key not in page


def test_an_htmx_request_of_an_unverified_session_is_redirected_by_htmx(client, reviewer):
    client.force_login(reviewer, otp_verified=False)
    response = client.get(reverse("guarantees:branch_queue"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"].startswith(VERIFY)


def test_the_portal_refuses_to_start_without_the_gate(settings):
    from accounts.checks import staff_two_factor_gate_installed

    assert staff_two_factor_gate_installed(None) == []
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "accounts.middleware.StaffTwoFactorMiddleware"
    ]
    assert [e.id for e in staff_two_factor_gate_installed(None)] == ["accounts.E001"]
