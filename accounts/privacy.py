"""Masking for lists: a list shows enough to tell people apart, the detail page (whose every
view is logged) shows the whole value.

- phone: the middle block hidden — 010-1234-5678 → 010-****-5678 (02-123-4567 → 02-***-4567);
- birth date: the year only — 1985-03-02 → 1985-**-**;
- name: first and last letters — 홍길동 → 홍*동, 김민 → 김*;
- e-mail: two letters of the local part and the domain — hong@example.com → ho***@example.com.

The 주민등록번호 rule is common.pii's.
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


def mask_name(value: str | None) -> str:
    text = unicodedata.normalize("NFC", value or "").strip()
    if len(text) <= 1:
        return "*" if text else ""
    if len(text) == 2:
        return f"{text[0]}*"
    return f"{text[0]}{'*' * (len(text) - 2)}{text[-1]}"


def mask_email(value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    local, at, domain = text.rpartition("@")
    if not at:
        return mask_name(text)
    return f"{local[:2]}***@{domain}"


# 주민등록번호: the one rule lives in the bottom layer (common.pii), where every app can reach
# it. Re-exported for code written against this module before it moved.
from common.pii import RRN_MESSAGE, looks_like_rrn, reject_rrn  # noqa: E402, F401
