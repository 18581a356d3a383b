"""Every table of the council report as an Excel workbook: one sheet per table, its section
title and unit line above it, its header rows (merged as in the report) frozen, and its figures
as numbers — the report's text "1,234" is the number 1234, "△50.0" is -50.0 (△ is the Korean
minus), "2019.07.08." a date; what is not a figure ("86/70", "-", "1958년") stays text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from common.spreadsheet import Sheet, workbook_bytes

from .document import Table

_NUMBER = re.compile(r"^(△|-)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_DATE = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})\.?$")


def figure(text: str):
    """The report cell's text as a number or a date when it is one, else the text."""
    m = _NUMBER.match(text)
    if m:
        sign, whole, frac = m.groups()
        if frac:
            value = Decimal(whole.replace(",", "") + frac)
        else:
            value = int(whole.replace(",", ""))
        return -value if sign else value
    m = _DATE.match(text)
    if m:
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            return text
    return text


def table_sheet(index: int, table: Table) -> Sheet:
    header = [[c.text if c else None for c in row] for row in table.grid[: table.header_rows]]
    body = [
        [figure(c.text) if c and c.text else None for c in row]
        for row in table.grid[table.header_rows :]
    ]
    merges = [m for m in table.merges if m[2] < table.header_rows]
    caption = [table.title] + ([table.unit] if table.unit else [])
    return Sheet(
        title=f"{index:02d} {table.title.split(' · ')[-1]}",
        header=header or [[]],
        rows=body,
        caption=caption,
        header_merges=merges,
    )


def report_tables_workbook(tables: list[Table], year: int) -> bytes:
    return workbook_bytes([table_sheet(i, t) for i, t in enumerate(tables, start=1)])
