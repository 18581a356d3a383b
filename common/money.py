"""Money: whole won in integers, one rounding policy, Korean display units.

How an amount is written for people (one rule, these functions and the template filters in
common/templatetags/money.py):
- one amount (a limit, an application, a recommendation, a fee, a message): in 조·억·만 with
  the won remainder, `format_korean_amount` / `|korean_amount`: 1억원, 1억 2,000만원,
  5,000만원, 600,000원 — never 10,000만원 or 50,000,000원. A form shows the same words
  (`parse_krw` reads them back).
- a total or balance (보증잔액, 기본재산, 남은 한도): the same words rounded half up to 만원,
  `format_korean_total` / `|korean_total`: 2조 1,920억 6,000만원, never 21,920.6억원.
- council-report tables: 백만원 with △ for decreases (`format_million`), as the council asks.
- announcements of a programme's size: `format_eok` (375억원, 1.5억원).

Every amount in the portal is an `int` of won. Rates and multipliers are `Decimal` built from
strings. Rounding happens here and only here, always ROUND_HALF_UP (사사오입, the convention of
the council tables), and only once, at the end of a computation: a 백만원 figure is the won
total rounded once, never a sum of rounded parts.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from itertools import pairwise

from .errors import DomainError

WON_PER_MAN = 10_000
WON_PER_MILLION = 1_000_000  # 백만원
WON_PER_EOK = 100_000_000  # 억원
WON_PER_JO = 1_000_000_000_000  # 조원
DECREASE_MARK = "△"


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Round `value` half up to `places` decimals (2.345 → 2.35, −0.05 → −0.1)."""
    quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def won_to_unit(amount_krw: int, unit_krw: int) -> int:
    """Whole units (만원, 백만원, 억원) of a won total, rounded half up once."""
    return int(round_half_up(Decimal(amount_krw) / Decimal(unit_krw)))


def to_million(amount_krw: int) -> int:
    """백만원 of a won amount, half up (1,617,819,500,000원 → 1,617,820)."""
    return won_to_unit(amount_krw, WON_PER_MILLION)


def ratio(numerator: int, denominator: int, places: int = 2) -> Decimal | None:
    """numerator ÷ denominator, half up to `places`; None when the denominator is zero."""
    if not denominator:
        return None
    return round_half_up(Decimal(numerator) / Decimal(denominator), places)


def percent(numerator: int, denominator: int, places: int = 1) -> Decimal | None:
    """numerator ÷ denominator × 100, half up (62,774 / 27,000 → 232.5)."""
    if not denominator:
        return None
    return round_half_up(Decimal(numerator) * 100 / Decimal(denominator), places)


def percent_change(new: int, old: int, places: int = 1) -> Decimal | None:
    """Δ% = (new − old) ÷ old × 100, one decimal half up; None when old is zero."""
    if not old:
        return None
    return round_half_up(Decimal(new - old) * 100 / Decimal(old), places)


def apply_percent(amount_krw: int, pct: Decimal) -> int:
    """amount × pct ÷ 100 rounded DOWN to the won (guaranteed amounts, fees: never over-charge)."""
    return int((Decimal(amount_krw) * pct / 100).to_integral_value(rounding=ROUND_DOWN))


def format_number(
    value: int | Decimal, places: int | None = None, mark_decrease: bool = False
) -> str:
    """Thousands separators; a negative number written with △ when `mark_decrease`."""
    negative = value < 0
    magnitude = -value if negative else value
    if places is not None:
        text = f"{Decimal(magnitude):,.{places}f}"
    elif isinstance(magnitude, Decimal):
        text = f"{magnitude:,}"
    else:
        text = f"{magnitude:,}"
    if negative:
        return f"{DECREASE_MARK}{text}" if mark_decrease else f"-{text}"
    return text


def format_won(amount_krw: int) -> str:
    """1234567 → '1,234,567원'."""
    return f"{format_number(amount_krw)}원"


def format_man(amount_krw: int) -> str:
    """만원 units, half up: 25,000,000 → '2,500만원'."""
    return f"{format_number(won_to_unit(amount_krw, WON_PER_MAN))}만원"


def format_million(amount_krw: int, mark_decrease: bool = True) -> str:
    """백만원 units, half up, △ for decreases: −3,742,000,000 → '△3,742'."""
    return format_number(to_million(amount_krw), mark_decrease=mark_decrease)


