"""seed_demo (tiny) runs the maturity sweep and the loan executions through the services:
today's exposure counts no loan past its grace, the 2015–2020 figures stay the oracle's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from guarantees.book.selectors import outstanding_guarantees
from guarantees.models import (
    BankChannel,
    Guarantee,
    GuaranteeStatus,
    LoanExecution,
    OverdueMaturity,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_closes_what_matured_beyond_the_grace_and_reports_executions():
    call_command("seed_demo", "--scale", "tiny")
    today = timezone.localdate()

    past_grace = Guarantee.objects.filter(
        status=GuaranteeStatus.ACTIVE, matures_on__lte=today - dt.timedelta(days=90)
    )
    assert not past_grace.exists()
    closed = OverdueMaturity.objects.filter(closed_by_policy=True)
    assert closed.exists()
    # each closed on its maturity + 90 days (or later, after its last entry), never today
    for row in closed.select_related("event")[:50]:
        assert row.event.kind == "termination"
        assert row.event.date >= row.matures_on + dt.timedelta(days=90)
        assert row.event.date < today
    # today's exposure = the live guarantees' (none of those the policy closed)
    live = outstanding_guarantees(at=today)
    assert (
        live["count"]
        == Guarantee.objects.filter(
            status__in=[GuaranteeStatus.ACTIVE, GuaranteeStatus.ACCIDENT]
        ).count()
    )
    # programme guarantees with an interest subsidy have their execution, with a rate
    subsidised = Guarantee.objects.filter(program__subsidy_steps__isnull=False).distinct()
    executed = LoanExecution.objects.filter(guarantee__in=subsidised)
    assert executed.count() == subsidised.filter(bank_name__in=list(_partner_bank_names())).count()
    assert all(
        dt.date(2000, 1, 1) <= e.executed_on and 0 < e.interest_rate_pct < 10 for e in executed
    )
    assert executed.filter(channel=BankChannel.IMPORT).count() == executed.count()


def _partner_bank_names():
    from programs.models import Bank

    return Bank.objects.values_list("name", flat=True)


def test_demo_loan_executions_go_through_the_bank_service_and_feed_the_subsidy(
    make_bank_guarantee,
):
    from demo.maturity import demo_rate_pct, seed_loan_executions
    from guarantees.book.selectors import interest_subsidy_by_program
    from guarantees.book.services import guarantee_event_record

    issued = dt.date(2024, 3, 4)
    portal = make_bank_guarantee(issued_on=issued)  # COVID19: a subsidy schedule
    repaid = make_bank_guarantee(issued_on=issued, imported=True)
    guarantee_event_record(guarantee_id=repaid.id, kind="termination", date=dt.date(2025, 6, 30))
    elsewhere = make_bank_guarantee(issued_on=issued, bank_name="어느저축은행")
    general = make_bank_guarantee(issued_on=issued, program_code=None)
    before = interest_subsidy_by_program(year=2025)
    assert sum(r["not_executed"] for r in before["rows"]) == 3

    counts = seed_loan_executions()

    assert counts == {"executed": 2, "no_partner_bank": 1}
    execution = LoanExecution.objects.get(guarantee=portal)
    assert (execution.executed_on, execution.loan_amount_krw, execution.channel) == (
        issued,
        portal.loan_amount_krw,
        BankChannel.IMPORT,
    )
    assert execution.interest_rate_pct == demo_rate_pct(portal.guarantee_no, issued)
    assert execution.exposure_event is None  # the whole loan: no exposure moves
    assert LoanExecution.objects.filter(guarantee=repaid).exists()  # repaid since: still
    assert not LoanExecution.objects.filter(guarantee__in=[elsewhere, general]).exists()
    after = interest_subsidy_by_program(year=2025)
    assert sum(r["not_executed"] for r in after["rows"]) == 1  # the non-partner bank's
    assert sum(r["amount_krw"] for r in after["rows"]) > 0
    assert seed_loan_executions() == {"executed": 0, "no_partner_bank": 1}  # twice = once


def test_the_demo_rate_is_the_years_rate_within_half_a_point():
    from decimal import Decimal

    from demo.maturity import SME_LOAN_RATE_PCT, demo_rate_pct

    rates = {demo_rate_pct(f"G-{n:05d}", dt.date(2023, 5, 1)) for n in range(200)}
    base = Decimal(SME_LOAN_RATE_PCT[2023])
    assert min(rates) >= base - Decimal("0.5") and max(rates) <= base + Decimal("0.5")
    assert len(rates) > 50
    assert demo_rate_pct("G-00001", dt.date(2010, 1, 1)) == demo_rate_pct(
        "G-00001", dt.date(2015, 1, 1)
    )
