"""7. 출연금 확충 계획 대비 실적: plan from the register, actual = contributions booked in the
year by group (journal), with the contributors named in the 비고 column."""

from __future__ import annotations

from common.money import format_million
from reports.models import (
    CONTRIBUTION_GROUP_CATEGORIES,
    ContributionGroup,
    ContributionPlan,
    contribution_group_label,
)

from .common import achievement, contributions_in_year

TITLE = "출연금 확충 계획 대비 실적"


def build(year: int) -> dict:
    plans = {p.group: p for p in ContributionPlan.objects.filter(year=year)}
    booked = contributions_in_year(year)
    rows = []
    for group, _label in ContributionGroup.choices:
        label = contribution_group_label(group)
        categories = CONTRIBUTION_GROUP_CATEGORIES[group]
        by_contributor: dict[str, int] = {}
        for (category, contributor), amount in booked.items():
            if category in categories:
                name = contributor or "기타"
                by_contributor[name] = by_contributor.get(name, 0) + amount
        actual = sum(by_contributor.values())
        plan = plans[group].amount_krw if group in plans else 0
        detail = ", ".join(
            f"{name} {format_million(amount)}"
            for name, amount in sorted(by_contributor.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        rows.append(
            {
                "label": label,
                "plan_krw": plan,
                "actual_krw": actual,
                "rate": achievement(plan, actual),
                "detail": detail,
            }
        )
    plan_total = sum(r["plan_krw"] for r in rows)
    actual_total = sum(r["actual_krw"] for r in rows)
    return {
        "year": year,
        "rows": rows,
        "plan_total_krw": plan_total,
        "actual_total_krw": actual_total,
        "rate_total": achievement(plan_total, actual_total),
        "has_plan": bool(plans),
    }
