"""주민등록번호 (resident registration number): the portal's one rule. It never stores one.

Every text a person or a file can put in passes `looks_like_rrn` before it is kept: form
fields, the admin, the API, import columns, uploaded file names, the sign-up name and e-mail.

What counts as one: six digits that form a date (YYMMDD), then seven digits whose first is
1–8 (1–4: citizens born in the 1900s/2000s; 5–8: the 외국인등록번호 of foreign residents,
equally protected). The check digit is NOT required: numbers issued since October 2020 end in
random digits with no valid checksum, so requiring one would let real numbers through.

How it is matched, so that spelling the number differently does not get it through:

1. Normalise: NFKC (full-width ９ and －, circled ①, superscripts fold to ASCII), drop
   invisible characters (zero-width spaces and joiners, bidi controls, soft hyphen, variation
   selectors, combining marks, the Hangul fillers), map every decimal digit of every script
   (Arabic-Indic ٩, Devanagari ९, Thai ๙, mathematical 𝟗 …) to ASCII, and read dash-like
   letters (ㅡ, ᅳ, 一, ー) as separators.
2. Split into chains of digit groups joined by anything that is not a letter: hyphens of any
   kind, `. _ / ~ * = +`, spaces, or nothing at all.
3. Any run of consecutive groups in a chain that holds exactly 13 digits of that shape is a
   resident number — `900101-1234567`, `900101ㅡ1234567`, `9 0 0 1 0 1 . 1 2 3 4 5 6 7` alike.
   A group longer than 13 digits is some other figure (as before: a 20-digit account number
   that happens to contain one is not flagged).

Joining groups across separators could glue two honest numbers into 13 digits. The two a
person actually types side by side are phone numbers (010-1234-5678, 02-123-4567) and
사업자등록번호 (220-81-62517), so a run that contains one of those, whole and hyphenated,
beside other groups is left alone: `010-1234-5678 / 02` is a phone and an area code, not a
birth date. Someone who hides a resident number in the layout of a phone number on purpose
can also spell it in words; the rule is there for the number typed as people type it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from common.brn import brn_check_digit

RRN_MESSAGE = (
    "주민등록번호로 보이는 숫자가 있습니다. 이 포털은 주민등록번호를 받지 않습니다. 지워 주세요."
)

# Invisible: format characters (Cf: zero-width space/joiners, bidi controls, soft hyphen, BOM,
# word joiner) and marks (Mn/Me/Mc: combining accents on a digit, variation selectors) are
# dropped by category; these are letters or symbols by category but show as blank.
_BLANK_LETTERS = dict.fromkeys(
    map(ord, "\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e\u034f"), None
)
_INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me", "Mc", "Co", "Cs", "Cn"}
# Letters that people (and the probe) use as a dash: Hangul ㅡ (compatibility and conjoining
# jamo), CJK 一, katakana ー, the stroke 丨 and ㅣ used as a bar.
_DASH_LETTERS = dict.fromkeys(map(ord, "ㅡᅳ一ーㅣ丨ǀ"), "-")

# A chain: digit groups joined by runs of non-letters (\W is neither letter nor digit; `_` is
# a word character in `re`, so it is named too).
_CHAIN = re.compile(r"[0-9]+(?:[\W_]+[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_SHAPE = re.compile(r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[1-8]\d{6}")
# Whole honest numbers, by the digit counts of their hyphenated groups: phone numbers with a
# real prefix (mobile 01x, Seoul 02, regions 031–064, 070 internet, 15xx/16xx/18xx hotlines)
# and 사업자등록번호 whose check digit holds (a random split of a resident number rarely
# passes both the layout and the check).
_PHONE = re.compile(r"(?:01[016789]|02|0[3-6][1-5]|070)-\d{3,4}-\d{4}|1[568]\d{2}-\d{4}")
_BRN = re.compile(r"\d{3}-\d{2}-\d{5}")


def normalise(value: object) -> str:
    """The text as the rule reads it (never stored: the person's own spelling is kept)."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = text.translate(_BLANK_LETTERS).translate(_DASH_LETTERS)
    out = []
    for ch in text:
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
            continue
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)


def _honest_numbers(chain: str) -> list[tuple[int, int]]:
    """(first, last) group indexes of the phone numbers and 사업자등록번호 written whole, with
    hyphens, inside a chain."""
    found = []
    for pattern, valid in ((_PHONE, None), (_BRN, _brn_checks)):
        for match in re.finditer(rf"(?<![0-9])(?:{pattern.pattern})(?![0-9])", chain):
            if valid is not None and not valid(match.group()):
                continue
            first = len(_GROUP.findall(chain[: match.start()]))
            found.append((first, first + match.group().count("-")))
    return found


def _brn_checks(text: str) -> bool:
    digits = text.replace("-", "")
    return brn_check_digit(digits[:9]) == int(digits[9])


def _windows(chain: str) -> Iterator[str]:
    groups = _GROUP.findall(chain)
    honest = _honest_numbers(chain) if len(groups) > 1 else []
    for first in range(len(groups)):
        digits = ""
        for last in range(first, len(groups)):
            digits += groups[last]
            if len(digits) >= 13:
                break
        if len(digits) != 13:
            continue
        # 13 digits never fit inside a phone number or a 사업자등록번호: a window that shares a
        # group with one is that number glued to its neighbours.
        if any(a <= last and first <= b for a, b in honest):
            continue
        yield digits


def find_rrn(value: object) -> str | None:
    """The 13 digits of the first resident number in `value`, or None."""
    text = normalise(value)
    for chain in _CHAIN.findall(text):
        for digits in _windows(chain):
            if _SHAPE.fullmatch(digits):
                return digits
    return None


def looks_like_rrn(value: object) -> bool:
    return find_rrn(value) is not None


def reject_rrn(value: object) -> None:
    """Validator for every text a person or a file can put in."""
    from django.core.exceptions import ValidationError

    if looks_like_rrn(value):
        raise ValidationError(RRN_MESSAGE, code="rrn")
