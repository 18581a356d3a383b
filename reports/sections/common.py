"""Shared reads and small shapes for the section builders.

Builders return plain data: amounts in whole won (ints), rates as Decimal (or None when the
base is zero). Rounding to 백만원 and one decimal happens once, in the template filters
(`reports_format`), through common/money.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Sum

from common.money import percent, percent_change
from ledger import chart
from ledger.models import Posting


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


# One report asks for the same year's book figures in several sections; within a build
# (`report_cache()`), each is read once. Outside a build nothing is cached.
_cache: ContextVar[dict | None] = ContextVar("report_cache", default=None)


@contextmanager
def report_cache():
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def _cached(key: tuple, compute):
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def book_summary(year: int) -> dict:
    """The guarantee book's yearly figures (issue #5's selector, imported when called)."""
    from guarantees.book.selectors import book_summary as _book_summary

    return _cached(("book_summary", year), lambda: _book_summary(year=year))


def prefetch_book_summaries(years: list[int]) -> None:
    """Inside a build, read the figures of `years` at once (their year-end balances in one
    pass over the journal) so that the sections find them cached."""
    from guarantees.book.selectors import book_summaries

    cache = _cache.get()
    if cache is None:
        return
    for year, summary in book_summaries(years=years).items():
        cache[("book_summary", year)] = summary


def compute_multipliers(date: dt.date) -> dict:
    """Foundation, programme and branch multipliers at a date (issue #5's service)."""
    from ledger.multipliers import compute_multipliers as _compute

    return _compute(date=date)


def contributions_in_year(year: int) -> dict[tuple[str, str], int]:
    """출연금 booked in `year` by (category, contributor), positive won (journal postings on the
    base-asset contribution accounts, credits negated; accumulated loss excluded)."""
    rows = (
        Posting.objects.filter(
            account__is_base_asset=True,
            entry_date__gte=dt.date(year, 1, 1),
            entry_date__lte=year_end(year),
        )
        .exclude(account__code=chart.ACCUMULATED_LOSS)
        .values("account__category", "contributor")
        .annotate(total=Sum("amount_krw"))
    )
    result: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        if row["total"]:
            result[(row["account__category"], row["contributor"])] += -int(row["total"])
    return dict(result)


def change_row(label: str, old: dict, new: dict) -> dict:
    """A year-on-year row: counts and won amounts for both years, their change and Δ%."""
    return {
        "label": label,
        "old_count": old["count"],
        "old_amount_krw": old["amount_krw"],
        "new_count": new["count"],
        "new_amount_krw": new["amount_krw"],
        "delta_count": new["count"] - old["count"],
        "delta_amount_krw": new["amount_krw"] - old["amount_krw"],
        "rate_count": percent_change(new["count"], old["count"]),
        "rate_amount": percent_change(new["amount_krw"], old["amount_krw"]),
    }


def achievement(plan: int, actual: int):
    """달성률 = actual ÷ plan × 100, one decimal half up (None without a plan)."""
    return percent(actual, plan)