def format_eok(amount_krw: int) -> str:
    """억원 for announcements: 37,500,000,000 → '375억원'; 2,500,000,000 → '25억원';
    150,000,000 → '1.5억원' (one decimal only when the amount is not a whole 억)."""
    eok = Decimal(amount_krw) / WON_PER_EOK
    if eok == eok.to_integral_value():
        return f"{format_number(int(eok))}억원"
    return f"{format_number(round_half_up(eok, 1))}억원"


def format_korean_amount(amount_krw: int) -> str:
    """Plain-language amount for applicants: 120,000,000 → '1억 2,000만원', 15,000,000 →
    '1,500만원', 12,345 → '12,345원'."""
    if amount_krw < WON_PER_MAN or amount_krw % WON_PER_MAN:
        return format_won(amount_krw)
    eok, man = divmod(amount_krw // WON_PER_MAN, WON_PER_EOK // WON_PER_MAN)
    jo, eok = divmod(eok, WON_PER_JO // WON_PER_EOK)
    parts = []
    if jo:
        parts.append(f"{format_number(jo)}조")
    if eok:
        parts.append(f"{format_number(eok)}억")
    if man:
        parts.append(f"{format_number(man)}만")
    return " ".join(parts) + "원"


def format_korean_total(amount_krw: int) -> str:
    """A total or balance for people, rounded half up to 만원: 2,192,061,234,567 →
    '2조 1,920억 6,123만원'; under 만원 in won. Negative totals keep a minus sign."""
    if amount_krw < 0:
        return "-" + format_korean_total(-amount_krw)
    if amount_krw < WON_PER_MAN:
        return format_won(amount_krw)
    return format_korean_amount(won_to_unit(amount_krw, WON_PER_MAN) * WON_PER_MAN)


def format_delta(value: int | Decimal, places: int | None = None) -> str:
    """A year-on-year change as in the council tables: decreases with △, increases plain."""
    return format_number(value, places=places, mark_decrease=True)


class MoneyParseError(DomainError, ValueError):
    """Raised with a Korean message when an amount cannot be read."""

    code = "money_parse"


_UNIT_WORDS = {
    "조": WON_PER_JO,
    "억": WON_PER_EOK,
    "천만": 10_000_000,
    "백만": WON_PER_MILLION,
    "만": WON_PER_MAN,
}
# One number and its unit; ASCII digits only (after NFKC): other scripts' digits ('٣', '፩')
# are not amounts anyone types here, and int() would read some and choke on others.
_UNIT_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(조|억|천만|백만|만)")
# The largest amount a BigIntegerField (PostgreSQL bigint) holds.
MAX_KRW = 9_223_372_036_854_775_807
_MAX_TYPED = 40  # characters, after removing separators


def parse_krw(text: str) -> int:
    """Read an amount typed by a person: '20,000,000', '２０００만원', '1억 5천만', '3,000 만원'.

    Full-width digits are normalised (NFKC). Units come largest first, each at most once
    ('1억 5천만', never '5천만 1억' or '1억 1억'). Raises MoneyParseError (Korean message) for
    anything that is not a whole, non-negative number of won that the database can hold.
    """
    if text is None:
        raise MoneyParseError("금액을 입력해 주세요.")
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "").replace(" ", "")
    cleaned = cleaned.removesuffix("원")
    if not cleaned:
        raise MoneyParseError("금액을 입력해 주세요.")
    if len(cleaned) > _MAX_TYPED:
        raise MoneyParseError("금액이 너무 깁니다. 숫자로 다시 입력해 주세요.")
    if re.fullmatch(r"[0-9]+", cleaned):
        total = Decimal(cleaned)
    else:
        parts = list(_UNIT_PART.finditer(cleaned))
        units = [_UNIT_WORDS[m.group(2)] for m in parts]
        descending = all(a > b for a, b in pairwise(units))
        if "".join(m.group(0) for m in parts) != cleaned or not parts or not descending:
            raise MoneyParseError("금액은 숫자로 입력해 주세요. 예: 20,000,000 또는 2천만")
        with localcontext() as exact:  # 40 typed characters never need more digits than this
            exact.prec = 80
            total = sum((Decimal(m.group(1)) * _UNIT_WORDS[m.group(2)] for m in parts), Decimal(0))
        if total != total.to_integral_value():
            raise MoneyParseError("금액은 원 단위의 정수로 입력해 주세요. 예: 1.5억")
    if total > MAX_KRW:
        raise MoneyParseError("금액이 너무 큽니다. 다시 확인해 주세요.")
    return int(total)


def format_rate(value: Decimal | int | str) -> str:
    """A stored rate for people: Decimal('0.800') → '0.8', Decimal('100.00') → '100'."""
    number = Decimal(str(value))
    text = format(number.normalize(), "f")
    return text
