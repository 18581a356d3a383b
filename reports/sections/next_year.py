"""15. 다음 연도 주요업무 추진계획: supply and contribution plans and programme sizes for
`year + 1` (registers and programme targets)."""

from __future__ import annotations

from programs.models import ProgramYearTarget
from reports.models import ContributionGroup, ContributionPlan, SupplyPlan, contribution_group_label

TITLE = "보증공급·정책보증·기본재산 확충 계획"


def build(year: int) -> dict:
    plan_year = year + 1
    supply = SupplyPlan.objects.filter(year=plan_year).first()
    plans = {p.group: p for p in ContributionPlan.objects.filter(year=plan_year)}
    contributions = [
        {
            "label": contribution_group_label(g),
            "amount_krw": plans[g].amount_krw,
            "note": plans[g].note,
        }
        for g, _label in ContributionGroup.choices
        if g in plans
    ]
    supply_rows = []
    if supply:
        supply_rows.append(
            {
                "label": "건수",
                "total": supply.count,
                "new": supply.new_count,
                "extension": supply.count - supply.new_count
                if supply.new_count is not None
                else None,
                "unit": "count",
            }
        )
        supply_rows.append(
            {
                "label": "금액",
                "total": supply.amount_krw,
                "new": supply.new_amount_krw,
                "extension": supply.amount_krw - supply.new_amount_krw
                if supply.new_amount_krw is not None
                else None,
                "unit": "amount",
            }
        )
    programs = [
        {
            "name": t.program.name,
            "summary": t.program.summary,
            "amount_krw": t.amount_krw,
            "count": t.count,
        }
        for t in ProgramYearTarget.objects.filter(year=plan_year)
        .select_related("program")
        .order_by("-amount_krw", "program__code")
    ]
    return {
        "plan_year": plan_year,
        "supply_rows": supply_rows,
        "contributions": contributions,
        "contributions_total_krw": sum(c["amount_krw"] for c in contributions),
        "programs": programs,
        "programs_total_krw": sum(p["amount_krw"] for p in programs),
    }
