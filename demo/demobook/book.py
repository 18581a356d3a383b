"""The generated book as rows of the interchange format (DESIGN.md, "the legacy book"), and
its CSV files.

Guarantee and event rows are *views* over the simulation's compact state: they are built
when read, so a national book (≈ 1M guarantees, several million events) does not hold
millions of tuples at once. Both views are sequences (len, index, iterate any number of
times) yielding plain tuples in the column order of the CSV files.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from guarantees.interchange import COLUMNS

from .days import to_date
from .model import EVENT_KINDS, MEMOS
from .simulate import BookBuilder


class GuaranteeRows(Sequence):
    """guarantees.csv rows, in guarantee_no order (which is issue order)."""

    def __init__(self, builder: BookBuilder):
        self._guarantees = builder.guarantees
        self._businesses = builder.businesses

    def __len__(self) -> int:
        return len(self._guarantees)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._row(g) for g in self._guarantees[index]]
        return self._row(self._guarantees[index])

    def __iter__(self) -> Iterator[tuple]:
        return map(self._row, self._guarantees)

    def _row(self, g) -> tuple:
        number, name, branch = self._businesses[g.business]
        return (
            g.no,
            number,
            name,
            branch,
            "",
            g.bank,
            to_date(g.issued),
            to_date(g.first_maturity),
            g.loan,
            g.ratio,
            g.fee,
        )


class EventRows(Sequence):
    """events.csv rows in date order (ties: by guarantee, then repayment → extension →
    accident → normalisation → subrogation → termination → recovery → write-off), so the
    file can be replayed into a journal as it is read."""

    def __init__(self, builder: BookBuilder):
        ev = builder.events
        self._ev = ev
        self._numbers = [g.no for g in builder.guarantees]
        count = len(ev)
        # One packed int per event sorts several times faster than tuples.
        g_bits, i_bits = max(1, len(self._numbers).bit_length()), max(1, count.bit_length())
        dates, gs, kinds = ev.date, ev.g, ev.kind
        keys = [
            (((dates[i] << g_bits | gs[i]) << 3 | kinds[i]) << i_bits) | i for i in range(count)
        ]
        keys.sort()
        mask = (1 << i_bits) - 1
        self._order = [k & mask for k in keys]

    def __len__(self) -> int:
        return len(self._order)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._row(i) for i in self._order[index]]
        return self._row(self._order[index])

    def __iter__(self) -> Iterator[tuple]:
        return map(self._row, self._order)

    def _row(self, i: int) -> tuple:
        ev = self._ev
        new_maturity = ev.new_maturity[i]
        return (
            self._numbers[ev.g[i]],
            to_date(ev.date[i]),
            EVENT_KINDS[ev.kind[i]],
            ev.amount[i],
            to_date(new_maturity) if new_maturity else None,
            MEMOS[ev.memo[i]],
        )


@dataclass
class Book:
    """A synthetic guarantee book: five tables in the interchange format's column order.

    Values are Python types: str, int (won), datetime.date, Decimal (percentages and the
    programme multiple), None for an empty cell.
    """

    scale: str
    seed: int
    branches: list[tuple] = field(repr=False)
    programs: list[tuple] = field(repr=False)
    base_assets: list[tuple] = field(repr=False)
    guarantees: Sequence[tuple] = field(repr=False)
    events: Sequence[tuple] = field(repr=False)
    misses: list[str] = field(default_factory=list)  # plan targets not met (tiny scale only)

    def tables(self) -> dict[str, Sequence[tuple]]:
        return {
            "branches": self.branches,
            "programs": self.programs,
            "base_assets": self.base_assets,
            "guarantees": self.guarantees,
            "events": self.events,
        }

    def write_csv(self, directory: str | Path) -> dict[str, Path]:
        """Write the five files (UTF-8, header row, ISO dates, whole won); returns the paths."""
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, rows in self.tables().items():
            path = target / f"{name}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(COLUMNS[name])
                writer.writerows(map(_csv_row, rows))
            paths[name] = path
        return paths


def _csv_cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _csv_row(row: tuple) -> list:
    return [_csv_cell(v) for v in row]


_DATE_COLUMNS = {"date", "issued_on", "matures_on", "new_matures_on"}
_DECIMAL_COLUMNS = {"multiple", "guarantee_ratio_pct", "fee_rate_pct"}


def _parse_cell(column: str, text: str):
    if column in _DATE_COLUMNS:
        return dt.date.fromisoformat(text) if text else None
    if column.endswith("_krw"):
        return int(text)
    if column in _DECIMAL_COLUMNS:
        return Decimal(text)
    return text


def read_csv(directory: str | Path) -> Book:
    """Read the five files back into a Book with typed rows (the inverse of write_csv), e.g.
    to run `figures.summarise` or `validate.check_book` on files from elsewhere."""
    source = Path(directory)
    tables: dict[str, list[tuple]] = {}
    for name, columns in COLUMNS.items():
        if name not in Book.__dataclass_fields__:
            continue  # an optional file the synthetic book does not carry (subsidies.csv)
        with (source / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(next(reader))
            if header != columns:
                raise ValueError(f"{name}.csv: columns {header}, expected {columns}")
            tables[name] = [
                tuple(_parse_cell(c, v) for c, v in zip(columns, row, strict=True))
                for row in reader
            ]
    return Book(scale="", seed=0, **tables)
