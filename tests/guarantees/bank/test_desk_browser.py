"""In Chromium, desktop and phone (390×844): a 기업은행 officer signs in with the second factor,
filters the bank's guarantees, opens one, reports the loan execution and a repayment, uploads a
monthly CSV with a bad row (the Korean error names the row and the column) and then a good one;
a 신한은행 guarantee is 404 for them."""

import datetime as dt

import pytest
from playwright.sync_api import expect, sync_playwright

from guarantees.models import BankReport, LoanExecution, MonthlyReport
from tests.browser import login, watch_csp
from tests.guarantees.bank.conftest import IBK, SHINHAN

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
SHOTS = "/tmp/bankstaff-shots"


def _no_sideways_scroll(page, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll})"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_bank_officer_works_their_banks_guarantees_in_the_browser(
    live_server, bank_officer, make_bank_guarantee, tmp_path
):
    import pathlib

    pathlib.Path(SHOTS).mkdir(exist_ok=True)
    mine = make_bank_guarantee(bank_name=IBK, issued_on=dt.date(2026, 1, 5))
    older = make_bank_guarantee(bank_name=IBK, issued_on=dt.date(2025, 3, 3))
    theirs = make_bank_guarantee(bank_name=SHINHAN)
    base = live_server.url
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"guarantee_no,loan_balance_krw\n{mine.guarantee_no},19000000\n{older.guarantee_no},열아홉\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.csv"
    good.write_text(
        f"guarantee_no,loan_balance_krw\n{mine.guarantee_no},19000000\n"
        f"{older.guarantee_no},20000000\n",
        encoding="utf-8",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        for width, height, tag in ((1280, 900, "desktop"), (390, 844, "phone")):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            csp = watch_csp(page)
            login(page, base, bank_officer)
            page.goto(f"{base}/guarantees/bank/")
            expect(page.get_by_role("heading", name="IBK기업은행 보증 목록")).to_be_visible()
            page.fill("#id_issued_since", "2026-01-01")
            page.get_by_role("button", name="조회").click()
            expect(page.get_by_role("link", name=mine.guarantee_no)).to_be_visible()
            expect(page.get_by_role("link", name=older.guarantee_no)).to_have_count(0)
            expect(page.get_by_text(theirs.guarantee_no)).to_have_count(0)
            page.screenshot(path=f"{SHOTS}/desk-list-{tag}.png", full_page=True)
            _no_sideways_scroll(page, width)
            page.get_by_role("link", name=mine.guarantee_no).click()
            expect(page.get_by_role("heading", name=f"보증 {mine.guarantee_no}")).to_be_visible()

            if tag == "desktop":  # report once; the phone reads what was reported
                page.fill("#id_executed_on", "2026-01-05")
                page.fill("#id_interest_rate_pct", "4.25")
                page.fill("#id_loan_account_ref", "110-222-333")
                page.get_by_role("button", name="대출실행 보고").click()
                expect(page.get_by_text("대출실행 보고를 접수했습니다.")).to_be_visible()
                page.fill("#id_paid_on", "2026-03-02")
                page.fill("#id_loan_principal_krw", "1000000")
                page.fill("#id_loan_balance_krw", "19000000")
                page.get_by_role("button", name="상환 보고").click()
                expect(page.get_by_text("상환 보고를 접수했습니다.")).to_be_visible()
            expect(page.get_by_text("110-222-333").first).to_be_visible()
            page.screenshot(path=f"{SHOTS}/desk-guarantee-{tag}.png", full_page=True)
            _no_sideways_scroll(page, width)

            page.goto(f"{base}/guarantees/bank/monthly-reports/")
            page.fill("#id_month", "2026-11")
            page.set_input_files("#id_file", str(bad))
            page.get_by_role("button", name="보고 올리기").click()
            expect(
                page.get_by_text("3행 대출잔액(loan_balance_krw) 열: 대출잔액은 원 단위 정수여야")
            ).to_be_visible()
            page.screenshot(path=f"{SHOTS}/desk-monthly-error-{tag}.png", full_page=True)
            _no_sideways_scroll(page, width)
            page.fill("#id_month", "2026-11")
            page.set_input_files("#id_file", str(good))
            page.get_by_role("button", name="보고 올리기").click()
            expect(page.get_by_text("2026-11 월말 잔액 보고 2행을 접수했습니다.")).to_be_visible()

            response = page.goto(f"{base}/guarantees/bank/guarantees/{theirs.guarantee_no}/")
            assert response.status == 404
            assert csp == [], csp
            context.close()
        browser.close()

    execution = LoanExecution.objects.get(guarantee=mine)
    assert str(execution.interest_rate_pct) == "4.250"
    assert BankReport.objects.filter(guarantee=mine, kind="repayment").count() == 1
    assert MonthlyReport.objects.filter(month=dt.date(2026, 11, 1)).count() == 2  # both passes
