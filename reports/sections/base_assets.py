"""6. 기본재산 조성현황: contributions by contributor category since founding, the accumulated
loss and the base assets at the end of `year`, with each contributor's share (journal)."""

from __future__ import annotations

from common.foundation import foundation
from common.money import percent
from ledger.selectors import base_assets, base_assets_by_category

from .common import year_end

TITLE = "기본재산 조성현황"

# Seed 001's columns: 인천시 (of which 기초단체), 중앙정부, 금융회사, 금융회사 의무출연, 설립시;
# the first is the foundation's own 시·도 (FoundationProfile.short_sido).
COLUMNS = [
    ("city", "{sido}\n(기초단체)", ("city", "district")),
    ("central_gov", "중앙정부", ("central_gov",)),
    ("financial_special", "금융회사", ("financial_special",)),
    ("financial_mandatory", "금융회사\n의무출연", ("financial_mandatory",)),
    ("founding", "설립시", ("founding",)),
    ("other", "기타", ("other",)),
]


def build(year: int) -> dict:
    at = year_end(year)
    by_category = base_assets_by_category(at)
    contributions = sum(v for k, v in by_category.items() if k != "loss")
    columns = []
    sido = foundation().short_sido
    for key, label, categories in COLUMNS:
        label = label.format(sido=sido)
        amount = sum(by_category.get(c, 0) for c in categories)
        if key == "other" and not amount:
            continue  # seed 001 has no 기타 column; shown only when the journal has some
        columns.append(
            {
                "key": key,
                "label": label,
                "amount_krw": amount,
                "district_krw": by_category.get("district", 0) if key == "city" else None,
                "share": percent(amount, contributions),
            }
        )
    return {
        "at": at,
        "contributions_krw": contributions,
        "loss_krw": by_category.get("loss", 0),
        "base_assets_krw": base_assets(at),
        "columns": columns,
        "sido": sido,
        "share_total": percent(contributions, contributions),
    }
