import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.history_views import history_page
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


DASHBOARD_ROLES = (Role.STRATEGY, Role.EXECUTIVE, Role.AUDITOR, Role.HQ_SALES)


@require_GET
@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    """보증운용배수 현황 at any date (?date=YYYY-MM-DD, today by default): base assets,
    outstanding guarantees and multiplier, each programme against its capacity and each
    branch's exposure — all computed from the journal when the page is asked for (the stored
    snapshots only draw the trend chart) — and the base assets at each earlier year end."""
    today, date_error = _dashboard_date(request)
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
    live = _live_scopes(today)
    month_chart, month_rows = _month_end_trend(today, threshold)
    return render(
        request,
        "ledger/dashboard.html",
        {
            "today": today,
            "is_today": today == timezone.localdate(),
            "date_error": date_error,
            "base_assets_krw": base,
            "outstanding_krw": outstanding,
            "multiplier": value,
            "threshold": threshold,
            "level": level,
            "history": history,
            "by_category": _category_rows(selectors.base_assets_by_category(today)),
            **_snapshot_context(threshold),
            **live,
            "month_chart": month_chart,
            "month_rows": month_rows,
            "can_close_loss": request.user.has_role(Role.STRATEGY),
        },
        status=400 if date_error else 200,
    )


def _dashboard_date(request) -> tuple[dt.date, str]:
    """The date the page is about, and a Korean error when the asked one cannot be used."""
    today = timezone.localdate()
    raw = (request.GET.get("date") or "").strip()
    if not raw:
        return today, ""
    try:
        asked = dt.date.fromisoformat(raw)
    except ValueError:
        return today, f"기준일 ‘{raw[:20]}’을 날짜로 읽을 수 없습니다. 예: 2020-12-31"
    if asked > today:
        return today, "기준일은 오늘 이전이어야 합니다 (앞으로의 잔액은 알 수 없습니다)."
    if asked.year < 1998:
        return today, "기준일은 1998년 이후여야 합니다."
    return asked, ""


MONTHS_ON_CHART = 24


def _month_end_trend(on: dt.date, threshold) -> tuple[dict | None, list[dict]]:
    """The multiplier at each of the 24 month ends up to the page's date, computed from the
    journal (two queries, whatever the number of months): the chart's points and the table
    under it, each linking to the dashboard at that month end."""
    ends = selectors.month_ends(on, MONTHS_ON_CHART)
    base = selectors.base_assets_at(ends)
    exposure = selectors.exposure_at(ends)
    rows = [
        {
            "date": end,
            "outstanding_krw": exposure[end],
            "base_assets_krw": base[end],
            "multiplier": selectors.multiplier(exposure[end], base[end]),
        }
        for end in ends
    ]
    points = [(r["date"], r["multiplier"]) for r in rows if r["multiplier"] is not None]
    chart = trend_chart(
        points,
        warning=threshold.warning if threshold else None,
        limit=threshold.limit if threshold else None,
    )
    return chart, rows[::-1]


def _live_scopes(on: dt.date) -> dict:
    """Programmes (against capacity) and branches (exposure, share, change since the previous
    year end) at `on`, computed now from the journal's daily totals (two grouped queries)."""
    from branches.models import OrgUnit

    from .multipliers import compute_multipliers

    now = compute_multipliers(date=on)
    previous_end = dt.date(on.year - 1, 12, 31)
    before = compute_multipliers(date=previous_end)
    exposure = {row["program_code"]: row for row in now["programs"]}
    programs = []
    for p in program_funding(on):
        row = exposure.get(p.code)
        outstanding = row["outstanding_krw"] if row else 0
        if not outstanding and not p.capacity_krw:
            continue
        used_pct = round(outstanding * 100 / p.capacity_krw, 1) if p.capacity_krw else None
        programs.append(
            {
                "code": p.code,
                "name": p.name,
                "outstanding_krw": outstanding,
                "capacity_krw": p.capacity_krw,
                "multiplier": row["multiplier"] if row else None,
                "used_pct": used_pct,
                "bar": bar_width(outstanding, p.capacity_krw, width=200),
                "level": "danger"
                if used_pct and used_pct >= 100
                else "warning"
                if used_pct and used_pct >= 90
                else "",
            }
        )
    names = dict(OrgUnit.objects.filter(kind="branch").values_list("code", "name"))
    order = list(OrgUnit.objects.filter(kind="branch").values_list("code", flat=True))
    earlier = {b["branch_code"]: b["outstanding_krw"] for b in before["branches"]}
    total = now["outstanding_krw"]
    branches = [
        {
            "code": b["branch_code"],
            "name": names.get(b["branch_code"], b["branch_code"]),
            "outstanding_krw": b["outstanding_krw"],
            "share_pct": round(b["outstanding_krw"] * 100 / total, 1) if total else None,
            "change_krw": b["outstanding_krw"] - earlier.get(b["branch_code"], 0),
        }
        for b in now["branches"]
    ]
    branches.sort(key=lambda b: order.index(b["code"]) if b["code"] in order else len(order))
    return {
        "program_bars": programs,
        "branch_rows": branches,
        "previous_year_end": previous_end,
        "computed_at": timezone.localtime(),
    }


def _snapshot_context(threshold) -> dict:
    """The stored snapshots: the trend chart (last 36 dates). The programme bars are not read
    from them any more (issue 19 row 8): _live_scopes computes them for the page's date."""
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


# 운용배수 기준 변경 이력: every threshold row (a new effective date is a new row), for whoever
# reads the dashboard that applies them.
threshold_history = history_page(
    models=MultiplierThreshold,
    roles=DASHBOARD_ROLES,
    back=lambda request, obj, kind: (reverse("ledger:dashboard"), "보증운용배수 현황"),
)
