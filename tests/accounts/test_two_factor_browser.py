"""In Chromium, under the enforced CSP: a new member of staff enrols an authenticator app, a
system administrator logs in with a code and works in the admin."""

from __future__ import annotations

import pytest

from tests.browser import login, watch_csp

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = "/tmp/two-factor"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enrolment_and_the_admin_in_the_browser(live_server, make_user):
    import os

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect, sync_playwright

    os.makedirs(SHOTS, exist_ok=True)
    newcomer = make_user("counsellor", "DIDIMDOL", last_name="한", first_name="상담")
    TOTPDevice.objects.filter(user=newcomer).delete()
    admin = make_user("sysadmin", "STRATEGY", is_staff=True, is_superuser=True)
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1100, "height": 1400}, locale="ko-KR")
        violations = watch_csp(page)

        login(page, base, newcomer)
        expect(page.locator("h1")).to_have_text("인증 앱 등록")
        expect(page.locator(".otp-qr svg")).to_be_visible()
        page.screenshot(path=f"{SHOTS}/1-enrol.png", full_page=True)
        pending = TOTPDevice.objects.get(user=newcomer, confirmed=False)
        page.fill("input[name=otp_token]", f"{totp(pending.bin_key):06d}")
        page.click("button:has-text('등록 확인')")
        expect(page.locator(".backup-codes li")).to_have_count(10)
        page.screenshot(path=f"{SHOTS}/2-backup-codes.png", full_page=True)
        page.click("a:has-text('계속')")
        expect(page.locator("h1")).to_contain_text("상담")
        page.click("button:has-text('로그아웃')")

        login(page, base, admin)
        page.goto(f"{base}/admin/accounts/user/")
        expect(page.locator("#result_list")).to_be_visible()
        page.goto(f"{base}/admin/accounts/user/{newcomer.pk}/change/")
        expect(page.locator("#user_form")).to_be_visible()
        page.screenshot(path=f"{SHOTS}/3-admin.png", full_page=True)
        browser.close()
    assert violations == [], "\n".join(violations)
