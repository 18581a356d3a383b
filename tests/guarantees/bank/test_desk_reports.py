"""The desk's reports: a loan execution through the same service as the API, and the monthly
CSV upload (all or nothing; every problem named by row and column, in Korean)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guarantees.models import BankChannel, LoanExecution, MonthlyReport
from tests.guarantees.bank.conftest import IBK, SHINHAN

pytestmark = pytest.mark.django_db

UPLOAD = "guarantees:bank_desk:monthly_upload"


def _execution(guarantee_no):
    return reverse("guarantees:bank_desk:loan_execution", args=[guarantee_no])


def _execute(client, guarantee, **over):
    data = {
        "executed_on": "2026-01-06",
        "loan_amount_krw": str(guarantee.loan_amount_krw),
        "interest_rate_pct": "4.25",
        "loan_account_ref": "IBK-123-456",
        **over,
    }
    return client.post(_execution(guarantee.guarantee_no), data)


def test_an_officer_reports_a_loan_execution(client, bank_officer, make_bank_guarantee):
    guarantee = make_bank_guarantee(bank_name=IBK)
    client.force_login(bank_officer)
    response = _execute(client, guarantee)
    assert response.status_code == 302
    execution = LoanExecution.objects.get(guarantee=guarantee)
    assert execution.interest_rate_pct == Decimal("4.25")
    assert execution.executed_on == dt.date(2026, 1, 6)
    assert guarantee.bank_reports.get().channel == BankChannel.DESK
    page = client.get(response.url).content.decode()
    assert "접수했습니다" in page and "4.25%" in page
    # Once only: the second report is refused by the service, in Korean, nothing booked.
    again = _execute(client, guarantee)
    assert again.status_code == 422
    assert LoanExecution.objects.filter(guarantee=guarantee).count() == 1


def test_bad_execution_input_is_a_korean_error_and_nothing_booked(
    client, bank_officer, make_bank_guarantee
):
    guarantee = make_bank_guarantee(bank_name=IBK)
    client.force_login(bank_officer)
    response = _execute(client, guarantee, loan_amount_krw="abc", interest_rate_pct="-1")
    page = response.content.decode()
    assert response.status_code == 422
    assert "실행 금액은 원 단위 정수로 입력하세요." in page
    assert "대출 금리는 0% 이상입니다." in page
    more = _execute(client, guarantee, loan_amount_krw=str(guarantee.loan_amount_krw + 1))
    assert more.status_code == 422 and "넘" in more.content.decode()
    assert not LoanExecution.objects.filter(guarantee=guarantee).exists()


def test_another_banks_guarantee_cannot_be_reported(
    client, other_bank_officer, make_bank_guarantee
):
    guarantee = make_bank_guarantee(bank_name=IBK)
    client.force_login(other_bank_officer)
    assert _execute(client, guarantee).status_code == 404
    assert not LoanExecution.objects.exists()


def _upload(client, text: str, month="2026-10", encoding="utf-8"):
    file = SimpleUploadedFile("balances.csv", text.encode(encoding), content_type="text/csv")
    return client.post(reverse(UPLOAD), {"month": month, "file": file})


def test_a_good_csv_is_received_and_reconciled(client, bank_officer, make_bank_guarantee):
    one = make_bank_guarantee(bank_name=IBK, loan_krw=20_000_000)
    two = make_bank_guarantee(bank_name=IBK, loan_krw=10_000_000)
    client.force_login(bank_officer)
    text = (
        "guarantee_no,loan_balance_krw\n"
        f'{one.guarantee_no},20000000\n{two.guarantee_no},"5,000,000"\n'
    )
    response = _upload(client, text, encoding="cp949")
    assert response.status_code == 302
    report = MonthlyReport.objects.get()
    assert (report.row_count, report.channel) == (2, BankChannel.DESK)
    assert report.month == dt.date(2026, 10, 1)
    assert report.matched_count == 1 and report.difference_count == 1  # two: off by 5백만원
    assert "2026-10 월말 잔액 보고 2행을 접수했습니다." in client.get(response.url).content.decode()


def test_every_problem_is_named_by_row_and_column_and_nothing_is_received(
    client, bank_officer, make_bank_guarantee
):
    good = make_bank_guarantee(bank_name=IBK)
    client.force_login(bank_officer)
    text = (
        "guarantee_no,loan_balance_krw\n"
        f"{good.guarantee_no},100\n"
        ",200\n"
        "X-1,열두원\n"
        f"{good.guarantee_no},-5\n"
    )
    response = _upload(client, text)
    page = response.content.decode()
    assert response.status_code == 422
    assert "3행 보증번호(guarantee_no) 열: 보증번호가 비어 있습니다." in page
    assert "4행 대출잔액(loan_balance_krw) 열: 대출잔액은 원 단위 정수여야 합니다" in page
    assert (
        f"5행 보증번호(guarantee_no) 열: 보증번호 {good.guarantee_no}가 2행에도 있습니다." in page
    )
    assert "5행 대출잔액(loan_balance_krw) 열: 대출잔액은 0원 이상입니다." in page
    assert "4곳을 고쳐" in page
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize(
    ("text", "month", "message"),
    [
        ("no,balance\nA,1\n", "2026-10", "1행: 보증번호(guarantee_no) 열이 없습니다"),
        ("guarantee_no,loan_balance_krw\n", "2026-10", "보고할 행이 없습니다"),
        ("guarantee_no,loan_balance_krw\nA,1\n", "2026-13", "보고 월은 YYYY-MM 형식으로"),
        ("guarantee_no,loan_balance_krw\nA,1\n", "2999-01", "다음 달 1일부터 보고할 수 있습니다"),
    ],
)
def test_bad_files_and_months_are_refused_in_korean(client, bank_officer, text, month, message):
    client.force_login(bank_officer)
    response = _upload(client, text, month=month)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_the_upload_page_lists_only_the_officers_bank_reports(
    client, bank_officer, other_bank_officer, make_bank_guarantee
):
    theirs = make_bank_guarantee(bank_name=SHINHAN)
    client.force_login(other_bank_officer)
    assert (
        _upload(client, f"guarantee_no,loan_balance_krw\n{theirs.guarantee_no},1\n").status_code
        == 302
    )
    client.force_login(bank_officer)
    page = client.get(reverse(UPLOAD)).content.decode()
    assert "아직 올린 보고가 없습니다." in page
