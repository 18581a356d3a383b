"""Reference aggregator: the council report's figures recomputed from the book's rows alone.

This is the oracle the generator's tests use, and the one a database implementation
(`manage.py book_summary`, the council report) is compared against. It reads only the five
tables, never the generator's state, and follows DESIGN.md's definitions:

* supply in Y = issuances in Y + extensions in Y (count; guaranteed amount = loan × ratio ÷
  100 rounded down to the won, extension amount);
* balance at the end of Y = guarantees with exposure > 0 on Y-12-31 (count, exposure);
* accidents / normalisations / subrogations / recoveries / write-offs in Y = those events
  dated in Y (count, amount);
* recourse-claim balance = subrogations − recoveries − write-offs up to Y-12-31;
* base assets = contributions − losses up to Y-12-31;
* 백만원 = the won total rounded half up once; multiplier = balance ÷ base assets, 2 places,
  half up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import NamedTuple

FLOW_EVENTS = ("accident", "normalization", "subrogation", "recovery", "write_off")


class Figure(NamedTuple):
    count: int
    amount_krw: int


@dataclass(frozen=True)
class YearFigures:
    year: int
    supply: Figure
    issuances: Figure
    extensions: Figure
    balance: Figure
    accidents: Figure
    normalizations: Figure
    subrogations: Figure
    recoveries: Figure
    write_offs: Figure
    claims_balance_krw: int
    base_assets_krw: int
    contributions_krw: int  # cumulative, all categories
    accumulated_loss_krw: int
    contributions_by_category_krw: dict[str, int] = field(default_factory=dict)  # cumulative
    contributions_in_year_by_category_krw: dict[str, int] = field(default_factory=dict)

    @property
    def multiplier(self) -> Decimal | None:
        """보증운용배수 = balance ÷ base assets, two places, half up."""
        if not self.base_assets_krw:
            return None
        return (Decimal(self.balance.amount_krw) / Decimal(self.base_assets_krw)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


def millions(amount_krw: int) -> int:
    """백만원, rounded half up once (1,617,819,500,000원 → 1,617,820)."""
    return int((Decimal(amount_krw) / Decimal(1_000_000)).quantize(Decimal(1), ROUND_HALF_UP))


def guaranteed_amount(loan_krw: int, ratio_pct: Decimal) -> int:
    """loan × ratio ÷ 100, rounded down to the won."""
    return int((Decimal(loan_krw) * Decimal(ratio_pct) / 100).to_integral_value(ROUND_DOWN))


def summarise(book, year: int) -> YearFigures:
    """All figures of `year` from `book`'s rows (any object with .guarantees, .events and
    .base_assets row sequences in the interchange column order)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    exposure: dict[str, int] = {}
    issuances = [0, 0]
    for no, _bn, _name, _branch, _prog, _bank, issued, _mat, loan, ratio, _fee in book.guarantees:
        if issued > end:
            continue
        amount = guaranteed_amount(loan, ratio)
        exposure[no] = amount
        if issued >= start:
            issuances[0] += 1
            issuances[1] += amount
    flows = {kind: [0, 0] for kind in (*FLOW_EVENTS, "extension")}
    claims = 0
    for no, day, event, amount, _new, _memo in book.events:
        if day > end:
            continue
        if event == "repayment":
            exposure[no] -= amount
        elif event in ("termination", "subrogation"):
            exposure[no] = 0
        if event == "subrogation":
            claims += amount
        elif event in ("recovery", "write_off"):
            claims -= amount
        if day >= start and event in flows:
            flows[event][0] += 1
            flows[event][1] += amount
    alive = [v for v in exposure.values() if v > 0]
    extensions = Figure(*flows["extension"])
    assets = base_assets_at(book, end)
    in_year = contributions_by_category(book, start, end)
    return YearFigures(
        year=year,
        supply=Figure(issuances[0] + extensions.count, issuances[1] + extensions.amount_krw),
        issuances=Figure(*issuances),
        extensions=extensions,
        balance=Figure(len(alive), sum(alive)),
        accidents=Figure(*flows["accident"]),
        normalizations=Figure(*flows["normalization"]),
        subrogations=Figure(*flows["subrogation"]),
        recoveries=Figure(*flows["recovery"]),
        write_offs=Figure(*flows["write_off"]),
        claims_balance_krw=claims,
        base_assets_krw=assets["base_assets"],
        contributions_krw=assets["contributions"],
        accumulated_loss_krw=assets["loss"],
        contributions_by_category_krw=contributions_by_category(book, dt.date.min, end),
        contributions_in_year_by_category_krw=in_year,
    )


def base_assets_at(book, day: dt.date) -> dict[str, int]:
    """Contributions, losses and base assets (their difference) booked up to `day`."""
    contributions = loss = 0
    for date, kind, _category, _who, _program, amount, _memo in book.base_assets:
        if date > day:
            continue
        if kind == "contribution":
            contributions += amount
        elif kind == "loss":
            loss += amount
    return {"contributions": contributions, "loss": loss, "base_assets": contributions - loss}


def contributions_by_category(book, first: dt.date, last: dt.date) -> dict[str, int]:
    """Contributions dated in [first, last], by category."""
    totals: dict[str, int] = defaultdict(int)
    for date, kind, category, _who, _program, amount, _memo in book.base_assets:
        if kind == "contribution" and first <= date <= last:
            totals[category] += amount
    return dict(sorted(totals.items()))
