"""11. 보증사고 및 회수 현황: accidents, normalisations, recourse claims arisen (subrogations)
and recoveries, against the year before (guarantee book selector `book_summary`)."""

from __future__ import annotations

from .common import book_summary, change_row

TITLE = "보증사고 및 회수 현황"


def build(year: int) -> dict:
    old, new = book_summary(year - 1), book_summary(year)
    return {
        "old_year": year - 1,
        "new_year": year,
        "groups": [
            {
                "label": "보증사고",
                "rows": [
                    change_row("발생", old["accidents"], new["accidents"]),
                    change_row("정상화", old["normalizations"], new["normalizations"]),
                ],
            },
            {
                "label": "구상채권",
                "rows": [
                    change_row("발생", old["subrogations"], new["subrogations"]),
                    change_row("회수", old["recoveries"], new["recoveries"]),
                ],
            },
        ],
        "claims_balance_krw": new["claims_balance_krw"],
        "write_offs": new["write_offs"],
    }
