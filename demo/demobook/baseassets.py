"""base_assets.csv rows: 23 years of contributions (출연금) and loss closings (결손 처리).

Construction (all in 백만원 first, so the council figures are met exactly):

1. Year totals. Contributions of a year = Δ base assets + that year's loss, so the year-end
   base assets of 2015–2020 come out as seed 001's table. Before 2015 only the sum matters;
   it is spread over 1999–2014 with growing weights.
2. Year × category matrix. The category totals at 2020-12-31 are seed 001's (city 142,688 +
   districts 9,295 + central government 41,398 + financial companies' special 118,726 +
   banks' mandatory 44,140 + founding 5,800); 2020's row is the seed's 2020 table, with its
   "other" 33,278 split by contributor (중기부 → central_gov, the banks and 기타 18 →
   financial_special). The 1999–2019 cells are fitted to both margins by iterative
   proportional fitting on a pattern of who gave when, then rounded to whole 백만원 keeping
   both margins.
3. Each cell becomes a few rows by contributor; mandatory bank contributions are odd won
   amounts (they are a levy on loans), all others round 백만원.

Loss rows carry kind `loss` and an EMPTY category: a loss is not anybody's contribution and
programs/base_assets.py books it to accumulated loss without looking at the category. No row has
category `other`, so the by-category totals are exactly the seed's five columns + founding.
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from .plan import WON_PER_MILLION

LOSS_CATEGORY = ""

CATEGORIES = ("city", "district", "central_gov", "financial_special", "financial_mandatory")

# Base assets at year end, 백만원 (seed 001).
YEAR_END_BASE_ASSETS = {
    2015: 162_406,
    2016: 166_331,
    2017: 178_046,
    2018: 196_096,
    2019: 211_198,
    2020: 274_103,
}
BASE_ASSETS_2014 = 150_000  # invented: only 2015 onward is in the seed
# Losses booked at each year end, 백만원; they add up to seed 001's 87,944. 2020's estimated
# loss (15,000) is "not yet booked", so 2020 has none.
LOSSES = {
    2003: 800,
    2004: 1_500,
    2005: 1_800,
    2006: 1_600,
    2007: 1_400,
    2008: 2_500,
    2009: 4_200,
    2010: 3_800,
    2011: 3_000,
    2012: 2_900,
    2013: 3_100,
    2014: 3_344,
    2015: 9_000,
    2016: 12_000,
    2017: 11_000,
    2018: 12_000,
    2019: 14_000,
}
FOUNDING = (
    (dt.date(1998, 12, 28), "인천광역시", 3_000),
    (dt.date(1999, 3, 15), "시중은행 공동", 2_800),
)
# Category totals of all contributions 1998 – 2020-12-31, 백만원 (founding separate).
CATEGORY_TOTALS = {
    "city": 142_688,
    "district": 9_295,
    "central_gov": 41_398,
    "financial_special": 118_726,
    "financial_mandatory": 44_140,
}

# 2020 as in seed 001: (category, contributor, program_code, 백만원, memo).
ROWS_2020 = (
    ("city", "인천광역시", "", 1_000, "일반출연금"),
    ("city", "인천광역시", "JOBS", 1_600, "일자리창출 특례보증"),
    ("city", "인천광역시", "YOUTH", 800, "청년 스타트업 특례보증"),
    ("city", "인천광역시", "ALLEY", 1_000, "골목상권 활성화 특례보증"),
    ("city", "인천광역시", "", 800, "수출규제 피해기업 특례보증"),
    ("city", "인천광역시", "HOPE", 1_000, "희망드림 특례보증"),
    ("city", "인천광역시", "COVID19", 3_000, "코로나-19 피해기업 특례보증 (본예산)"),
    ("city", "인천광역시", "COVID19", 5_600, "코로나-19 피해기업 특례보증 (1회 추경)"),
    ("city", "인천광역시", "COVID19", 6_000, "코로나-19 피해기업 특례보증 (2회 추경)"),
    ("city", "인천광역시", "COVID19", 4_000, "코로나-19 피해기업 특례보증 (3회 추경)"),
    ("district", "계양구", "", 100, "구 출연금"),
    ("district", "미추홀구", "", 50, "구 출연금"),
    ("district", "부평구", "", 100, "구 출연금"),
    ("district", "연수구", "", 150, "구 출연금"),
    ("district", "옹진군", "", 700, "군 출연금"),
    ("district", "중구", "", 100, "구 출연금"),
    ("central_gov", "중소벤처기업부", "", 3_928, "소상공인 보증재원 출연"),
    ("financial_special", "IBK기업은행", "", 18_136, "특별출연(협약보증)"),
    ("financial_special", "NH농협은행", "", 2_416, "특별출연(협약보증)"),
    ("financial_special", "신한은행", "", 3_000, "특별출연(협약보증)"),
    ("financial_special", "KB국민은행", "", 2_000, "특별출연(협약보증)"),
    ("financial_special", "우리은행", "", 1_080, "특별출연(협약보증)"),
    ("financial_special", "하나은행", "", 2_700, "특별출연(협약보증)"),
    ("financial_special", "기타 금융회사", "", 18, "특별출연"),
)
MANDATORY_2020 = 3_627

# Relative weight of 1999–2014 contributions by year (growing, with the 2009 crisis bump).
_EARLY_YEAR_WEIGHTS = {
    1999: 2,
    2000: 4,
    2001: 5,
    2002: 6,
    2003: 7,
    2004: 7,
    2005: 8,
    2006: 8,
    2007: 9,
    2008: 11,
    2009: 16,
    2010: 13,
    2011: 12,
    2012: 12,
    2013: 13,
    2014: 14,
}

_BANKS = ("IBK기업은행", "NH농협은행", "신한은행", "하나은행", "우리은행", "KB국민은행")
_DISTRICTS = (
    "남동구",
    "부평구",
    "서구",
    "미추홀구",
    "계양구",
    "연수구",
    "중구",
    "동구",
    "강화군",
    "옹진군",
)


def _year_totals() -> dict[int, int]:
    """Non-founding contributions per year 1999–2019, 백만원."""
    totals: dict[int, int] = {}
    previous = BASE_ASSETS_2014
    for year in range(2015, 2020):
        totals[year] = YEAR_END_BASE_ASSETS[year] - previous + LOSSES.get(year, 0)
        previous = YEAR_END_BASE_ASSETS[year]
    early_losses = sum(v for y, v in LOSSES.items() if y < 2015)
    founding = sum(amount for _, _, amount in FOUNDING)
    early_total = BASE_ASSETS_2014 + early_losses - founding
    weight_sum = sum(_EARLY_YEAR_WEIGHTS.values())
    for year, weight in _EARLY_YEAR_WEIGHTS.items():
        totals[year] = early_total * weight // weight_sum
    totals[2014] += early_total - sum(totals[y] for y in _EARLY_YEAR_WEIGHTS)
    return dict(sorted(totals.items()))


def _pattern(year: int, category: str) -> float:
    """Who gave in which year (relative); zero where a contributor did not exist yet."""
    if category == "city":
        return 4.0
    if category == "district":
        return 0.35 if year >= 2005 else 0.0
    if category == "central_gov":
        return 2.5 if year in (2009, 2012, 2013) or year >= 2015 else 0.0
    if category == "financial_special":
        return 3.0 if year >= 2000 else 0.0
    return 2.0 if year >= 2008 else 0.0  # financial_mandatory: the levy on bank loans


def _fit_matrix(rows: dict[int, int], columns: dict[str, int]) -> dict[tuple[int, str], int]:
    """Non-negative whole cells with the given row and column sums (IPF, then rounding)."""
    cells = {(y, c): _pattern(y, c) for y in rows for c in columns}
    for _ in range(200):
        for y, total in rows.items():
            s = sum(cells[y, c] for c in columns)
            for c in columns:
                cells[y, c] *= total / s
        for c, total in columns.items():
            s = sum(cells[y, c] for y in rows)
            for y in rows:
                cells[y, c] *= total / s
    whole = {key: int(value) for key, value in cells.items()}
    row_left = {y: rows[y] - sum(whole[y, c] for c in columns) for y in rows}
    col_left = {c: columns[c] - sum(whole[y, c] for y in rows) for c in columns}
    # Hand out the remaining units to the cells with the largest fractional parts, keeping both
    # margins; a cell the pattern forbids never gets one.
    order = sorted(cells, key=lambda key: (-(cells[key] - whole[key]), key))
    allowed = {key for key, value in cells.items() if value > 0}
    while any(row_left.values()):
        placed = 0
        for y, c in order:
            if row_left[y] > 0 and col_left[c] > 0 and (y, c) in allowed:
                whole[y, c] += 1
                row_left[y] -= 1
                col_left[c] -= 1
                placed += 1
        if not placed:  # the pattern leaves no cell for a unit: let it go anywhere
            allowed = set(cells)
    return whole


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` whole units in `parts` positive pieces (random proportions)."""
    parts = max(1, min(parts, total))
    weights = [0.5 + rng.random() for _ in range(parts)]
    pieces = [max(1, int(total * w / sum(weights))) for w in weights]
    pieces[-1] = total - sum(pieces[:-1])
    while pieces[-1] < 1:  # rounding took too much: take it back from the largest piece
        big = max(range(parts - 1), key=lambda i: pieces[i])
        pieces[big] -= 1
        pieces[-1] += 1
    return pieces


