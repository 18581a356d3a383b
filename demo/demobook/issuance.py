"""Terms of new guarantees: loan sizes, repayment styles, terms, ratios and fees.

General loans are log-normal around a median of 1,800만원 (2,000만원 in 2019, 2,550만원 in
2020, which makes the supply plan's rescale ≈ 1), rounded to 100만원 (50만원 below 1천만원).
In 2020, 60 % are COVID-19 emergency loans: round 1천–5천만원, fully guaranteed, mostly a
1-year grace then 4 years of instalments.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import accumulate

from .days import random_day, working_day, year_of, year_start

REPEAT_BUSINESS = 0.15  # share of guarantees to a business that already had one
COVID_SHARE = {2020: 0.6}
# Share of general loans repaid in one go at maturity (and often renewed) rather than in
# instalments; lower before 2019 so that renewals, hence supply, grow year on year.
BULLET_SHARE = {2015: 0.45, 2016: 0.45, 2017: 0.45, 2018: 0.45}
LATE_BULLET_SHARE = 0.65

# 2020: COVID-19 emergency guarantees — small round loans, 1-year grace then 4 years.
_COVID_LOANS = (
    (10_000_000, 22),
    (15_000_000, 10),
    (20_000_000, 33),
    (30_000_000, 15),
    (40_000_000, 8),
    (50_000_000, 12),
)
_GENERAL_RATIOS = ((Decimal("100"), 50), (Decimal("90"), 30), (Decimal("85"), 20))
_GENERAL_FEES = (
    (Decimal("1.0"), 30),
    (Decimal("1.1"), 15),
    (Decimal("1.2"), 15),
    (Decimal("0.9"), 15),
    (Decimal("0.8"), 15),
    (Decimal("0.5"), 10),
)
_COVID_FEES = ((Decimal("0.8"), 70), (Decimal("0.9"), 20), (Decimal("1.0"), 10))
# Median general loan by year (the 2019–2020 medians make the issuance rescale ≈ 1).
_MEDIAN_LOAN = {2019: 20_000_000, 2020: 25_500_000}
_MONTH_WEIGHTS = {2020: (5, 6, 14, 16, 14, 11, 8, 6, 6, 5, 5, 4)}
_DEFAULT_MONTHS = (6, 8, 9, 9, 9, 9, 8, 8, 8, 9, 9, 8)


@cache
def _cumulative(pairs: tuple) -> tuple[tuple, list[float]]:
    values, weights = zip(*pairs, strict=True)
    return values, list(accumulate(weights))


def weighted(rng: random.Random, pairs: tuple):
    """One value of ((value, weight), …), drawn with one rng.random() (cheaper than
    rng.choices, which rebuilds the cumulative weights on every call)."""
    values, cumulative = _cumulative(pairs)
    return values[bisect(cumulative, rng.random() * cumulative[-1])]


@dataclass(slots=True)
class Draft:
    """A new guarantee's terms before it is numbered (its loan may still be rescaled)."""

    day: int
    loan: int
    ratio: Decimal
    fee: Decimal
    bullet: bool
    term: int
    grace: int
    covid: bool

    @property
    def guaranteed(self) -> int:
        return self.loan * int(self.ratio) // 100


def issue_days(rng: random.Random, year: int, count: int) -> list[int]:
    """`count` issue dates in `year` (ordinals, sorted): by month weight, on working days,
    never on 1 January."""
    months = tuple(enumerate(_MONTH_WEIGHTS.get(year, _DEFAULT_MONTHS)))
    first = year_start(year)
    lengths = (31, 28 + (year % 4 == 0), 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    starts = [first + sum(lengths[:m]) for m in range(13)]
    days = []
    for _ in range(count):
        m = weighted(rng, months)
        day = random_day(rng, starts[m], starts[m + 1] - 1)
        days.append(working_day(max(day, first + 1)))
    return sorted(days)


def draft(rng: random.Random, day: int) -> Draft:
    """Terms of a new guarantee: a COVID-19 emergency loan (2020) or a general one."""
    if rng.random() < COVID_SHARE.get(year_of(day), 0.0):
        bullet = rng.random() < 0.25
        return Draft(
            day,
            weighted(rng, _COVID_LOANS),
            Decimal("100"),
            weighted(rng, _COVID_FEES),
            bullet,
            1 if bullet else 5,
            0 if bullet else 1,
            True,
        )
    raw = math.exp(rng.gauss(math.log(_MEDIAN_LOAN.get(year_of(day), 18_000_000)), 0.75))
    loan = min(max(raw, 5_000_000), 400_000_000)
    unit = 1_000_000 if loan >= 10_000_000 else 500_000
    bullet = rng.random() < BULLET_SHARE.get(year_of(day), LATE_BULLET_SHARE)
    if bullet:
        term, grace = weighted(rng, ((1, 75), (2, 20), (3, 5))), 0
    else:
        term, grace = weighted(rng, ((3, 30), (4, 30), (5, 40))), rng.choice((0, 1))
    return Draft(
        day,
        round(loan / unit) * unit,
        weighted(rng, _GENERAL_RATIOS),
        weighted(rng, _GENERAL_FEES),
        bullet,
        term,
        grace,
        False,
    )
