"""The staff workflow in Chromium: a reviewer verifies (the survey is skipped), screens and
sends; a manager approves; the applicant signs the 전자약정 on their own page; the reviewer
issues the guarantee."""

from __future__ import annotations

import pytest
from django.utils import timezone

from guarantees.models import ApplicationStatus, Guarantee, ScorecardFactor
from tests.browser import login, watch_csp

from .factories import REPORT_PDF, ProgramFactory, make_application

SHOTS = "/tmp/staff-review"


def _launch(p):
    return p.chromium.launch(
        executable_path="/usr/bin/chromium",
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )


def _logout(page):
    page.click("button:has-text('로그아웃')")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reviewer_manager_applicant_and_issuance_in_the_browser(live_server, make_user):
    import os

    from playwright.sync_api import expect, sync_playwright

    os.makedirs(SHOTS, exist_ok=True)
    applicant = make_user("applicant")
    reviewer = make_user("reviewer", "NAMDONG", last_name="김", first_name="심사")
    manager = make_user("branch_manager", "NAMDONG", last_name="박", first_name="지점")
    program = ProgramFactory(name="골목상권 활성화 특례보증(시험)")
    app = make_application(applicant=applicant, program=program, tracking_no="ICGF-T-0001")
    for i in range(3):
        make_application(
            applicant=applicant,
            program=program,
            tracking_no=f"ICGF-T-01{i}",
            submitted_days_ago=3 + i * 5,
        )
    base = live_server.url

    with sync_playwright() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        csp_violations = watch_csp(page)  # the pages and htmx run under the enforced CSP

        # Reviewer: queue → application → verify (survey skipped) → scorecard → send.
        login(page, base, reviewer)
        expect(page.locator("h1")).to_contain_text("남동지점 심사함")
        page.select_option("#id_sort", "-waiting")  # htmx swaps the results only
        page.wait_for_load_state("networkidle")
        expect(page.locator("#queue-results tbody tr").first).to_contain_text("ICGF-T-0001")
        page.screenshot(path=f"{SHOTS}/1-queue.png", full_page=True)
        page.click("a:has-text('ICGF-T-0001')")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=f"{SHOTS}/2-application.png", full_page=True)
        # The applicant's declared 750 is shown as a declaration; without a verified grade the
        # survey is required. The reviewer records the bureau's report (issue 15 item 3).
        credit = page.locator("#credit")
        expect(credit).to_contain_text("신청인 신고")
        expect(page.locator("#credit-declared")).to_contain_text("신용점수 750점")
        expect(page.locator("#credit-verified")).to_contain_text("미확인")
        expect(page.locator("#survey-verdict-card")).to_contain_text("확인된 신용등급이 없어")
        report = f"{SHOTS}/credit-report.pdf"
        with open(report, "wb") as out:
            out.write(REPORT_PDF)
        page.click("summary:has-text('확인된 신용등급 기록')")
        page.select_option("#id_bureau", "nice")
        page.fill("#id_score", "1200")  # beyond the scale: the browser itself holds it back
        assert page.eval_on_selector("#id_score", "e => e.validity.rangeOverflow")
        page.fill("#id_report_date", timezone.localdate().isoformat())
        page.fill("#id_score", "742")
        page.fill("#id_grade", "3")
        page.set_input_files("#id_report", report)
        page.click("button:has-text('신용등급 기록')")
        page.wait_for_load_state("networkidle")
        expect(page.locator("main")).to_contain_text("확인된 신용등급을 기록했습니다")
        expect(page.locator("#credit-verified")).to_contain_text(
            "NICE평가정보 · 3등급 · 신용점수 742점"
        )
        expect(page.locator("#survey-verdict-card")).to_contain_text("현장조사를 생략합니다")
        page.screenshot(path=f"{SHOTS}/2b-verified-credit.png", full_page=True)
        page.click("button:has-text('서류 확인 완료')")
        expect(page.locator("#workspace")).to_contain_text("서류 확인을 완료했습니다")
        expect(page.locator("#workspace")).to_contain_text("현장조사 생략")
        for factor in ScorecardFactor.objects.filter(is_active=True):
            page.select_option(f"#id_factor_{factor.code}", "4")
        page.fill("#id_recommended_amount", "4,000만원")
        page.fill("#id_comment", "매출이 안정적이고 상환 능력이 양호함")
        page.click("button:has-text('심사표 저장')")
        expect(page.locator("#workspace")).to_contain_text("심사표를 저장했습니다")
        page.screenshot(path=f"{SHOTS}/3-screened.png", full_page=True)
        page.click("button:has-text('승인 요청 보내기')")
        expect(page.locator("#workspace")).to_contain_text("승인을 요청했습니다")
        _logout(page)

        # Manager: approval panel → approve.
        login(page, base, manager)
        page.goto(f"{base}/guarantees/staff/review/applications/{app.pk}/")
        expect(page.locator(".approval-panel")).to_contain_text("남은 한도")
        page.screenshot(path=f"{SHOTS}/4-approval-panel.png", full_page=True)
        page.click("button[name=decision][value=approve]")
        expect(page.locator("#workspace")).to_contain_text("승인했습니다")
        _logout(page)

        # Applicant signs the 전자약정 (consents + password again) on the applicant's page.
        login(page, base, applicant)
        page.goto(f"{base}/guarantees/apply/{app.pk}/agreement/")
        for consent in ("id_terms", "id_credit_info", "id_fee"):
            page.click(f"label[for={consent}]")  # KRDS draws the checkbox on the label
        page.fill("#id_password", "pw-for-tests-1")
        page.click("button:has-text('동의하고 서명하기')")
        expect(page.locator("main")).to_contain_text("서명을 마쳤습니다")
        page.screenshot(path=f"{SHOTS}/4b-agreement-signed.png", full_page=True)
        _logout(page)

        # Reviewer issues the guarantee.
        login(page, base, reviewer)
        page.goto(f"{base}/guarantees/staff/review/applications/{app.pk}/")
        page.click("button:has-text('보증서 발급')")
        expect(page.locator("#workspace")).to_contain_text("보증서를 발급했습니다")
        expect(page.locator("#workspace")).to_contain_text("보증료 납부 일정")
        page.screenshot(path=f"{SHOTS}/5-issued.png", full_page=True)
        page.click("a:has-text('이력')")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=f"{SHOTS}/6-history.png", full_page=True)
        browser.close()

    assert csp_violations == [], "\n".join(csp_violations)

    app.refresh_from_db()
    assert app.status == ApplicationStatus.ISSUED
    assert app.credit_reports.get().score == 742
    assert app.field_surveys.get().skipped
    guarantee = Guarantee.objects.get(application=app)
    assert guarantee.guaranteed_amount_krw == 40_000_000