def _date_in(year: int, rng: random.Random, months: tuple[int, ...]) -> dt.date:
    return dt.date(year, rng.choice(months), rng.randint(1, 28))


def _cell_rows(year: int, category: str, millions: int, rng: random.Random) -> list[tuple]:
    """The rows of one (year, category) cell: (date, contributor, program, won, memo)."""
    rows = []
    if category == "city":
        for piece, memo in zip(
            _split(millions, rng.randint(1, 3), rng),
            ("일반출연금", "소상공인 특례보증 출연", "경영안정자금 보증 출연"),
            strict=False,
        ):
            rows.append((_date_in(year, rng, (3, 6, 9, 11)), "인천광역시", piece, memo))
    elif category == "district":
        names = rng.sample(_DISTRICTS, min(len(_DISTRICTS), max(1, millions // 150)))
        for piece, name in zip(_split(millions, len(names), rng), names, strict=False):
            memo = "군 출연금" if name.endswith("군") else "구 출연금"
            rows.append((_date_in(year, rng, (4, 7, 10)), name, piece, memo))
    elif category == "central_gov":
        name = "중소벤처기업부" if year >= 2017 else "중소기업청"
        for piece in _split(millions, rng.randint(1, 2), rng):
            rows.append((_date_in(year, rng, (5, 8, 12)), name, piece, "소상공인 보증재원 출연"))
    elif category == "financial_special":
        banks = rng.sample(_BANKS, rng.randint(1, 4))
        for piece, bank in zip(_split(millions, len(banks), rng), banks, strict=False):
            rows.append((_date_in(year, rng, (2, 6, 10, 12)), bank, piece, "특별출연(협약보증)"))
    return [(d, who, "", piece * WON_PER_MILLION, memo) for d, who, piece, memo in rows]


def _mandatory_rows(year: int, millions: int, rng: random.Random) -> list[tuple]:
    """Banks' legal levy: odd won amounts by bank, adding up exactly to the cell."""
    total = millions * WON_PER_MILLION
    weights = [0.5 + rng.random() for _ in _BANKS]
    pieces = [int(total * w / sum(weights)) for w in weights]
    pieces[-1] += total - sum(pieces)
    when = dt.date(year, 12, rng.randint(10, 24))
    return [
        (when, bank, "", piece, "법정출연금") for bank, piece in zip(_BANKS, pieces, strict=True)
    ]


def _scale_amount(won: int, factor: Fraction) -> int:
    return max(1, int(won * factor + Fraction(1, 2)))


def _rows_2020() -> list[tuple]:
    return [
        (
            dt.date(2020, 2 + i % 10, 5 + (i * 7) % 20),
            "contribution",
            category,
            contributor,
            code,
            millions * WON_PER_MILLION,
            memo,
        )
        for i, (category, contributor, code, millions, memo) in enumerate(ROWS_2020)
    ]


def program_funding_rows(factor: Fraction = Fraction(1)) -> list[tuple]:
    """The rows of base_asset_rows that fund a programme (the same tuples, so booking them
    before the book is imported books each once: the journal's keys are the rows')."""
    rows = [row for row in _rows_2020() if row[4]]
    if factor != 1:
        rows = [(*row[:5], _scale_amount(row[5], factor), row[6]) for row in rows]
    return rows


def base_asset_rows(seed: int, factor: Fraction = Fraction(1)) -> list[tuple]:
    """(date, kind, category, contributor, program_code, amount_krw, memo) rows, date order."""
    rng = random.Random(f"{seed}:base-assets")  # nosec B311  # demo data, seeded on purpose
    year_totals = _year_totals()
    category_left = dict(CATEGORY_TOTALS)
    for category, _, _, millions, _ in ROWS_2020:
        category_left[category] -= millions
    category_left["financial_mandatory"] -= MANDATORY_2020
    assert sum(year_totals.values()) == sum(category_left.values()), "margins disagree"  # nosec B101  # demo data self-check
    matrix = _fit_matrix(year_totals, category_left)

    rows: list[tuple] = []
    for when, contributor, millions in FOUNDING:
        rows.append(
            (
                when,
                "contribution",
                "founding",
                contributor,
                "",
                millions * WON_PER_MILLION,
                "설립 출연금",
            )
        )
    for year in year_totals:
        for category in CATEGORIES:
            millions = matrix[year, category]
            if not millions:
                continue
            cell = (
                _mandatory_rows(year, millions, rng)
                if category == "financial_mandatory"
                else _cell_rows(year, category, millions, rng)
            )
            rows += [
                (d, "contribution", category, who, code, won, memo)
                for d, who, code, won, memo in cell
            ]
    rows += _rows_2020()
    rows += [
        (d, "contribution", "financial_mandatory", who, code, won, memo)
        for d, who, code, won, memo in _mandatory_rows(2020, MANDATORY_2020, rng)
    ]
    for year, millions in LOSSES.items():
        rows.append(
            (
                dt.date(year, 12, 31),
                "loss",
                LOSS_CATEGORY,
                "",
                "",
                millions * WON_PER_MILLION,
                f"{year}년 결손금 처리",
            )
        )
    if factor != 1:
        rows = [(*row[:5], _scale_amount(row[5], factor), row[6]) for row in rows]
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[6], r[5]))
    return rows
