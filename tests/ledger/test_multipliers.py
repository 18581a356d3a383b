"""compute_multipliers: the JSON shape, rounding half up, and one snapshot per date and scope."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from ledger.models import MultiplierScope, MultiplierSnapshot
from ledger.multipliers import compute_multipliers, multiplier_snapshot_store
from ledger.services import contribution_record
from tests.guarantees.book.factories import make_guarantee

DAY = dt.date(2020, 12, 31)


@pytest.fixture
def book(organisation, programs):
    # The city's contribution funds COVID19: the programme's funding is what the journal holds.
    contribution_record(
        date=dt.date(2020, 1, 1),
        category="city",
        amount_krw=200_000_000,
        program_id=programs["COVID19"].id,
    )
    # 1,001,000,000 ÷ 200,000,000 = 5.005 → 5.01 (half up)
    make_guarantee(
        branch=organisation["NAMDONG"],
        program=programs["COVID19"],
        amount_krw=1_000_000_000,
        issued_on=dt.date(2020, 2, 3),
    )
    make_guarantee(
        branch=organisation["BUPYEONG"], amount_krw=1_000_000, issued_on=dt.date(2020, 5, 4)
    )


@pytest.mark.django_db
def test_the_json_has_foundation_programme_and_branch_figures(book):
    out = StringIO()
    call_command("compute_multipliers", "--date", "2020-12-31", "--json", stdout=out)
    figures = json.loads(out.getvalue())

    assert figures["date"] == "2020-12-31"
    assert figures["outstanding_krw"] == 1_001_000_000
    assert figures["base_assets_krw"] == 200_000_000
    assert figures["multiplier"] == "5.01"
    covid = next(p for p in figures["programs"] if p["program_code"] == "COVID19")
    assert covid["outstanding_krw"] == 1_000_000_000
    assert covid["funding_krw"] == 200_000_000
    assert covid["multiplier"] == "5.00"
    branches = {b["branch_code"]: b["outstanding_krw"] for b in figures["branches"]}
    assert branches["NAMDONG"] == 1_000_000_000
    assert branches["BUPYEONG"] == 1_000_000


@pytest.mark.django_db
def test_the_command_records_its_run_and_refuses_while_a_worker_computes(book):
    from django.core.management.base import CommandError
    from django.utils import timezone

    from ledger.models import MultiplierRun

    call_command("compute_multipliers", "--date", "2020-12-31", stdout=StringIO())
    run = MultiplierRun.objects.get()
    assert (run.trigger, run.status, run.attempts, run.multiplier) == (
        "command",
        "done",
        1,
        "5.01",
    )

    MultiplierRun.objects.create(  # a live worker is computing 2021-01-01 right now
        date=dt.date(2021, 1, 1),
        trigger="nightly",
        status="running",
        heartbeat_at=timezone.now(),
        started_at=timezone.now(),
    )
    with pytest.raises(CommandError, match="다른 작업이 계산하고 있습니다"):
        call_command("compute_multipliers", "--date", "2021-01-01", stdout=StringIO())


@pytest.mark.django_db
def test_a_past_date_ignores_later_postings(book):
    assert compute_multipliers(date=dt.date(2020, 3, 1))["outstanding_krw"] == 1_000_000_000
    assert compute_multipliers(date=dt.date(2019, 12, 31))["multiplier"] is None


@pytest.mark.django_db
def test_storing_twice_keeps_one_row_per_date_and_scope(book):
    multiplier_snapshot_store(date=DAY)
    first = MultiplierSnapshot.objects.count()

    multiplier_snapshot_store(date=DAY)

    assert MultiplierSnapshot.objects.count() == first
    assert MultiplierSnapshot.objects.get(
        date=DAY, scope=MultiplierScope.FOUNDATION
    ).multiplier == Decimal("5.01")


@pytest.mark.django_db
def test_the_projected_multiplier_adds_the_amount_to_be_approved(book):
    from ledger.multipliers import projected_multiplier

    assert projected_multiplier(date=DAY, extra_krw=199_000_000) == "6.00"
