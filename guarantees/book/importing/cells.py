"""Cell parsers: text, date, integer, decimal, business number; each raises `_Bad` with a
Korean reason, and `_Rows` turns that into a problem naming file, row and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from ...validators import brn_check_digit
from .problems import Problem


class _Bad(ValueError):
    pass


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value, *, required: bool = True, latest: dt.date | None = None) -> dt.date | None:
    """A date; with `latest` (today, for what has happened) a later date is refused."""
    if isinstance(value, dt.date):
        date = value
    else:
        text = _text(value)
        if not text:
            if required:
                raise _Bad("날짜가 비어 있습니다")
            return None
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise _Bad(f"날짜 형식(YYYY-MM-DD)이 아닙니다: {text!r}") from None
    if latest is not None and date > latest:
        raise _Bad(f"오늘({latest}) 이후의 날짜입니다: {date}")
    return date


def _int(value, *, minimum: int | None = 0, blank: int | None = None) -> int:
    if isinstance(value, int):
        number = value
    else:
        text = _text(value).replace(",", "")
        if not text and blank is not None:
            return blank
        try:
            number = int(text)
        except ValueError:
            raise _Bad(f"정수(원)가 아닙니다: {text!r}") from None
    if minimum is not None and number < minimum:
        raise _Bad(f"{minimum} 이상이어야 합니다: {number}")
    return number


def _decimal(value, *, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(_text(value))
    except InvalidOperation:
        raise _Bad(f"숫자가 아닙니다: {_text(value)!r}") from None
    if not number.is_finite() or not (low <= number <= high):
        raise _Bad(f"{low}~{high} 범위가 아닙니다: {number}")
    return number


def _brn(value) -> str:
    digits = "".join(ch for ch in _text(value) if ch.isdigit())
    if len(digits) != 10 or not _text(value).replace("-", "").isdigit():
        raise _Bad(f"사업자등록번호는 숫자 10자리입니다: {_text(value)!r}")
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise _Bad(f"사업자등록번호 검증번호가 맞지 않습니다: {_text(value)!r}")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


class _Rows:
    """Collects the problems of one file while its rows are parsed."""

    def __init__(self, name: str, problems: list[Problem]):
        self.file = f"{name}.csv"
        self.problems = problems

    def cell(self, line: int, column: str, parse, value, **kwargs):
        try:
            return parse(value, **kwargs)
        except _Bad as exc:
            self.problems.append(Problem(self.file, line, column, str(exc)))
            return None

    def add(self, line: int, column: str, reason: str) -> None:
        self.problems.append(Problem(self.file, line, column, reason))


# ----------------------------------------------------------------------------- validation
