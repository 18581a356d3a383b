"""Keyboard only (issue #17 part 5, KWCAG 2.2 키보드 사용 보장): the applicant journey done
without a mouse — log in, the business profile, the catalogue's 신청하기, the application with
its documents (the file chooser opened from the keyboard), submit, and after the staff's
approval the 전자약정 — every control reached with Tab (or Shift+Tab) and worked with the
keyboard (typing, Space, Enter, arrow keys), and each focused control visibly marked."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.browser import watch_csp
from tests.reports.test_browser import CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAX_TABS = 120

_FOCUSED = """(selector) => {
  const el = document.activeElement;
  if (!el || !el.matches(selector)) return null;
  // The focus mark: what changes on the element (or on the label KRDS draws a checkbox on)
  // between focused and not — an outline, a shadow, or KRDS's 2px active border.
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  const look = () => [el, label].filter(Boolean).map((node) => {
    const s = getComputedStyle(node);
    const b = label === node ? getComputedStyle(node, '::before') : s;
    return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.borderColor, s.borderWidth,
            b.outlineStyle, b.boxShadow].join('|');
  }).join('/');
  const focused = look();
  el.blur();
  const blurred = look();
  el.focus();
  return {visible: focused !== blurred};
}"""


def tab_to(page, selector: str, *, backwards: bool = False) -> None:
    """Press Tab until `selector` has the focus; it must show that it has it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        state = page.evaluate(_FOCUSED, selector)
        if state is not None:
            assert state["visible"], f"{selector}: focused but no visible focus mark"
            return
    raise AssertionError(f"{selector}: never reached with the keyboard on {page.url}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page, selector: str, label: str) -> None:
    """A <select>: focus it, then arrow keys until the option whose text contains `label`."""
    tab_to(page, selector)
    for _ in range(80):
        text = page.eval_on_selector(selector, "s => s.options[s.selectedIndex]?.text || ''")
        if label in text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector}: no option {label!r} reached with the arrow keys")


def type_date(page, selector: str, iso: str) -> None:
    """A date input (yyyy. mm. dd. in ko-KR): the year, → to the month, then month and day
    (Chromium moves on by itself once a month or a day cannot take another digit)."""
    tab_to(page, selector)
    year, month, day = iso.split("-")
    page.keyboard.type(year)
    page.keyboard.press("ArrowRight")
    page.keyboard.type(month + day)
    assert page.input_value(selector) == iso, page.input_value(selector)


def tick(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Space")
    assert page.is_checked(selector), selector


def attach(page, selector: str, name: str, data: bytes) -> None:
    tab_to(page, selector)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files({"name": name, "mimeType": "application/pdf", "buffer": data})


def press_button(page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")


def test_an_applicant_applies_and_signs_with_the_keyboard_only(
    live_server, organisation, programs, make_user
):
    from playwright.sync_api import expect, sync_playwright

    from guarantees.models import Application, ApplicationStatus
    from tests.guarantees.applicant import staff_steps
    from tests.guarantees.applicant.conftest import PDF_BYTES

    reviewer = make_user("reviewer", "NAMDONG")
    owner = make_user("applicant", email="keys@example.kr")
    owner.email_verified_at = timezone.now()
    owner.save(update_fields=["email_verified_at"])
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        page = context.new_page()
        csp = watch_csp(page)
        page.set_default_timeout(15_000)
        base = live_server.url

        # 1. Log in: the skip link first, then the form.
        page.goto(f"{base}/accounts/login/")
        tab_to(page, "a[href='#content']")
        type_into(page, "#id_username", owner.username)
        type_into(page, "#id_password", "pw-for-tests-1")
        press_button(page, "main button[type=submit]")
        page.goto(f"{base}/guarantees/apply/profile/")

        # 2. The business profile.
        type_into(page, "#id_business_no", "220-81-62517")
        type_into(page, "#id_name", "건반분식")
        type_into(page, "#id_representative_name", "김건반")
        type_date(page, "#id_representative_birth_date", "1985-03-02")
        choose(page, "#id_industry", "음식점업")
        type_date(page, "#id_opened_on", "2018-05-01")
        choose(page, "#id_sido", "인천광역시")
        page.wait_for_load_state("networkidle")
        choose(page, "#id_district", "남동구")
        type_into(page, "#id_road_address", "인천광역시 남동구 구월로 1")
        type_into(page, "#id_employees", "2")
        type_into(page, "#id_last_year_sales_krw", "1억 5천만")
        type_into(page, "#id_credit_score", "720")
        type_into(page, "#id_hired_last_year", "0")
        type_into(page, "#id_covid_sales_drop_pct", "25")
        press_button(page, "main button[type=submit]")

        # 3. The catalogue: 신청하기 on the COVID-19 programme.
        expect(page.locator("h1")).to_have_text("보증 상품 안내")
        press_button(page, "form[action$='/start/COVID19/'] button")

        # 4. The application and its documents, then submit.
        expect(page.locator("h1")).to_contain_text("신청서")
        type_into(page, "#id_amount", "1,500만")
        type_into(page, "#id_purpose", "원재료 구입")
        choose(page, "#id_bank", "신한은행")
        choose(page, "#id_term_months", "60")
        for code in ("BIZ_REG", "SALES", "LEASE", "SALES_DROP"):
            attach(page, f"#id_doc_{code}", f"{code}.pdf", PDF_BYTES)
        press_button(page, "button[name=submit]")
        expect(page.locator("h1")).to_have_text("신청이 접수되었습니다")
        tracking_no = page.locator(".tracking-no").inner_text()
        application = Application.objects.get(tracking_no=tracking_no)

        # 5. After the staff's approval: the 전자약정 from the home page, by keyboard.
        staff_steps.approve(application.pk, reviewer)
        page.goto(f"{base}/guarantees/apply/")
        tab_to(page, f"a[href$='/apply/{application.pk}/agreement/']")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        for consent in ("#id_terms", "#id_credit_info", "#id_fee"):
            tick(page, consent)
        type_into(page, "#id_password", "pw-for-tests-1")
        press_button(page, "main button[type=submit]")
        expect(page.locator("main")).to_contain_text("서명을 마쳤습니다")
        application.refresh_from_db()
        assert application.status == ApplicationStatus.AGREEMENT_SIGNED
        context.close()
        browser.close()
    assert csp == [], csp
