from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger import money


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


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_reads_back_what_format_writes(amount):
    assert money.parse_krw(money.format_won(amount)) == amount
