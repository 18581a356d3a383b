"""12. 보증운용배수: outstanding guarantees ÷ base assets at each year end, against the legal
ceiling (MultiplierThreshold), with the chart's geometry; by programme and branch at the end
of `year` (issue #5's `compute_multipliers`)."""

from __future__ import annotations

from decimal import Decimal

from branches.models import OrgUnit
from ledger.models import MultiplierThreshold
from ledger.selectors import base_assets, multiplier, outstanding_exposure
from programs.models import Program

from .common import compute_multipliers, year_end

TITLE = "보증운용배수"
YEARS = 5

# Chart geometry (SVG user units); the template draws what is computed here.
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36


def _chart(rows: list[dict], warning: Decimal | None, limit: Decimal | None) -> dict:
    values = [r["multiplier"] for r in rows if r["multiplier"] is not None]
    top = max([*values, limit or Decimal(0), Decimal(1)])
    scale_max = int(top) + 2
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / max(len(rows), 1)

    def y_of(value: Decimal) -> float:
        return round(TOP + plot_h * (1 - float(value) / scale_max), 1)

    bars = []
    for i, row in enumerate(rows):
        value = row["multiplier"] or Decimal(0)
        y = y_of(value)
        bars.append(
            {
                "x": round(LEFT + slot * i + slot * 0.25, 1),
                "y": y,
                "width": round(slot * 0.5, 1),
                "height": round(TOP + plot_h - y, 1),
                "label_x": round(LEFT + slot * i + slot * 0.5, 1),
                "value": row["multiplier"],
                "year": row["year"],
                "over": limit is not None and value > limit,
            }
        )
    ticks = [{"value": v, "y": y_of(Decimal(v))} for v in range(0, scale_max + 1, 2)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "year_label_y": TOP + plot_h + 20,
        "bars": bars,
        "ticks": ticks,
        "limit_y": y_of(limit) if limit is not None else None,
        "warning_y": y_of(warning) if warning is not None else None,
    }


def build(year: int) -> dict:
    at = year_end(year)
    threshold = MultiplierThreshold.objects.filter(effective_from__lte=at).first()
    limit = threshold.limit if threshold else None
    warning = threshold.warning if threshold else None
    rows = []
    for y in range(year - YEARS + 1, year + 1):
        outstanding = outstanding_exposure(year_end(y))
        base = base_assets(year_end(y))
        if not base and not outstanding:
            continue
        rows.append(
            {
                "year": y,
                "outstanding_krw": outstanding,
                "base_assets_krw": base,
                "multiplier": multiplier(outstanding, base),
            }
        )
    current = compute_multipliers(at)
    branch_names = dict(OrgUnit.objects.values_list("code", "name"))
    branch_order = dict(OrgUnit.objects.values_list("code", "sort_order"))
    program_names = dict(Program.objects.values_list("code", "name"))
    return {
        "at": at,
        "limit": limit,
        "warning": warning,
        "multiplier": Decimal(current["multiplier"]) if current["multiplier"] is not None else None,
        "outstanding_krw": current["outstanding_krw"],
        "base_assets_krw": current["base_assets_krw"],
        "headroom_krw": (
            int(limit * current["base_assets_krw"]) - current["outstanding_krw"] if limit else None
        ),
        "rows": rows,
        "programs": [
            {**p, "program_name": program_names.get(p["program_code"], p["program_code"])}
            for p in current["programs"]
            if p["outstanding_krw"]
        ],
        "branches": [
            {**b, "branch_name": branch_names.get(b["branch_code"], b["branch_code"])}
            for b in sorted(
                current["branches"], key=lambda b: branch_order.get(b["branch_code"], 0)
            )
        ],
        "chart": _chart(rows, warning, limit),
    }
