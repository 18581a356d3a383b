"""8. 연도별 기본재산 확충 실적: base assets at each year end and the change (journal)."""

from __future__ import annotations

from ledger.selectors import base_assets

from .common import year_end

TITLE = "연도별 기본재산 확충 실적"
YEARS = 6


def build(year: int) -> dict:
    years = list(range(year - YEARS + 1, year + 1))
    previous = base_assets(year_end(years[0] - 1))
    rows = []
    for y in years:
        value = base_assets(year_end(y))
        rows.append(
            {
                "year": y,
                "base_assets_krw": value,
                "change_krw": value - previous if previous else None,
            }
        )
        previous = value
    return {"rows": rows}
