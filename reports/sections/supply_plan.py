"""10. 보증공급 계획 대비 실적: plan from the register, actual = the year's supply."""

from __future__ import annotations

from reports.models import SupplyPlan

from .common import achievement, book_summary

TITLE = "보증공급 계획 대비 실적"


def build(year: int) -> dict:
    plan = SupplyPlan.objects.filter(year=year).first()
    supply = book_summary(year)["supply"]
    plan_count = plan.count if plan else 0
    plan_amount = plan.amount_krw if plan else 0
    return {
        "year": year,
        "has_plan": plan is not None,
        "rows": [
            {
                "label": "보증건수",
                "unit": "count",
                "plan": plan_count,
                "actual": supply["count"],
                "rate": achievement(plan_count, supply["count"]),
            },
            {
                "label": "보증공급",
                "unit": "amount",
                "plan": plan_amount,
                "actual": supply["amount_krw"],
                "rate": achievement(plan_amount, supply["amount_krw"]),
            },
        ],
    }
