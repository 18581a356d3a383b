"""The council report as HWPX (한글's OWPML package), for staff who edit and merge the
행정사무감사 자료 in 한글. Built with python-hwpx (pure Python, no 한글 program) from the same
blocks as the PDF (reports/document.py): the same chapters and sections as headings (개요 1–3,
so 한글's 개요 보기 shows the outline), each table under its unit line with its header rows
shaded and its merged cells merged, page numbers in the footer, and the foundation's name in
the header. The finished package is validated by the library before it is handed out.
"""

from __future__ import annotations

from .document import Block, Table

HEADER_SHADE = "#E8EEF7"
LOGO_WIDTH_MM = 40.0
CHAR_WIDTH = 2  # a Hangul character counts as two Latin ones when sharing out column widths


class HwpxInvalid(Exception):
    """python-hwpx's validator found problems in the package we built."""


def _logo_height_mm(data: bytes) -> float:
    """The logo's height at LOGO_WIDTH_MM, keeping its proportions."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return round(LOGO_WIDTH_MM * height / max(width, 1), 1)


def _col_weights(table: Table) -> list[int]:
    weights = [4] * table.cols
    for row in table.grid:
        for c, cell in enumerate(row):
            if cell is None:
                continue
            longest = max((_width(line) for line in cell.text.split("\n")), default=0)
            weights[c] = max(weights[c], min(longest, 60))
    return weights


def _width(text: str) -> int:
    return sum(CHAR_WIDTH if ord(ch) > 0x2E7F else 1 for ch in text)


def _a1(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _add_text(doc, text: str, char_pr: str | None = None) -> int:
    doc.add_paragraph(text, inherit_style=False, char_pr_id_ref=char_pr)
    return len(doc.paragraphs) - 1


def _add_table(doc, table: Table, align: dict[str, list[int]]) -> None:
    rows, cols = len(table.grid), table.cols
    if not rows or not cols:
        return
    if table.unit:
        align["RIGHT"].append(_add_text(doc, table.unit))
    t = doc.add_table(rows, cols)
    for r, row in enumerate(table.grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            if cell.text:
                t.set_cell_text(r, c, cell.text)
            if cell.header or r < table.header_rows:
                t.set_cell_shading(r, c, HEADER_SHADE)
    for r0, c0, r1, c1 in table.merges:
        t.merge_cells(f"{_a1(r0, c0)}:{_a1(r1, c1)}")
    t.set_column_widths(_col_weights(table))


def render_hwpx(
    blocks: list[Block],
    *,
    foundation: str,
    title: str,
    logo: tuple[bytes, str] | None = None,
) -> bytes:
    """The report's blocks as an HWPX package (bytes), validated; `logo` (bytes, "png"|"jpg",
    from common.logo) is drawn at the top of the cover as on the PDF's."""
    from hwpx import HwpxDocument

    doc = HwpxDocument.new()
    doc.page.set_header(text=f"{foundation} · {title}")
    doc.page.set_page_number(prefix="- ", suffix=" -")
    if logo is not None:
        data, kind = logo
        doc.add_picture(data, kind, width_mm=LOGO_WIDTH_MM, height_mm=_logo_height_mm(data))
    big = doc.styles.ensure_run(bold=True, size=24)
    align: dict[str, list[int]] = {"CENTER": [], "RIGHT": []}
    for block in blocks:
        if block.kind == "table" and block.table is not None:
            _add_table(doc, block.table, align)
        elif block.kind == "part":
            doc.add_heading(block.text, level=1)
        elif block.kind == "section":
            doc.add_heading(block.text, level=2)
        elif block.kind == "heading":
            doc.add_heading(block.text, level=3)
        elif block.kind in ("title", "cover"):
            align["CENTER"].append(
                _add_text(doc, block.text, big if block.kind == "title" else None)
            )
        elif block.kind == "unit":
            align["RIGHT"].append(_add_text(doc, block.text))
        else:
            _add_text(doc, block.text)
    for alignment, indexes in align.items():
        if indexes:
            doc.styles.apply_paragraph_format(paragraph_indexes=indexes, alignment=alignment)
    report = doc.validate()
    if report.issues:
        raise HwpxInvalid("; ".join(str(issue) for issue in report.issues[:5]))
    return doc.to_bytes()
