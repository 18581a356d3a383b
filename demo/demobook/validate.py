"""Replay a book's rows and list everything that could not have happened.

The rules are those of DESIGN.md's interchange format plus the physical ones the generator
promises (no event before issue or after the book's end, an accident only on a live
guarantee, normalisation and subrogation only after an accident, …). Pure Python, reading
only the rows, so it also checks a book read back from CSV files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

from .figures import guaranteed_amount
from .reference import BANK_WEIGHTS, brn_is_valid

BOOK_START, BOOK_END = dt.date(2015, 1, 1), dt.date(2020, 12, 31)
CATEGORIES = {
    "city",
    "district",
    "central_gov",
    "financial_special",
    "financial_mandatory",
    "founding",
    "other",
}
_NUMBER = re.compile(r"G(\d{4})-\d{7}")


class _State:
    __slots__ = (
        "claim",
        "closed",
        "exposure",
        "issued",
        "last_date",
        "maturity",
        "open_accident",
        "subrogated",
    )

    def __init__(self, issued: dt.date, exposure: int, maturity: dt.date):
        self.issued, self.exposure, self.maturity = issued, exposure, maturity
        self.claim = 0
        self.open_accident = self.closed = self.subrogated = False
        self.last_date = issued


def check_book(book, limit: int = 50) -> list[str]:
    """Up to `limit` problems (an empty list means the book is consistent)."""
    problems: list[str] = []
    branches = {row[0] for row in book.branches}
    programs = {row[0] for row in book.programs}
    states = _check_guarantees(book.guarantees, branches, programs, problems)
    _check_events(book.events, states, problems)
    _check_base_assets(book.base_assets, programs, problems)
    if len(problems) > limit:
        return [*problems[:limit], f"… and {len(problems) - limit} more"]
    return problems


def _check_guarantees(rows, branches, programs, problems) -> dict[str, _State]:
    banks = {name for name, _ in BANK_WEIGHTS}
    states: dict[str, _State] = {}
    for no, business_no, name, branch, program, bank, issued, matures, loan, ratio, fee in rows:
        match = _NUMBER.fullmatch(no)
        if not match or int(match.group(1)) != issued.year:
            problems.append(f"{no}: malformed guarantee number")
        if no in states:
            problems.append(f"{no}: duplicate guarantee number")
        if not brn_is_valid(business_no):
            problems.append(f"{no}: invalid business number {business_no}")
        if not name or branch not in branches or branch == "YEONSU" or bank not in banks:
            problems.append(f"{no}: bad name, branch or bank ({name!r}, {branch}, {bank})")
        if program and program not in programs:
            problems.append(f"{no}: unknown programme {program}")
        if not BOOK_START <= issued <= BOOK_END or not issued < matures:
            problems.append(f"{no}: dates {issued} → {matures}")
        if not 1 <= (matures.year - issued.year) <= 5:
            problems.append(f"{no}: term of {matures.year - issued.year} years")
        if loan <= 0 or loan % 100_000:
            problems.append(f"{no}: loan {loan} is not a positive multiple of 100,000")
        if not (Decimal(0) < ratio <= 100 and Decimal("0.5") <= fee <= Decimal("1.2")):
            problems.append(f"{no}: ratio {ratio} / fee {fee} out of range")
        states[no] = _State(issued, guaranteed_amount(loan, ratio), matures)
    return states


def _check_events(rows, states: dict[str, _State], problems: list[str]) -> None:
    for no, day, event, amount, new_maturity, _memo in rows:
        s = states.get(no)
        if s is None:
            problems.append(f"{no}: event for an unknown guarantee")
            continue
        where = f"{no} {day} {event}"
        if not isinstance(amount, int) or amount <= 0:
            problems.append(f"{where}: amount {amount!r} is not a positive whole won")
        if day < s.issued or day > BOOK_END:
            problems.append(f"{where}: outside {s.issued} … {BOOK_END}")
        if day < s.last_date:
            problems.append(f"{where}: before the guarantee's previous event ({s.last_date})")
        s.last_date = max(s.last_date, day)
        if event in ("recovery", "write_off"):
            if not s.subrogated or amount > s.claim:
                problems.append(f"{where}: {amount:,} against a claim of {s.claim:,}")
            s.claim -= amount
            continue
        if s.closed:
            problems.append(f"{where}: after the guarantee ended")
            continue
        _apply_exposure_event(s, where, event, amount, new_maturity, day, problems)


def _apply_exposure_event(
    s: _State, where: str, event: str, amount: int, new_maturity, day: dt.date, problems: list[str]
) -> None:
    if s.open_accident and event in ("repayment", "termination"):
        problems.append(f"{where}: while an accident is open")
    if event == "repayment":
        if amount >= s.exposure:
            problems.append(f"{where}: repays {amount:,} of {s.exposure:,} (use termination)")
        s.exposure -= amount
    elif event == "extension":
        if amount != s.exposure or not new_maturity or new_maturity <= day or s.open_accident:
            problems.append(f"{where}: extension {amount:,} of {s.exposure:,} to {new_maturity}")
        s.maturity = new_maturity or s.maturity
    elif event == "termination":
        if amount != s.exposure:
            problems.append(f"{where}: terminates {amount:,} but {s.exposure:,} is left")
        s.exposure, s.closed = 0, True
    elif event == "accident":
        if s.open_accident or amount > s.exposure:
            problems.append(f"{where}: accident {amount:,} on exposure {s.exposure:,}")
        s.open_accident = True
    elif event == "normalization":
        if not s.open_accident:
            problems.append(f"{where}: no open accident")
        s.open_accident = False
    elif event == "subrogation":
        if not s.open_accident or amount > s.exposure:
            problems.append(f"{where}: subrogation {amount:,} on exposure {s.exposure:,}")
        s.claim, s.exposure = amount, 0
        s.open_accident, s.closed, s.subrogated = False, True, True
    else:
        problems.append(f"{where}: unknown event")
    if s.exposure < 0:
        problems.append(f"{where}: exposure {s.exposure:,} below zero")


def _check_base_assets(rows, programs, problems) -> None:
    keys = Counter()
    for date, kind, category, contributor, program, amount, memo in rows:
        where = f"base asset {date} {contributor or kind} {amount}"
        if kind not in ("contribution", "loss") or not isinstance(amount, int) or amount <= 0:
            problems.append(f"{where}: bad kind or amount")
        if kind == "contribution" and category not in CATEGORIES:
            problems.append(f"{where}: bad category {category!r}")
        if program and program not in programs:
            problems.append(f"{where}: unknown programme {program}")
        if date > BOOK_END:
            problems.append(f"{where}: after the book's end")
        keys[date, kind, category, contributor, program, amount, memo] += 1
    # ledger/services.py makes one journal entry per distinct row: duplicates would vanish.
    problems += [f"base asset row {key} appears {n} times" for key, n in keys.items() if n > 1]
