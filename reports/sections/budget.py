"""2. 예산 규모: next year's budget from the budget register (수입·지출, 사업·자본예산)."""

from __future__ import annotations

from itertools import zip_longest

from reports.models import BudgetKind, BudgetLine, BudgetSide

TITLE = "예산 규모"


def _lines(year: int, side: str, kind: str) -> tuple[list[dict], int]:
    lines = list(
        BudgetLine.objects.filter(year=year, side=side, kind=kind).order_by("sort_order", "id")
    )
    total = sum(line.amount_krw for line in lines if line.parent_id is None)
    rows = [
        {"name": line.name, "amount_krw": line.amount_krw, "is_child": line.parent_id is not None}
        for line in lines
    ]
    return rows, total


def build(year: int) -> dict:
    """The budget of `year + 1` (the year the council report is presented in)."""
    budget_year = year + 1
    blocks = []
    income_total = expense_total = 0
    for kind, label in BudgetKind.choices:
        income, income_sum = _lines(budget_year, BudgetSide.INCOME, kind)
        expense, expense_sum = _lines(budget_year, BudgetSide.EXPENSE, kind)
        income_total += income_sum
        expense_total += expense_sum
        blocks.append(
            {
                "kind": label,
                "income_total_krw": income_sum,
                "expense_total_krw": expense_sum,
                "rows": list(zip_longest(income, expense)),
            }
        )
    return {
        "budget_year": budget_year,
        "income_total_krw": income_total,
        "expense_total_krw": expense_total,
        "blocks": blocks,
        "empty": not income_total and not expense_total,
    }
