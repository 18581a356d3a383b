"""Masking for lists: a list shows enough to tell people apart, the detail page (whose every
view is logged) shows the whole value.

- phone: the middle block hidden — 010-1234-5678 → 010-****-5678 (02-123-4567 → 02-***-4567);
- birth date: the year only — 1985-03-02 → 1985-**-**.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_PHONE = re.compile(r"^(\d{2,3})[-\s.]?(\d{3,4})[-\s.]?(\d{4})$")


def mask_phone(value: str | None) -> str:
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        return ""
    match = _PHONE.match(text)
    if match:
        first, middle, last = match.groups()
        return f"{first}-{'*' * len(middle)}-{last}"
    digits = re.sub(r"\D", "", text)
    # Anything else: keep only the last four digits.
    return f"{'*' * max(len(digits) - 4, 0)}{digits[-4:]}" if digits else "***"


def mask_birth_date(value: dt.date | str | None) -> str:
    if not value:
        return ""
    year = value.year if isinstance(value, dt.date) else str(value)[:4]
    return f"{year}-**-**"


# 주민등록번호 (resident registration number): never stored. Six digits that form a date
# (YYMMDD), an optional hyphen or space, then seven digits whose first is 1–8 (1–4: citizens
# born in the 1900s/2000s; 5–8: the 외국인등록번호 of foreign residents, equally protected).
# The check digit is NOT required: numbers issued since October 2020 end in random digits with
# no valid checksum, so requiring one would let real numbers through. A 13-digit figure whose
# first six digits form a date is rare in a name or a note, and the message says what to do.
RRN_PATTERN = re.compile(
    r"(?<!\d)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*[-‐‑‒–—−]?\s*[1-8]\d{6}(?!\d)"
)
RRN_MESSAGE = (
    "주민등록번호로 보이는 숫자가 있습니다. 이 포털은 주민등록번호를 받지 않습니다. 지워 주세요."
)


def looks_like_rrn(value) -> bool:
    """Full-width digits and hyphens (９００１０１－…) are folded first (NFKC)."""
    return bool(RRN_PATTERN.search(unicodedata.normalize("NFKC", str(value or ""))))


def reject_rrn(value) -> None:
    """Validator for every free-text field: names, notes, reasons, comments, minutes."""
    from django.core.exceptions import ValidationError

    if looks_like_rrn(value):
        raise ValidationError(RRN_MESSAGE, code="rrn")
