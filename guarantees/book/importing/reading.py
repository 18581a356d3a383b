"""Reading a directory of interchange CSV files: encoding, header, column count, PII.

Encoding: the interchange files are UTF-8 (a BOM is allowed: Excel's "CSV UTF-8"). A file in
CP949 (what Excel's plain "CSV" writes on a Korean Windows) or UTF-16 ("유니코드 텍스트") is
refused with a Korean message naming the file, the encoding found and the one expected; it is
not guessed at and converted, because a UTF-8 file with one damaged byte also decodes as
CP949, and a business name misread that way would go into the book unnoticed.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from common.pii import RRN_MESSAGE
from common.pii_guard import rrn_cells

from ...interchange import COLUMNS
from .problems import REQUIRED, Problem


def read_dir(directory: str | Path) -> tuple[dict[str, list[tuple]], list[Problem]]:
    """The tables of a directory of interchange CSV files (header checked)."""
    directory = Path(directory)
    tables: dict[str, list[tuple]] = {}
    problems: list[Problem] = []
    for name, columns in COLUMNS.items():
        path = directory / f"{name}.csv"
        if not path.exists():
            if name in REQUIRED:
                problems.append(Problem(f"{name}.csv", 0, "-", "파일이 없습니다"))
            continue
        text = _decoded(path, problems)
        if text is None:
            continue
        with io.StringIO(text, newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(cell.strip() for cell in next(reader, ()))
            if header != columns:
                problems.append(
                    Problem(f"{name}.csv", 1, "-", f"머리행이 다릅니다: 기대 {','.join(columns)}")
                )
                continue
            rows = []
            for line, row in enumerate(reader, start=2):
                if len(row) != len(columns):
                    problems.append(
                        Problem(f"{name}.csv", line, "-", f"열이 {len(columns)}개가 아닙니다")
                    )
                    row = (list(row) + [""] * len(columns))[: len(columns)]
                rows.append(tuple(row))
            tables[name] = rows
    problems += [Problem(*cell, RRN_MESSAGE) for cell in rrn_cells(tables, COLUMNS)]
    return tables, problems


# ----------------------------------------------------------------------------- cell parsers


SAVE_AS = "Excel에서 'CSV UTF-8(쉼표로 분리)'로 다시 저장해 주세요"


def _decoded(path: Path, problems: list[Problem]) -> str | None:
    """The file's text, or None with a problem naming the file and the expected encoding."""
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:4096]:
        problems.append(
            Problem(path.name, 0, "-", f"UTF-16 파일입니다. UTF-8 CSV여야 합니다: {SAVE_AS}")
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("cp949")
            found = "CP949(EUC-KR) 파일로 보입니다"
        except UnicodeDecodeError:
            found = "UTF-8이 아닌 바이트가 있습니다"
        problems.append(Problem(path.name, line, "-", f"{found}. UTF-8 CSV여야 합니다: {SAVE_AS}"))
        return None
