"""사업자등록번호 validator against an independent implementation of the National Tax
Service check digit, over random digits written the ways people type them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from guarantees.validators import brn_digits, normalize_brn

FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
SEPARATORS = ["", "-", " ", "‐", "–", "—", "−", "ー", "\u00a0", "－"]


def reference_is_valid(digits: str) -> bool:
    """The check digit as the NTS describes it, written without the module's helpers: weigh
    the first nine digits by 1 3 7 1 3 7 1 3 5 and keep the last digit of each product, except
    that the ninth product counts with both its digits (tens + units); the tenth digit makes
    the total a multiple of ten."""
    products = [int(d) * int(w) for d, w in zip(digits[:9], "137137135", strict=True)]
    total = sum(p % 10 for p in products[:8]) + products[8] // 10 + products[8] % 10
    return (total + int(digits[9])) % 10 == 0


TEN_DIGITS = st.text(alphabet="0123456789", min_size=10, max_size=10)


@st.composite
def typed_brn(draw) -> tuple[str, str]:
    """(digits, as typed): 3-2-5 groups joined by a random separator, padded with spaces,
    some or all digits full-width."""
    digits = draw(TEN_DIGITS)
    separator = draw(st.sampled_from(SEPARATORS))
    text = separator.join([digits[:3], digits[3:5], digits[5:]])
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    pad = draw(st.sampled_from(["", " ", "\t", "  "]))
    return digits, f"{pad}{text}{pad}"


@pytest.mark.parametrize("number", ["124-81-00998", "220-81-62517", "120-81-47521"])
def test_the_reference_accepts_real_registration_numbers(number):
    assert reference_is_valid(number.replace("-", ""))
    assert normalize_brn(number) == number


@given(typed_brn())
def test_the_validator_agrees_with_the_reference_however_the_number_is_typed(case):
    digits, typed = case
    if reference_is_valid(digits):
        assert normalize_brn(typed) == f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    else:
        with pytest.raises(ValidationError) as info:
            normalize_brn(typed)
        assert info.value.code == "check_digit"
        assert "검증번호" in info.value.messages[0]


@given(TEN_DIGITS)
def test_exactly_one_check_digit_is_valid_for_every_nine_digits(digits):
    valid = [d for d in "0123456789" if reference_is_valid(digits[:9] + d)]
    assert len(valid) == 1
    assert normalize_brn(digits[:9] + valid[0])


@given(typed_brn())
def test_normalising_is_idempotent_and_the_digits_survive(case):
    digits, typed = case
    assert brn_digits(typed) == digits
    if reference_is_valid(digits):
        once = normalize_brn(typed)
        assert normalize_brn(once) == once


@given(
    st.one_of(
        st.text(max_size=40),
        st.text(alphabet="0123456789０１２３-– ٣፩²①", max_size=20),
        st.integers(min_value=0, max_value=10**12).map(str),
    )
)
def test_anything_else_is_a_korean_validation_error_never_a_crash(text):
    try:
        number = normalize_brn(text)
    except ValidationError as exc:
        assert exc.code in {"required", "invalid_characters", "invalid_length", "check_digit"}
        assert "사업자등록번호" in exc.messages[0]
    else:
        digits = number.replace("-", "")
        assert len(number) == 12 and digits.isascii() and reference_is_valid(digits)
