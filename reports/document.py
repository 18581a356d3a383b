"""The council report as a sequence of blocks (headings, paragraphs, tables), read from the very
HTML the PDF is printed from: the HWPX and XLSX exports are built from these blocks, so every
heading, unit line and table cell is the same as in the PDF (same sections, same section data,
same rounding in the same template filters).

A table is a grid: each HTML row's cells placed with their rowspan/colspan (the covered slots
stay None), plus the merges to make in the target format. A table's unit ("(단위 : 백만원)")
is the unit line printed just before it, kept with the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SPACES = re.compile(r"\s+")
_BREAK = "\x00"  # <br> or <li>: the source's own line breaks are only spaces


def _clean(text: str) -> str:
    """Runs of white space to one space; <br>/<li> breaks as "\n" (blank lines dropped)."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


@dataclass
class Cell:
    text: str
    header: bool = False


@dataclass
class Table:
    title: str  # the section (and sub-heading) it stands under
    unit: str  # "(단위 : 건, 백만원, %)" or ""
    grid: list[list[Cell | None]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    header_rows: int = 0

    @property
    def cols(self) -> int:
        return max((len(r) for r in self.grid), default=0)


@dataclass
class Block:
    kind: str  # "part" (h2), "section" (h3), "heading" (h4), "text", "unit", "note", "table"
    text: str = ""
    table: Table | None = None


@dataclass
class _RawCell:
    text: list[str]
    header: bool
    rowspan: int
    colspan: int


class _ReportParser(HTMLParser):
    """Blocks of the report body: the cover's lines as text, the table of contents skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] | None = None
        self._kind = ""
        self._skip = 0  # inside <nav> (table of contents), <style>, <head>
        self._rows: list[list[_RawCell]] | None = None
        self._thead_rows = 0
        self._in_thead = False
        self._cell: _RawCell | None = None
        self._div_class: list[str] = []

    # ---- tags
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("nav", "head", "style", "script"):
            self._skip += 1
            return
        if self._skip:
            return
        if tag in ("br", "li"):
            self._add(_BREAK)  # a line of its own inside a cell; a space elsewhere
            return
        if tag == "table":
            self._rows, self._thead_rows, self._in_thead = [], 0, False
        elif tag == "thead":
            self._in_thead = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
            if self._in_thead:
                self._thead_rows += 1
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = _RawCell(
                [],
                tag == "th",
                int(a.get("rowspan") or 1),
                int(a.get("colspan") or 1),
            )
        elif tag in ("h1", "h2", "h3", "h4", "p") and self._rows is None:
            classes = (a.get("class") or "").split()
            self._kind = {
                "h1": "title",
                "h2": "part",
                "h3": "section",
                "h4": "heading",
            }.get(tag) or ("unit" if "unit" in classes else "note" if "note" in classes else "text")
            self._text = []
        elif tag == "div" and self._rows is None:
            classes = (a.get("class") or "").split()
            self._div_class.append(" ".join(classes))
            if classes and classes[0] in ("session", "sub", "org", "made"):
                self._kind, self._text = "cover", []

    def handle_endtag(self, tag):
        if tag in ("nav", "head", "style", "script"):
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(self._cell)
            self._cell = None
        elif tag == "thead":
            self._in_thead = False
        elif tag == "table" and self._rows is not None:
            self._close_table()
        elif tag in ("h1", "h2", "h3", "h4", "p") and self._text is not None:
            self._close_text()
        elif tag == "div" and self._div_class:
            self._div_class.pop()
            if self._text is not None and self._kind == "cover":
                self._close_text()

    def handle_data(self, data):
        if not self._skip:
            self._add(data)

    def _add(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text.append(data)
        elif self._text is not None:
            self._text.append(data)

    # ---- blocks
    def _close_text(self) -> None:
        text = " ".join(_clean("".join(self._text or [])).split("\n"))
        self._text = None
        if text:
            self.blocks.append(Block(self._kind, text))

    def _close_table(self) -> None:
        rows, self._rows = self._rows or [], None
        unit = ""
        if self.blocks and self.blocks[-1].kind == "unit":
            unit = self.blocks.pop().text
        title = " · ".join(
            b.text for b in self._heading_trail() if b.kind in ("section", "heading")
        )
        grid, merges = _layout(rows)
        self.blocks.append(
            Block("table", table=Table(title, unit, grid, merges, header_rows=self._thead_rows))
        )

    def _heading_trail(self) -> list[Block]:
        """The nearest section heading and the sub-heading after it, if any."""
        trail: list[Block] = []
        for b in reversed(self.blocks):
            if b.kind == "heading" and not trail:
                trail.append(b)
            elif b.kind == "section":
                trail.append(b)
                break
        return list(reversed(trail))


def _layout(rows: list[list[_RawCell]]) -> tuple[list[list[Cell | None]], list]:
    """Place HTML cells on a grid, honouring rowspan/colspan."""
    grid: list[list[Cell | None]] = []
    taken: set[tuple[int, int]] = set()
    merges = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for raw in row:
            while (r, c) in taken:
                c += 1
            text = _clean("".join(raw.text))
            for dr in range(raw.rowspan):
                for dc in range(raw.colspan):
                    taken.add((r + dr, c + dc))
                    while len(grid) <= r + dr:
                        grid.append([])
                    line = grid[r + dr]
                    while len(line) <= c + dc:
                        line.append(None)
            grid[r][c] = Cell(text, raw.header)
            if raw.rowspan > 1 or raw.colspan > 1:
                merges.append((r, c, r + raw.rowspan - 1, c + raw.colspan - 1))
            c += raw.colspan
    width = max((len(line) for line in grid), default=0)
    for line in grid:
        line.extend([None] * (width - len(line)))
    return grid, merges


def parse_report_html(html: str) -> list[Block]:
    parser = _ReportParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def report_blocks(year: int, on_stage=None) -> list[Block]:
    """The blocks of `year`'s report (the same HTML the PDF is printed from)."""
    from .rendering import report_html

    return parse_report_html(report_html(year, on_stage) if on_stage else report_html(year))


def report_tables(blocks: list[Block]) -> list[Table]:
    return [b.table for b in blocks if b.kind == "table" and b.table is not None]
