"""Reads over the journal: balances at a date, by account and by dimension.

All are one SQL aggregate, exact for any past date. Balances by account, branch and
programme read the daily totals the database keeps (`PostingDayTotal`: a few rows per day,
however big the book); a guarantee's or a contributor's balance reads `ledger_posting`
through its indexes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum

from . import chart
from .models import Account, Posting, PostingDayTotal

# The dimensions the daily totals keep (any other one is read from the postings).
DAY_TOTAL_DIMENSIONS = frozenset({"branch_id", "program_id"})


def _source(dimensions) -> type[Posting] | type[PostingDayTotal]:
    return PostingDayTotal if set(dimensions) <= DAY_TOTAL_DIMENSIONS else Posting


def _account_ids(codes: list[str]) -> list[int]:
    """Account ids, so that the planner sees the accounts (a join on the code hides them
    and costs a sequential scan of the daily totals)."""
    from .services import account_id

    return [account_id(code) for code in codes]


def balance(*, accounts: list[str], at: dt.date, **dimensions) -> int:
    """Σ signed postings (debit +) on `accounts` dated on or before `at`, filtered by
    dimensions such as branch_id=…, program_id=…, guarantee_id=…"""
    total = (
        _source(dimensions)
        .objects.filter(account_id__in=_account_ids(accounts), entry_date__lte=at, **dimensions)
        .aggregate(total=Sum("amount_krw"))["total"]
    )
    return int(total or 0)


def balance_by(*, accounts: list[str], at: dt.date, dimension: str) -> dict[int | str, int]:
    """Balances grouped by one dimension (`branch_id`, `program_id`, `contributor` …)."""
    rows = (
        _source([dimension])
        .objects.filter(account_id__in=_account_ids(accounts), entry_date__lte=at)
        .values(dimension)
        .annotate(total=Sum("amount_krw"))
    )
    return {row[dimension]: int(row["total"]) for row in rows if row["total"]}


_base_asset_codes: list[str] = []


def base_asset_codes() -> list[str]:
    """The base-asset accounts (cached like `account_id`: the chart changes only by
    migration), so that a page asking for base assets at several dates does not re-read
    them each time."""
    if not _base_asset_codes:
        _base_asset_codes.extend(
            Account.objects.filter(is_base_asset=True)
            .order_by("code")
            .values_list("code", flat=True)
        )
    return list(_base_asset_codes)


def base_assets(at: dt.date) -> int:
    """기본재산 at `at`: contributions minus accumulated loss (credit-normal, so negated)."""
    return -balance(accounts=base_asset_codes(), at=at)


def base_assets_at(dates: list[dt.date]) -> dict[dt.date, int]:
    """기본재산 at several dates, from one query over the daily totals."""
    if not dates:
        return {}
    sums = {
        f"d{i}": Sum("amount_krw", filter=Q(entry_date__lte=at), default=0)
        for i, at in enumerate(dates)
    }
    row = PostingDayTotal.objects.filter(
        account_id__in=_account_ids(base_asset_codes()), entry_date__lte=max(dates)
    ).aggregate(**sums)
    return {at: -int(row[f"d{i}"]) for i, at in enumerate(dates)}


def exposure_at(dates: list[dt.date]) -> dict[dt.date, int]:
    """보증잔액 at several dates (the month ends of the trend chart), from one query over the
    daily totals, as base_assets_at does for the denominator."""
    if not dates:
        return {}
    sums = {
        f"d{i}": Sum("amount_krw", filter=Q(entry_date__lte=at), default=0)
        for i, at in enumerate(dates)
    }
    row = PostingDayTotal.objects.filter(
        account_id__in=_account_ids([chart.EXPOSURE]), entry_date__lte=max(dates)
    ).aggregate(**sums)
    return {at: int(row[f"d{i}"]) for i, at in enumerate(dates)}


def month_ends(until: dt.date, count: int) -> list[dt.date]:
    """The last `count` month ends on or before `until`, oldest first."""
    ends: list[dt.date] = []
    day = until + dt.timedelta(days=1)
    month = dt.date(day.year, day.month, 1)  # the month end before it is on or before `until`
    while len(ends) < count:
        end = month - dt.timedelta(days=1)
        ends.append(end)
        month = dt.date(end.year, end.month, 1)
    return ends[::-1]


def base_assets_by_category(at: dt.date) -> dict[str, int]:
    """Contributions by contributor category and the accumulated loss, as positive won."""
    categories = dict(
        Account.objects.filter(is_base_asset=True).values_list("id", "category").order_by()
    )
    rows = (
        PostingDayTotal.objects.filter(account_id__in=list(categories), entry_date__lte=at)
        .values_list("account_id")
        .annotate(total=Sum("amount_krw"))
        .order_by()
    )
    loss_id = _account_ids([chart.ACCUMULATED_LOSS])[0]
    result: dict[str, int] = {}
    for account, total in rows:
        key = "loss" if account == loss_id else categories[account]
        result[key] = result.get(key, 0) + abs(int(total or 0))
    return result


def outstanding_exposure(at: dt.date, **dimensions) -> int:
    """보증잔액: the exposure memo account's balance at `at`."""
    return balance(accounts=[chart.EXPOSURE], at=at, **dimensions)


def multiplier(outstanding_krw: int, base_krw: int) -> Decimal | None:
    """보증운용배수 = outstanding ÷ base assets, two decimals half up."""
    from common.money import ratio

    return ratio(outstanding_krw, base_krw, places=2)
