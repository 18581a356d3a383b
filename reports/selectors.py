"""Reads for the pledge page (programme supply against its yearly targets)."""

from __future__ import annotations

import datetime as dt

from common.money import percent
from programs.models import ProgramYearTarget


def program_supply(*, program_id: int, year: int) -> dict:
    """A programme's supply in a year (issuances + extensions: count, amount), by the guarantee
    book's journal definition, so the pledge page and the council report agree."""
    from guarantees.book.selectors import flow

    return flow(
        metric="supply",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        program_id=program_id,
    )


def pledge_rows() -> list[dict]:
    """Per programme and year with a target: target vs actual (count, amount) and 달성률."""
    targets = list(
        ProgramYearTarget.objects.select_related("program").order_by("program__code", "year")
    )
    rows = []
    for t in targets:
        got = program_supply(program_id=t.program_id, year=t.year)
        rate_amount = percent(got["amount_krw"], t.amount_krw)
        rows.append(
            {
                "program": t.program,
                "year": t.year,
                "target_count": t.count,
                "target_amount_krw": t.amount_krw,
                "actual_count": got["count"],
                "actual_amount_krw": got["amount_krw"],
                "rate_count": percent(got["count"], t.count),
                "rate_amount": rate_amount,
                # Bar width in percent of the track, capped so an over-achiever stays inside.
                "bar_pct": min(int(rate_amount or 0), 100),
            }
        )
    return rows
