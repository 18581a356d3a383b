"""사업자등록번호 (business registration number): normalisation and the check digit.

python-stdnum's kr.brn checks the format only; the check digit is common.brn's.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

from common.brn import brn_check_digit

_SEPARATORS = {"-", " ", "\u00a0", "‐", "‑", "‒", "–", "—", "−", "ー", "\t"}


def brn_digits(raw: str) -> str:
    """The ten digits of a number typed with hyphens, spaces or full-width digits.

    NFKC folds full-width digits (１２３) and hyphens to ASCII; the result is NFC like every
    stored string. Raises ValidationError with a Korean message for anything else.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    digits = "".join(ch for ch in text if ch not in _SEPARATORS)
    if not digits:
        raise ValidationError("사업자등록번호를 입력해 주세요.", code="required")
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(
            "사업자등록번호는 숫자 10자리입니다. 예: 123-45-67890", code="invalid_characters"
        )
    if len(digits) != 10:
        raise ValidationError(
            f"사업자등록번호는 숫자 10자리입니다. 입력하신 번호는 {len(digits)}자리입니다.",
            code="invalid_length",
        )
    return digits


def normalize_brn(raw: str) -> str:
    """Validate and format as 123-45-67890."""
    digits = brn_digits(raw)
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            "사업자등록번호가 올바르지 않습니다. 번호를 다시 확인해 주세요(검증번호 불일치).",
            code="check_digit",
        )
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def validate_brn(value: str) -> None:
    normalize_brn(value)
