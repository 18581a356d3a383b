"""Reads over the journal: balances at a date, by account and by dimension.

All are one SQL aggregate over `ledger_posting` using the (account, entry_date) index, exact
for any past date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from . import chart
from .models import Account, Posting


def balance(*, accounts: list[str], at: dt.date, **dimensions) -> int:
    """Σ signed postings (debit +) on `accounts` dated on or before `at`, filtered by
    dimensions such as branch_id=…, program_id=…, guarantee_id=…"""
    total = Posting.objects.filter(
        account__code__in=accounts, entry_date__lte=at, **dimensions
    ).aggregate(total=Sum("amount_krw"))["total"]
    return int(total or 0)


def balance_by(*, accounts: list[str], at: dt.date, dimension: str) -> dict[int | str, int]:
    """Balances grouped by one dimension (`branch_id`, `program_id`, `contributor` …)."""
    rows = (
        Posting.objects.filter(account__code__in=accounts, entry_date__lte=at)
        .values(dimension)
        .annotate(total=Sum("amount_krw"))
    )
    return {row[dimension]: int(row["total"]) for row in rows if row["total"]}


def base_asset_codes() -> list[str]:
    return list(Account.objects.filter(is_base_asset=True).values_list("code", flat=True))


def base_assets(at: dt.date) -> int:
    """기본재산 at `at`: contributions minus accumulated loss (credit-normal, so negated)."""
    return -balance(accounts=base_asset_codes(), at=at)


def base_assets_by_category(at: dt.date) -> dict[str, int]:
    """Contributions by contributor category and the accumulated loss, as positive won."""
    rows = (
        Posting.objects.filter(account__is_base_asset=True, entry_date__lte=at)
        .values("account__code", "account__category")
        .annotate(total=Sum("amount_krw"))
    )
    result: dict[str, int] = {}
    for row in rows:
        key = "loss" if row["account__code"] == chart.ACCUMULATED_LOSS else row["account__category"]
        result[key] = result.get(key, 0) + abs(int(row["total"] or 0))
    return result


def outstanding_exposure(at: dt.date, **dimensions) -> int:
    """보증잔액: the exposure memo account's balance at `at`."""
    return balance(accounts=[chart.EXPOSURE], at=at, **dimensions)


def multiplier(outstanding_krw: int, base_krw: int) -> Decimal | None:
    """보증운용배수 = outstanding ÷ base assets, two decimals half up."""
    from .money import ratio

    return ratio(outstanding_krw, base_krw, places=2)
