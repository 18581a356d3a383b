"""The figures the book is built to: DOMAIN.md's (2019, 2020, exact) and a plausible plan for
the years before (2015–2018, also hit exactly, but nobody's report depends on them).

Amounts are kept in 백만원 at the Incheon scale and turned into whole won (× 1,000,000, then
× the scale factor) when a book is generated, so an Incheon book's won totals are *exactly*
the council figures × 1,000,000 — safe under the "round half up once" rule.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction

WON_PER_MILLION = 1_000_000
FIRST_YEAR, LAST_YEAR = 2015, 2020


class BookScale(enum.StrEnum):
    """How big a book to generate. Only INCHEON must reproduce DOMAIN.md's figures; the others
    are the same plan multiplied by `factor` (and are exact where the numbers allow)."""

    TINY = "tiny"  # ≈ 350 guarantees, for fast tests
    INCHEON = "incheon"  # ≈ 140,000 guarantees, the council-report figures
    NATIONAL = "national"  # ≈ 1,000,000 guarantees, for benchmarks

    @property
    def factor(self) -> Fraction:
        return {"tiny": Fraction(1, 400), "incheon": Fraction(1), "national": Fraction(7)}[
            self.value
        ]

    @property
    def base_asset_factor(self) -> Fraction:
        """Base assets are Incheon's in a tiny book (it is for fast tests, and the ledger's
        tests want seed 001's figures from it) and grow with a national one, whose multiplier
        then stays near Incheon's."""
        return max(Fraction(1), self.factor)

    @property
    def strict(self) -> bool:
        """Whether a target that cannot be met is an error (rather than a best effort)."""
        return self is not BookScale.TINY


@dataclass(frozen=True)
class Flow:
    """A count and a won amount (issuances, accidents, recoveries …)."""

    count: int
    amount_krw: int


@dataclass(frozen=True)
class YearPlan:
    """What year `year` of the book must show.

    `exact` years are DOMAIN.md's; in the others the same machinery hits this plan.
    """

    year: int
    exact: bool
    issues: int | None  # new guarantees; None: supply.count − extensions (decided in-year)
    supply: Flow | None  # issuances + extensions; None: whatever the issues give
    alive: int  # guarantees with exposure > 0 on 12-31
    balance_krw: int | None  # their exposure; None: natural
    accidents: Flow
    normalizations: Flow
    subrogations: Flow
    recoveries: Flow
    write_off_krw: int | None  # None: what makes claims_balance_krw
    claims_balance_krw: int | None  # recourse claims left on 12-31; None: natural


# year: issues, supply (count, 백만원), alive, balance 백만원, accidents, normalisations,
# subrogations, recoveries (count, 백만원), write-offs 백만원, claims balance 백만원.
# 2019–2020 are seed 001 / DOMAIN.md. 2015–2018 are invented: a book that starts in 2015
# still has to carry a 2,080억 recourse-claim balance at the end of 2020, so the early years
# subrogate heavily (1,820억 in four years) and recover little.
# fmt: off
_INCHEON_MILLIONS: dict[int, tuple] = {
    2015: (15_000, None, 13_400, None, (1_300, 32_000), (150, 3_000), (900, 24_000),
           (60, 600), 0, None),
    2016: (16_500, None, 24_000, None, (2_600, 64_000), (700, 13_000), (1_750, 47_000),
           (200, 3_000), 0, None),
    2017: (18_000, None, 35_500, None, (3_200, 74_000), (900, 16_000), (2_050, 54_000),
           (300, 5_000), 800, None),
    2018: (19_500, None, 48_500, None, (3_500, 76_000), (1_000, 16_500), (2_200, 57_000),
           (380, 7_000), 1_200, None),
    2019: (None, (30_960, 741_669), 61_556, 1_191_546, (4_441, 55_606), (1_403, 16_498),
           (2_938, 38_333), (435, 12_454), 2_000, None),
    2020: (None, (62_774, 1_617_820), 96_099, 2_192_064, (3_618, 51_864), (1_231, 15_577),
           (2_609, 37_608), (652, 14_336), None, 208_000),
}
# fmt: on
EXACT_YEARS = (2019, 2020)


def _count(value: int, factor: Fraction) -> int:
    return int(value * factor + Fraction(1, 2))  # half up; counts are never negative


def _won(millions: int | None, factor: Fraction) -> int | None:
    if millions is None:
        return None
    return int(millions * WON_PER_MILLION * factor + Fraction(1, 2))


def _flow(pair: tuple[int, int] | None, factor: Fraction) -> Flow | None:
    if pair is None:
        return None
    count = _count(pair[0], factor)
    return Flow(count, _won(pair[1], factor) if count else 0)  # no amount without a row


def year_plans(scale: BookScale) -> list[YearPlan]:
    """The plan of every year at `scale`, oldest first."""
    f = scale.factor
    plans = []
    for year, row in sorted(_INCHEON_MILLIONS.items()):
        issues, supply, alive, balance, acc, norm, sub, rec, write_off, claims = row
        plans.append(
            YearPlan(
                year=year,
                exact=year in EXACT_YEARS,
                issues=None if issues is None else _count(issues, f),
                supply=_flow(supply, f),
                alive=_count(alive, f),
                balance_krw=_won(balance, f),
                accidents=_flow(acc, f),
                normalizations=_flow(norm, f),
                subrogations=_flow(sub, f),
                recoveries=_flow(rec, f),
                write_off_krw=_won(write_off, f),
                claims_balance_krw=_won(claims, f),
            )
        )
    return plans
