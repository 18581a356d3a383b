import datetime as dt

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import role_required

from . import selectors
from .models import BaseAssetCategory, MultiplierThreshold


def _year_ends(until: dt.date, count: int = 6) -> list[dt.date]:
    last = until.year - 1 if until < dt.date(until.year, 12, 31) else until.year
    return [dt.date(year, 12, 31) for year in range(last - count + 1, last + 1)]


@require_GET
@role_required(Role.STRATEGY, Role.EXECUTIVE, Role.AUDITOR, Role.HQ_SALES)
def dashboard(request):
    """보증운용배수 현황: today's base assets, outstanding guarantees and multiplier, and the
    base assets at each recent year end — all read from the journal."""
    today = timezone.localdate()
    base = selectors.base_assets(today)
    outstanding = selectors.outstanding_exposure(today)
    threshold = MultiplierThreshold.objects.filter(effective_from__lte=today).first()
    value = selectors.multiplier(outstanding, base)
    history = []
    previous = None
    for year_end in _year_ends(today):
        amount = selectors.base_assets(year_end)
        history.append(
            {
                "date": year_end,
                "base_assets_krw": amount,
                "change_krw": None if previous is None else amount - previous,
            }
        )
        previous = amount
    level = None
    if value is not None and threshold is not None:
        level = (
            "danger"
            if value >= threshold.limit
            else "warning"
            if value >= threshold.warning
            else None
        )
    return render(
        request,
        "ledger/dashboard.html",
        {
            "today": today,
            "base_assets_krw": base,
            "outstanding_krw": outstanding,
            "multiplier": value,
            "threshold": threshold,
            "level": level,
            "history": history,
            "by_category": _category_rows(selectors.base_assets_by_category(today)),
        },
    )


def _category_rows(by_category: dict[str, int]) -> list[tuple[str, int]]:
    rows = [(category.label, by_category.get(category.value, 0)) for category in BaseAssetCategory]
    rows.append(("누적결손금(△)", -by_category.get("loss", 0)))
    return [(label, amount) for label, amount in rows if amount]
