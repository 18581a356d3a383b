"""In Chromium at a phone's size (390×844): an applicant applies in an open call round, the
committee secretary (the district's officer) records the meeting, the votes and the
selection, and the applicant sees the round's outcome — and another, not selected, its reason.
Screenshots: /tmp/rounds-*.png."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.browser import PASSWORD, login, watch_csp
from tests.guarantees.applicant.conftest import PDF_BYTES, make_business

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apply_in_a_round_then_the_committee_selects_and_the_applicant_sees_it(
    live_server, call_round, submit, contributor_officer, make_user, tmp_path
):
    from playwright.sync_api import expect, sync_playwright

    from guarantees.models import Application, RoundEntry

    other = submit(7)  # a competitor, already in the round
    owner = make_user("applicant", email_verified_at=timezone.now())
    make_business(owner)
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(PDF_BYTES)
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )

        def phone():
            context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
            page = context.new_page()
            page.set_default_timeout(15_000)
            return page

        # 1. The applicant reads the open call on the programme page and applies.
        page = phone()
        csp = watch_csp(page)
        login(page, base, owner, PASSWORD)
        page.goto(f"{base}/programs/COVID19/")
        expect(page.locator("main")).to_contain_text(f"{call_round.title} 접수 중")
        page.screenshot(path="/tmp/rounds-01-programme.png", full_page=True)
        page.click("form[action$='/start/COVID19/'] button")
        page.fill("#id_amount", "1,500만")
        page.fill("#id_purpose", "원재료 구입")
        page.select_option("#id_bank", label="신한은행")
        page.select_option("#id_term_months", "60")
        for field in page.locator("input[type=file][id^=id_doc_]").all():
            field.set_input_files(str(pdf))
        page.click("button[name=submit]")
        expect(page.locator("main")).to_contain_text("접수")
        application = Application.objects.get(applicant=owner)
        entry = RoundEntry.objects.get(application=application)
        page.goto(f"{base}/guarantees/apply/{application.pk}/")
        expect(page.locator("#round")).to_contain_text(call_round.title)
        expect(page.locator("#round")).to_contain_text("위원회 심의를 기다리고 있습니다")

        # 2. The secretary records the meeting, the votes and the selection.
        staff = phone()
        staff_csp = watch_csp(staff)
        login(staff, base, contributor_officer)
        staff.goto(f"{base}/guarantees/contributor/rounds/")
        staff.click(f"a:has-text('{call_round.title}')")
        expect(staff.locator("main")).to_contain_text("접수 신청 2건")
        staff.fill("#id_held_on", timezone.localdate().isoformat())
        members = list(call_round.committee.members.all()[:3])
        for i in range(3):
            staff.check(f"#id_attendees_{i}", force=True)
        staff.fill("#id_minutes", "제1차 기금운용심의위원회: 출석 3명, 접수 2건 심의")
        staff.click("button:has-text('회의 기록')")
        expect(staff.locator("#votes")).to_be_visible()
        for member in members:
            staff.select_option(f"select[name=vote_{entry.pk}_{member.pk}]", "for")
            staff.select_option(
                f"select[name=vote_{other.round_entry.pk}_{member.pk}]",
                "against" if member != members[0] else "for",
            )
        staff.screenshot(path="/tmp/rounds-02-votes.png", full_page=True)
        staff.click("button:has-text('표결 기록')")
        expect(staff.locator("main")).to_contain_text("표결 6건을 기록했습니다")
        staff.check(f"input[name=select_{other.round_entry.pk}]", force=True)  # no majority
        staff.click("button:has-text('선정 확정')")
        expect(staff.locator("#select")).to_contain_text("과반이 아닙니다")
        staff.uncheck(f"input[name=select_{other.round_entry.pk}]", force=True)
        staff.check(f"input[name=select_{entry.pk}]", force=True)
        staff.click("button:has-text('선정 확정')")
        expect(staff.locator("main")).to_contain_text("선정 1건을 확정하고 은행에 통보했습니다")
        staff.screenshot(path="/tmp/rounds-03-selected.png", full_page=True)
        staff.select_option(f"#answer-{entry.pk}", "approved")
        staff.fill(f"#reason-{entry.pk}", "최종 담보자격 심사 적격")
        staff.click("button:has-text('회신 기록')")
        expect(staff.locator("main")).to_contain_text("은행 회신을 기록했습니다")
        expect(staff.locator("main")).to_contain_text("은행 최종 승인")
        staff_width = staff.evaluate("document.documentElement.scrollWidth")

        # 3. The applicant sees the outcome; the other applicant sees the reason.
        page.goto(f"{base}/guarantees/apply/{application.pk}/")
        expect(page.locator("#round")).to_contain_text("심의 결과: 선정")
        expect(page.locator("#round")).to_contain_text("은행 최종 심사에서 승인되었습니다")
        page.screenshot(path="/tmp/rounds-04-outcome.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        loser = phone()
        login(loser, base, other.applicant, PASSWORD)
        loser.goto(f"{base}/guarantees/apply/{other.pk}/")
        expect(loser.locator("#round")).to_contain_text("심의 결과: 미선정")
        expect(loser.locator("#round")).to_contain_text("찬성 1 · 반대 2 · 기권 0, 출석 3명")
        loser.screenshot(path="/tmp/rounds-05-not-selected.png", full_page=True)
        browser.close()
    assert csp == [] and staff_csp == []
    assert width <= 390, f"the applicant's page scrolls sideways at 390 px ({width})"
    assert staff_width <= 390, f"the round page scrolls sideways at 390 px ({staff_width})"
