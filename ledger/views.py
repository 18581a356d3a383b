import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import post_only, role_required

from . import selectors
from .charts import bar_width, trend_chart
from .models import (
    BaseAssetCategory,
    MultiplierRun,
    MultiplierRunTrigger,
    MultiplierScope,
    MultiplierSnapshot,
    MultiplierThreshold,
)
from .program_scope import program_funding
from .runs import multiplier_run_request
from .services import loss_close_year


def _year_ends(until: dt.date, count: int = 6) -> list[dt.date]:
    last = until.year - 1 if until < dt.date(until.year, 12, 31) else until.year
    return [dt.date(year, 12, 31) for year in range(last - count + 1, last + 1)]


@require_GET
@role_required(Role.STRATEGY, Role.EXECUTIVE, Role.AUDITOR, Role.HQ_SALES)
def dashboard(request):
    """보증운용배수 현황: today's base assets, outstanding guarantees and multiplier, and the
    base assets at each recent year end — all read from the journal."""
    today = timezone.localdate()
    year_ends = _year_ends(today)
    base_at = selectors.base_assets_at([today, *year_ends])  # one query for all the dates
    base = base_at[today]
    outstanding = selectors.outstanding_exposure(today)
    threshold = MultiplierThreshold.objects.filter(effective_from__lte=today).first()
    value = selectors.multiplier(outstanding, base)
    history = []
    previous = None
    for year_end in year_ends:
        amount = base_at[year_end]
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
            **_snapshot_context(threshold),
            "can_close_loss": request.user.has_role(Role.STRATEGY),
        },
    )


def _snapshot_context(threshold) -> dict:
    """The stored snapshots: the trend (last 36 dates) and the latest programme bars."""
    foundation = list(
        MultiplierSnapshot.objects.filter(
            scope=MultiplierScope.FOUNDATION, multiplier__isnull=False
        ).order_by("-date")[:36]
    )[::-1]
    chart = trend_chart(
        [(s.date, s.multiplier) for s in foundation],
        warning=threshold.warning if threshold else None,
        limit=threshold.limit if threshold else None,
    )
    latest = foundation[-1] if foundation else None
    programs = []
    if latest is not None:
        capacity = {p.code: (p.name, p.capacity_krw) for p in program_funding(latest.date)}
        for snap in MultiplierSnapshot.objects.filter(
            date=latest.date, scope=MultiplierScope.PROGRAM
        ).order_by("scope_code"):
            name, cap = capacity.get(snap.scope_code, (snap.scope_code, 0))
            used_pct = round(snap.outstanding_krw * 100 / cap, 1) if cap else None
            programs.append(
                {
                    "code": snap.scope_code,
                    "name": name,
                    "outstanding_krw": snap.outstanding_krw,
                    "capacity_krw": cap,
                    "multiplier": snap.multiplier,
                    "used_pct": used_pct,
                    "bar": bar_width(snap.outstanding_krw, cap, width=200),
                    "level": "danger"
                    if used_pct and used_pct >= 100
                    else "warning"
                    if used_pct and used_pct >= 90
                    else "",
                }
            )
    snapshot_level = None
    if latest is not None and threshold is not None:
        if latest.multiplier >= threshold.limit:
            snapshot_level = "danger"
        elif latest.multiplier >= threshold.warning:
            snapshot_level = "warning"
    this_year = timezone.localdate().year
    return {
        "can_close_loss": False,
        "closing_years": range(this_year - 1, this_year - 8, -1),
        "chart": chart,
        "latest_snapshot": latest,
        "snapshot_level": snapshot_level,
        "program_bars": programs,
        "multiplier_runs": MultiplierRun.objects.select_related("requested_by")[:5],
    }


@role_required(Role.STRATEGY, Role.EXECUTIVE, Role.HQ_SALES)
@post_only()
def snapshot_now(request):
    """지금 계산: queue today's snapshot run (stored like the nightly job's, one row per scope);
    a second press while it runs shows the same run."""
    run, created = multiplier_run_request(
        date=timezone.localdate(), trigger=MultiplierRunTrigger.BUTTON, requested_by=request.user
    )
    if created:
        messages.success(
            request,
            f"{run.date} 기준 운용배수 계산을 요청했습니다. 잠시 후 새로 고치면 반영됩니다.",
        )
    else:
        messages.info(request, f"{run.date} 기준 운용배수는 이미 계산 중입니다.")
    return redirect("ledger:dashboard")


def _category_rows(by_category: dict[str, int]) -> list[tuple[str, int]]:
    rows = [(category.label, by_category.get(category.value, 0)) for category in BaseAssetCategory]
    rows.append(("누적결손금(△)", -by_category.get("loss", 0)))
    return [(label, amount) for label, amount in rows if amount]


@role_required(Role.STRATEGY)
@post_only()
def loss_close(request):
    """결산 결손 처리: close a year's loss into accumulated loss (전략기획부 only)."""
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "연도를 선택해 주세요.")
        return redirect("ledger:dashboard")
    if not 1998 <= year < timezone.localdate().year:
        messages.error(request, "끝난 연도만 결산할 수 있습니다.")
        return redirect("ledger:dashboard")
    entry = loss_close_year(year=year, actor=request.user)
    if entry is None:
        messages.info(request, f"{year}년에 더 처리할 결손이 없습니다.")
    else:
        messages.success(
            request, f"{year}년 결손 {entry.postings.first().amount_krw:,}원을 처리했습니다."
        )
    return redirect("ledger:dashboard")
