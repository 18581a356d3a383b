"""Every Excel (.xlsx) file the portal hands to a person goes through here, beside
common/csv_export.py (CSV stays where a machine reads the file).

- Korean headers in bold on a shaded, frozen header row (and an optional title/unit above it).
- Numbers stay numbers: ints with 천 단위 commas (#,##0), won amounts as #,##0"원" when a
  column says so, Decimals/floats with their decimals; dates as real dates (yyyy-mm-dd).
- Column widths from the longest cell, a Hangul character counted as two.
- The same formula rule as the CSV path (csv_export.FORMULA_START): a text cell that starts
  with = + - @ (or a tab / line break) is stored as a text cell with Excel's quote prefix, so
  it is shown as typed and never run; openpyxl would otherwise write "=..." as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .csv_export import FORMULA_START

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INT_FORMAT = "#,##0"
PLAIN_FORMAT = "0"  # a year is 2020, not 2,020
WON_FORMAT = '#,##0"원"'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
HEADER_FILL = "E8EEF7"
MAX_WIDTH = 60


@dataclass
class Sheet:
    """One worksheet: header rows (the last one is the column header), data rows, and the
    merged ranges of the header (1-based, relative to the first header row)."""

    title: str
    header: Sequence[Sequence] | Sequence
    rows: Iterable[Sequence]
    caption: Sequence[str] = ()  # lines above the table (title, "(단위 : 백만원)")
    won_columns: set[int] = field(default_factory=set)  # 0-based columns formatted as 원
    # 0-based columns of whole numbers that are not quantities (a year): no 천 단위 comma
    plain_columns: set[int] = field(default_factory=set)
    header_merges: Sequence[tuple[int, int, int, int]] = ()  # r0, c0, r1, c1 (0-based)


def text_width(value) -> int:
    text = _display(value)
    return max(
        (sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.split("\n")),
        default=0,
    )


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dt.datetime):
        return "0000-00-00 00:00:00"
    if isinstance(value, dt.date):
        return "0000-00-00"
    return str(value)


def _put(cell, value, *, won: bool = False, plain: bool = False) -> None:
    """One cell, typed: numbers, dates and text (text through the formula rule)."""
    from openpyxl.styles import Alignment

    if value is None:
        return
    if isinstance(value, bool):
        cell.value = "예" if value else "아니오"
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = WON_FORMAT if won else PLAIN_FORMAT if plain else INT_FORMAT
    elif isinstance(value, Decimal | float):
        cell.value = value
        decimals = -value.as_tuple().exponent if isinstance(value, Decimal) else 2
        decimals = max(0, min(int(decimals), 4))
        cell.number_format = INT_FORMAT + ("." + "0" * decimals if decimals else "")
    elif isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        cell.value = value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever it starts with
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
        if "\n" in text:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _add_sheet(wb, sheet: Sheet, used: set[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(_sheet_name(sheet.title, used))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_rows = (
        [list(sheet.header)] if not _nested(sheet.header) else [list(r) for r in sheet.header]
    )
    widths: dict[int, int] = {}
    r = 1
    for line in sheet.caption:
        _put(ws.cell(row=r, column=1), line)
        ws.cell(row=r, column=1).font = bold if r == 1 else Font()
        r += 1
    first_header = r
    for hrow in header_rows:
        for c, value in enumerate(hrow, start=1):
            cell = ws.cell(row=r, column=c)
            _put(cell, value)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            widths[c] = max(widths.get(c, 0), text_width(value))
        r += 1
    for r0, c0, r1, c1 in sheet.header_merges:
        ws.merge_cells(
            start_row=first_header + r0,
            start_column=c0 + 1,
            end_row=first_header + r1,
            end_column=c1 + 1,
        )
    ws.freeze_panes = ws.cell(row=r, column=1)  # the header stays while scrolling
    for row in sheet.rows:
        for c, value in enumerate(row, start=1):
            plain = (c - 1) in sheet.plain_columns
            _put(ws.cell(row=r, column=c), value, won=(c - 1) in sheet.won_columns, plain=plain)
            widths[c] = max(widths.get(c, 0), text_width(str(value) if plain else value))
        r += 1
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, max(6, width + 2))


def _nested(header) -> bool:
    return bool(header) and isinstance(header[0], list | tuple)


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\ , unique in the workbook."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "표"
    name, n = clean[:31], 2
    while name in used:
        tail = f" ({n})"
        name, n = clean[: 31 - len(tail)] + tail, n + 1
    used.add(name)
    return name


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sheet in sheets:
        _add_sheet(wb, sheet, used)
    if not sheets:
        wb.create_sheet("자료 없음")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(filename: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_download(
    filename: str,
    header: list[str],
    rows: Iterable[Iterable],
    *,
    title: str = "",
    won_columns: set[int] | None = None,
    plain_columns: set[int] | None = None,
) -> HttpResponse:
    """The xlsx sibling of csv_download: one sheet, the same header and rows."""
    sheet = Sheet(
        title=title or filename.rsplit(".", 1)[0],
        header=header,
        rows=rows,
        caption=(title,) if title else (),
        won_columns=won_columns or set(),
        plain_columns=plain_columns or set(),
    )
    return xlsx_response(filename, workbook_bytes([sheet]))
