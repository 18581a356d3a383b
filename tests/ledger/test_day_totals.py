"""The daily posting totals the database keeps equal the postings, whatever wrote them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from ledger import chart
from ledger.models import Posting, PostingDayTotal
from ledger.selectors import balance, balance_by
from ledger.services import Line, journal_post, journal_reverse

pytestmark = pytest.mark.django_db

KEY = ("account_id", "entry_date", "branch_id", "program_id")


def _grouped(model, amount: str) -> dict:
    return {
        tuple(row[k] for k in KEY): (int(row["total"]), int(row["n"]))
        for row in model.objects.values(*KEY).annotate(total=Sum("amount_krw"), n=amount)
    }


def assert_totals_match_postings():
    postings = _grouped(Posting, Count("id"))
    totals = _grouped(PostingDayTotal, Sum("postings"))
    assert totals == postings
    assert PostingDayTotal.objects.count() == len(postings)  # one row per key, NULLs too


def test_services_a_reversal_and_a_bulk_load_all_reach_the_totals(organisation, programs):
    namdong, covid = organisation["NAMDONG"], programs["COVID19"]
    day = dt.date(2020, 6, 30)
    for n in range(3):  # the same key three times: one row, summed
        journal_post(
            date=day,
            kind="contribution",
            idempotency_key=f"c{n}",
            lines=[Line(chart.CASH, 1_000), Line(chart.base_asset_account("city"), -1_000)],
        )
    entry = journal_post(
        date=day,
        kind="guarantee_issue",
        idempotency_key="g1",
        lines=[
            Line(chart.EXPOSURE, 5_000, branch_id=namdong.pk, program_id=covid.pk),
            Line(chart.EXPOSURE_CONTRA, -5_000, branch_id=namdong.pk, program_id=covid.pk),
        ],
    )
    journal_reverse(entry=entry, date=dt.date(2020, 7, 1), reason="정정")
    assert_totals_match_postings()
    assert balance(accounts=[chart.EXPOSURE], at=day, branch_id=namdong.pk) == 5_000
    assert balance(accounts=[chart.EXPOSURE], at=dt.date(2020, 7, 1)) == 0
    assert balance_by(accounts=[chart.CASH], at=day, dimension="branch_id") == {None: 3_000}

    call_command("seed_demo", "--scale", "tiny")  # COPY of thousands of postings at once

    assert_totals_match_postings()
