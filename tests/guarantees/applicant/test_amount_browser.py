"""The amount field works from a phone's number pad: 억/만 buttons and the amount in words
(issue 19, row 9), at 390 × 844."""

from __future__ import annotations

import os

import pytest

from tests.browser import login, watch_csp

SHOTS = "/tmp/first-hour"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_number_pad_digits_and_the_man_button_make_the_hinted_amount(
    live_server, draft, verified_applicant
):
    from playwright.sync_api import expect, sync_playwright

    os.makedirs(SHOTS, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ko-KR")
        violations = watch_csp(page)
        login(page, live_server.url, verified_applicant)
        page.goto(f"{live_server.url}/guarantees/apply/{draft.pk}/edit/")
        amount = page.locator("#id_amount")
        assert amount.get_attribute("inputmode") == "numeric"
        expect(page.locator("main")).to_contain_text("‘억’·‘만’ 버튼")
        amount.fill("")
        amount.press_sequentially("1500")  # what a number pad can type
        page.click("button[data-amount-unit='만']")
        expect(amount).to_have_value("1500만")
        expect(page.locator(".amount-words").first).to_have_text("= 1,500만원")
        amount.fill("1억5000만")
        amount.dispatch_event("input")
        expect(page.locator(".amount-words").first).to_have_text("= 1억 5,000만원")
        amount.fill("2")
        page.click("button[data-amount-unit='억']")
        page.click("button[data-amount-unit='억']")  # a second unit is not appended
        expect(amount).to_have_value("2억")
        page.screenshot(path=f"{SHOTS}/amount-390.png", full_page=False)
        assert not violations, violations
        browser.close()
