"""Every CSV the portal hands to a person goes through here (monitoring list, access log, …).

A spreadsheet runs a cell that starts with = + - @ (or a tab / line break before one) as a
formula: a business name typed as `=HYPERLINK("http://evil", "보기")` or `+cmd|' /C calc'!A0`
would act when an auditor opens the export. Text cells that start with one of those get a
leading apostrophe (shown as text, the apostrophe hidden by Excel); numbers — negative ones
too — stay numbers, because they are typed as numbers here, never parsed from text.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value) -> str | int | float | Decimal:
    """One cell: numbers as they are, dates ISO, text escaped when a spreadsheet would run it."""
    if isinstance(value, int | float | Decimal):  # bool is an int: stays True/False
        return value
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A UTF-8 (with BOM, so Excel reads Korean) CSV attachment; every cell through csv_safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([csv_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response
