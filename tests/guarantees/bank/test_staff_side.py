"""Foundation staff see what the bank reported beside each guarantee (issue 12): the loan
execution with its rate, every report with what the book did, the claims, the month-end
balances with their reconciliation result; in Korean, money through the project's helper, in
a fixed number of queries however many reports there are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guarantees.bank import reconciliation, services
from guarantees.bank.reconciliation import Row
from guarantees.models import MonthlyBalance

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def _executed(source, guarantee, amount=None, rate="4.125"):
    services.loan_execution_report(
        source=source,
        guarantee_no=guarantee.guarantee_no,
        executed_on=guarantee.issued_on,
        loan_amount_krw=amount or guarantee.loan_amount_krw,
        interest_rate_pct=Decimal(rate),
        loan_account_ref="110-222-333",
    )
    return guarantee


def _repay(source, guarantee, n: int):
    for i in range(n):
        services.repayment_report(
            source=source,
            guarantee_no=guarantee.guarantee_no,
            paid_on=DAY + dt.timedelta(days=i),
            loan_principal_krw=100_000,
            loan_balance_krw=10_000_000 - 100_000 * (i + 1),
        )


def _page(client, guarantee):
    url = reverse("guarantees:book_guarantee", args=[guarantee.guarantee_no])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_staff_guarantee_page_shows_what_the_bank_reported(
    client, branch_manager, ibk_source, make_bank_guarantee
):
    guarantee = _executed(ibk_source, make_bank_guarantee(), amount=10_000_000)
    _repay(ibk_source, guarantee, 1)
    services.default_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        default_on=DAY + dt.timedelta(days=30),
        overdue_principal_krw=9_000_000,
        reason="3개월 연체",
    )
    services.subrogation_claim_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        claimed_on=DAY + dt.timedelta(days=40),
        principal_krw=9_000_000,
        interest_krw=120_000,
    )
    # Month-end reports: February matches the book (10,000,000 × 85 % = 8,500,000), October
    # reports a balance the book does not hold (the default left 7,565,000 − 7,650,000 …).
    reconciliation.monthly_report_receive(
        source=ibk_source, month="2026-02", rows=[Row(guarantee.guarantee_no, 10_000_000)]
    )
    reconciliation.monthly_report_receive(
        source=ibk_source, month="2026-10", rows=[Row(guarantee.guarantee_no, 5_000_000)]
    )
    client.force_login(branch_manager)
    page = _page(client, guarantee)
    section = page[page.index('id="bank-reports"') :]
    # the execution, with its rate and the amount written by the money helper
    assert "금리 연 4.125%" in section and "10,000,000원" in section
    assert "110-222-333" in section
    # each report, with what the book did about it
    assert "상환 원금 100,000원 · 대출잔액 9,900,000원" in section
    assert "연체 원금 9,000,000원 · 사유: 3개월 연체" in section
    assert "청구 원금 9,000,000원 · 이자 120,000원" in section
    assert "보증사고 7,650,000원 기록" in section  # 9,000,000 × 85 %
    # the claim with its status, the monthly balances with their result
    assert "7,752,000원" in section  # (9,000,000 + 120,000) × 85 %
    assert "접수" in section
    assert "2026-02" in section and "일치" in section
    assert "2026-10" in section and "잔액 불일치" in section and "4,250,000원" in section
    assert MonthlyBalance.objects.filter(guarantee=guarantee).count() == 2


def test_an_imported_guarantee_says_it_counts_as_executed_on_its_issue_date(
    client, branch_manager, make_bank_guarantee
):
    guarantee = make_bank_guarantee(imported=True)
    client.force_login(branch_manager)
    page = _page(client, guarantee)
    assert "이관된 보증이라 발급일(2026. 1. 5.)에 실행된 것으로 봅니다" in page
    assert "은행 보고가 없습니다." in page


def test_the_bank_section_costs_the_same_queries_for_one_report_or_thirty(
    client, branch_manager, ibk_source, make_bank_guarantee
):
    few = _executed(ibk_source, make_bank_guarantee(loan_krw=10_000_000))
    many = _executed(ibk_source, make_bank_guarantee(loan_krw=10_000_000))
    _repay(ibk_source, few, 1)
    _repay(ibk_source, many, 30)
    for month in ("2026-04", "2026-05", "2026-06"):
        reconciliation.monthly_report_receive(
            source=ibk_source, month=month, rows=[Row(many.guarantee_no, 7_000_000)]
        )
    client.force_login(branch_manager)
    _page(client, few)  # warm the caches (account ids, sessions)
    counts = []
    for guarantee in (few, many):
        with CaptureQueriesContext(connection) as queries:
            page = _page(client, guarantee)
        counts.append(len(queries))
    assert page.count("상환 원금 100,000원") == 30
    assert counts[0] == counts[1], counts
