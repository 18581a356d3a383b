"""Guarantees for book tests: created with the ORM plus the issuance posting convention
(Dr memo.exposure / Cr memo.exposure_contra with guarantee, branch and programme)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from demo.guarantees import valid_brn
from guarantees.book.loader import issue_key
from guarantees.models import Business, Guarantee
from ledger import chart
from ledger.services import Line, journal_post

_numbers = itertools.count(1)


def make_guarantee(
    *,
    branch,
    program=None,
    amount_krw: int = 50_000_000,
    issued_on: dt.date = dt.date(2020, 1, 2),
    years: int = 5,
) -> Guarantee:
    n = next(_numbers)
    business, _ = Business.objects.get_or_create(
        business_no=valid_brn(f"{200000000 + n:09d}"), defaults={"name": f"테스트상회{n}"}
    )
    guarantee = Guarantee.objects.create(
        guarantee_no=f"T-{n:07d}-{Guarantee.objects.count()}",
        business=business,
        branch=branch,
        program=program,
        bank_name="신한은행",
        issued_on=issued_on,
        matures_on=issued_on.replace(year=issued_on.year + years),
        loan_amount_krw=amount_krw,
        guaranteed_amount_krw=amount_krw,
        guarantee_ratio_pct=Decimal("100"),
        fee_rate_pct=Decimal("1.0"),
    )
    dims = {
        "guarantee_id": guarantee.id,
        "branch_id": branch.id,
        "program_id": program and program.id,
    }
    journal_post(
        date=issued_on,
        kind="guarantee_issue",
        lines=[
            Line(chart.EXPOSURE, amount_krw, **dims),
            Line(chart.EXPOSURE_CONTRA, -amount_krw, **dims),
        ],
        idempotency_key=issue_key(guarantee.guarantee_no),
    )
    return guarantee


def report_loan_execution(guarantee: Guarantee, *, rate_pct: str, executed_on=None):
    """The bank reports the loan's execution (the whole guaranteed loan, at `rate_pct`),
    through the same service as the bank API and the desk."""
    from guarantees.bank.services import loan_execution_report
    from guarantees.bank.sources import ReportSource
    from programs.models import Bank

    return loan_execution_report(
        source=ReportSource(bank=Bank.objects.get(name=guarantee.bank_name)),
        guarantee_no=guarantee.guarantee_no,
        executed_on=executed_on or guarantee.issued_on,
        loan_amount_krw=guarantee.loan_amount_krw,
        interest_rate_pct=Decimal(rate_pct),
        loan_account_ref=f"L-{guarantee.guarantee_no}",
    )
