"""9. 보증공급 현황: supply in the year and balance at its end, against the year before
(guarantee book selector `book_summary`)."""

from __future__ import annotations

from .common import book_summary, change_row

TITLE = "보증공급 현황"


def build(year: int) -> dict:
    old, new = book_summary(year - 1), book_summary(year)
    return {
        "old_year": year - 1,
        "new_year": year,
        "rows": [
            change_row("보증공급", old["supply"], new["supply"]),
            change_row("보증잔액", old["balance"], new["balance"]),
        ],
    }
