"""A small book with history: 24 guarantees, accidents, normalisation, subrogations, a
recovery and an accident still open at the date."""

from __future__ import annotations

import datetime as dt

import pytest

from guarantees.book.services import guarantee_event_record
from ledger.services import contribution_record
from tests.guarantees.book.factories import make_guarantee

DAY = dt.date(2022, 12, 31)


@pytest.fixture
def book(organisation, programs):
    branch = organisation["NAMDONG"]
    contribution_record(date=dt.date(2019, 1, 2), category="city", amount_krw=300_000_000)
    made = [
        make_guarantee(
            branch=branch,
            program=programs["COVID19"] if i % 2 else None,
            amount_krw=100_000_000,
            issued_on=dt.date(2020, 1, 2) + dt.timedelta(days=i),
        )
        for i in range(24)
    ]
    # History: four accidents in the window; one normalised, two subrogated, one still open.
    for guarantee, accident_on in zip(
        made[:4], [dt.date(2021, 3, 2)] * 3 + [dt.date(2022, 11, 1)], strict=True
    ):
        guarantee_event_record(
            guarantee_id=guarantee.id, kind="accident", date=accident_on, amount_krw=100_000_000
        )
    guarantee_event_record(
        guarantee_id=made[0].id,
        kind="normalization",
        date=dt.date(2021, 5, 3),
        amount_krw=100_000_000,
    )
    for guarantee in made[1:3]:
        guarantee_event_record(
            guarantee_id=guarantee.id,
            kind="subrogation",
            date=dt.date(2021, 9, 1),
            amount_krw=100_000_000,
        )
    guarantee_event_record(
        guarantee_id=made[1].id, kind="recovery", date=dt.date(2022, 3, 2), amount_krw=50_000_000
    )
    return made
