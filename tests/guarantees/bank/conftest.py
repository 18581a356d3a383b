"""Bank-channel fixtures: guarantees of 기업은행 and 신한은행 (85 % guaranteed), the two banks'
sources of reports, their officers and API keys."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from common.money import apply_percent
from demo.guarantees import valid_brn
from guarantees.applicant.certificate import certificate_issue
from guarantees.bank.sources import ReportSource
from guarantees.book.loader import issue_key
from guarantees.models import (
    Application,
    ApplicationStatus,
    BankChannel,
    Business,
    Guarantee,
)
from ledger import chart
from ledger.services import Line, journal_post

_numbers = itertools.count(1)
IBK, SHINHAN = "IBK기업은행", "신한은행"


@pytest.fixture
def banks(programs):
    from programs.models import Bank

    return {bank.code: bank for bank in Bank.objects.all()}


@pytest.fixture
def make_bank_guarantee(organisation, programs, applicant):
    """A guarantee whose loan `bank_name` made, issued through the portal (it has an
    application) unless `imported`, with its issuance entry posted."""

    def make(
        *,
        bank_name: str = IBK,
        loan_krw: int = 20_000_000,
        ratio: str = "85",
        issued_on: dt.date = dt.date(2026, 1, 5),
        matures_on: dt.date | None = None,
        imported: bool = False,
        program_code: str | None = "COVID19",
    ) -> Guarantee:
        n = next(_numbers)
        business, _ = Business.objects.get_or_create(
            business_no=valid_brn(f"{300000000 + n:09d}"), defaults={"name": f"은행테스트상회{n}"}
        )
        program = programs[program_code] if program_code else None
        application = None
        if not imported:
            application = Application.objects.create(
                business=business,
                applicant=applicant,
                program=program or programs["COVID19"],
                branch=organisation["NAMDONG"],
                status=ApplicationStatus.ISSUED,
                amount_krw=loan_krw,
            )
        amount = apply_percent(loan_krw, Decimal(ratio))
        guarantee = Guarantee.objects.create(
            guarantee_no=f"B-{n:07d}",
            business=business,
            application=application,
            branch=organisation["NAMDONG"],
            program=program,
            bank_name=bank_name,
            issued_on=issued_on,
            matures_on=matures_on or issued_on.replace(year=issued_on.year + 5),
            loan_amount_krw=loan_krw,
            guaranteed_amount_krw=amount,
            guarantee_ratio_pct=Decimal(ratio),
            fee_rate_pct=Decimal("1.0"),
        )
        dims = {
            "guarantee_id": guarantee.id,
            "branch_id": guarantee.branch_id,
            "program_id": program and program.id,
        }
        journal_post(
            date=issued_on,
            kind="guarantee_issue",
            lines=[
                Line(chart.EXPOSURE, amount, **dims),
                Line(chart.EXPOSURE_CONTRA, -amount, **dims),
            ],
            idempotency_key=issue_key(guarantee.guarantee_no),
        )
        if application is not None:  # issued through the portal: its certificate exists
            certificate_issue(guarantee)
        return guarantee

    return make


@pytest.fixture
def ibk_source(banks):
    return ReportSource(bank=banks["IBK"], channel=BankChannel.API)


@pytest.fixture
def shinhan_source(banks):
    return ReportSource(bank=banks["SHINHAN"], channel=BankChannel.API)
