from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common import money


@pytest.mark.parametrize(
    ("won", "million"),
    [
        (1_617_819_500_000, 1_617_820),
        (1_617_819_499_999, 1_617_819),
        (-3_742_000_000, -3_742),
        (-500_000, -1),
        (499_999, 0),
    ],
)
def test_to_million_rounds_half_up_once(won, million):
    assert money.to_million(won) == million


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        (62_774, 30_960, Decimal("102.8")),
        (1_617_820, 741_669, Decimal("118.1")),
        (3_618, 4_441, Decimal("-18.5")),
        (2_192_064, 1_191_546, Decimal("84.0")),
    ],
)
def test_percent_change_matches_the_council_tables(new, old, expected):
    assert money.percent_change(new, old) == expected


def test_percent_change_of_nothing_is_none():
    assert money.percent_change(5, 0) is None


def test_decreases_are_written_with_a_triangle():
    assert money.format_delta(-823) == "△823"
    assert money.format_delta(Decimal("-18.5"), 1) == "△18.5"
    assert money.format_delta(31_814) == "31,814"
    assert money.format_million(-3_742_000_000) == "△3,742"


def test_korean_display_units():
    assert money.format_won(1_234_567) == "1,234,567원"
    assert money.format_man(25_000_000) == "2,500만원"
    assert money.format_eok(37_500_000_000) == "375억원"
    assert money.format_eok(150_000_000) == "1.5억원"
    assert money.format_korean_amount(120_000_000) == "1억 2,000만원"
    assert money.format_korean_amount(15_000_000) == "1,500만원"


def test_multiplier_of_2020_is_8_00():
    assert money.ratio(2_192_064, 274_103) == Decimal("8.00")


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("20,000,000", 20_000_000),
        ("２０００만원", 20_000_000),
        ("1억 5천만", 150_000_000),
        ("3,000 만원", 30_000_000),
        ("1억", 100_000_000),
    ],
)
def test_parse_krw_reads_what_people_type(text, won):
    assert money.parse_krw(text) == won


@pytest.mark.parametrize("text", ["", "abc", "1.5", "만원", "-3000"])
def test_parse_krw_refuses_nonsense_with_a_korean_message(text):
    with pytest.raises(money.MoneyParseError, match="금액"):
        money.parse_krw(text)


WON = st.integers(min_value=0, max_value=money.MAX_KRW)
FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


@given(WON)
def test_parse_reads_back_what_format_writes(amount):
    assert money.parse_krw(money.format_won(amount)) == amount
    assert money.parse_krw(money.format_won(amount).translate(FULL_WIDTH)) == amount


@given(WON)
def test_parse_reads_back_the_plain_korean_form(amount):
    """'1억 2,000만원', '1,500만원', '12,345원': whatever format_korean_amount writes."""
    assert money.parse_krw(money.format_korean_amount(amount)) == amount


@given(st.integers(min_value=0, max_value=money.MAX_KRW // money.WON_PER_MAN))
def test_parse_reads_back_man_units(man):
    assert money.parse_krw(money.format_man(man * money.WON_PER_MAN)) == man * money.WON_PER_MAN


@given(st.integers(min_value=0, max_value=10**10))
def test_parse_reads_back_eok_with_one_decimal(tenths_of_eok):
    """format_eok keeps one decimal: exact for multiples of 1천만 (0.1억)."""
    amount = tenths_of_eok * 10_000_000
    assert money.parse_krw(money.format_eok(amount)) == amount


@given(
    eok=st.integers(min_value=0, max_value=9_999),
    cheonman=st.integers(min_value=0, max_value=9),
    man=st.integers(min_value=0, max_value=999),
    spaces=st.booleans(),
)
def test_parse_adds_up_units_written_largest_first(eok, cheonman, man, spaces):
    parts = [f"{n}{unit}" for n, unit in ((eok, "억"), (cheonman, "천만"), (man, "만")) if n]
    text = (" " if spaces else "").join(parts) or "0"
    assert money.parse_krw(text) == eok * 10**8 + cheonman * 10**7 + man * 10**4


TYPED_GARBAGE = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789０１２３억천백만원,. -.e+٣፩²", max_size=45),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


@given(TYPED_GARBAGE)
def test_parse_answers_a_number_or_a_korean_error_never_anything_else(text):
    try:
        amount = money.parse_krw(text)
    except money.MoneyParseError as exc:
        assert "금액" in str(exc)
    else:
        assert isinstance(amount, int) and 0 <= amount <= money.MAX_KRW


@pytest.mark.parametrize(
    "text", ["፩", "٣٤", "9" * 5000, "1억 1억", "5천만 1억", "1.000000000000000000000001억"]
)
def test_parse_refuses_other_scripts_repeated_units_and_endless_digits(text):
    # '፩' and 5,000 nines once escaped as a bare ValueError (a 500 behind the form);
    # Arabic-Indic '٣٤' was read as 34.
    with pytest.raises(money.MoneyParseError):
        money.parse_krw(text)
