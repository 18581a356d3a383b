"""The one 주민등록번호 rule (common.pii): the probe's spellings, the honest numbers beside it,
and properties over separators, scripts and invisible characters (hypothesis)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, example, given
from hypothesis import strategies as st

from common.pii import RRN_MESSAGE, find_rrn, looks_like_rrn, normalise, reject_rrn

# Each spelling the second probe got through the first rule, and the first pass's own.
CAUGHT = [
    "900101-1234567",
    "900101-1234568",
    "0503154123456",
    "９００１０１－２２３４５６７",
    "850302 2123456",
    "850302 – 2123456",
    "781231-5123456",  # 외국인등록번호
    "홍길동 900101-1234567",  # the sign-up name
    "9001011234567@example.com",  # an e-mail local part of 13 digits
    "900101-1234567 주민등록등본.pdf",  # an uploaded file name
    "900101ㅡ1234567",  # Hangul ㅡ
    "900101ᅳ1234567",  # conjoining jamo ᅳ
    "900101一1234567",  # CJK 一
    "900101ー1234567",  # katakana ー
    "900101.1234567",
    "900101_1234567",
    "900101/1234567",
    "900101~1234567",
    "900101*1234567",
    "900101=1234567",
    "900101+1234567",
    "900101 - 1234567",
    "9 0 0 1 0 1 1 2 3 4 5 6 7",  # spaced digits
    "9 0 0 1 0 1 - 1 2 3 4 5 6 7",
    "900101\u200b-1234567",  # zero-width space beside the hyphen
    "900101-\u200b1234567",
    "9\u200d0\u200c0101\ufeff-\u20601234567",  # joiners, BOM, word joiner inside the digits
    "900101\u00ad1234567",  # soft hyphen
    "900101\u202e-1234567",  # bidi override
    "٩٠٠١٠١-١٢٣٤٥٦٧",  # Arabic-Indic digits
    "۹۰۰۱۰۱-۱۲۳۴۵۶۷",  # Extended Arabic-Indic (Persian)
    "९००१०१-१२३४५६७",  # Devanagari
    "๙๐๐๑๐๑-๑๒๓๔๕๖๗",  # Thai
    "𝟗𝟎𝟎𝟏𝟎𝟏-𝟏𝟐𝟑𝟒𝟓𝟔𝟕",  # mathematical bold digits
    "⑨00101-1234567",  # circled digit
    "9\u03050\u03050101-1234567",  # combining overline on digits
    "900101\u31641234567",  # Hangul filler (blank letter)
    "900101\u30001234567",  # ideographic space
    "900101\t\n1234567",
    "대표자(900101-1234567) 확인",
]
LEFT_ALONE = [
    "220-81-62517",  # 사업자등록번호
    "010-1234-5678",
    "2026년 3월 매출 12,000,000원",
    "991301-1234567",  # month 13: not a date
    "900132-1234567",  # day 32
    "900101-9234567",  # 9: not a registration number's seventh digit
    "1234567890123",
    "계좌 110-123-456789",
    "12345679001011234567",  # a 20-digit account number is one number
    # Honest numbers side by side: glued across the separator they would make 13 digits.
    "010-1234-5678 / 02-123-4567",
    "연락처 02 / 010-1234-5678",
    "사업자 220-81-62517 / 010-1234-5678",
    "1588-1234 / 010-1234-5678",
    "2020.01.15 1,234,567원",
    "",
    None,
]


@pytest.mark.parametrize("value", CAUGHT)
def test_the_probes_spellings_are_caught(value):
    assert looks_like_rrn(value), repr(value)
    assert looks_like_rrn(f"메모: {value} 끝"), repr(value)


@pytest.mark.parametrize("value", LEFT_ALONE)
def test_honest_numbers_are_left_alone(value):
    assert not looks_like_rrn(value), (repr(value), find_rrn(value))


def test_find_rrn_gives_the_thirteen_digits():
    assert find_rrn("대표 ٩٠٠١٠١ㅡ1234567") == "9001011234567"


def test_the_validator_says_what_to_do_in_korean():
    with pytest.raises(ValidationError) as raised:
        reject_rrn("900101\u200b-1234567")
    assert raised.value.messages == [RRN_MESSAGE] and raised.value.code == "rrn"
    reject_rrn("보증 신청 메모")  # nothing raised


def test_normalise_folds_every_decimal_digit_and_drops_the_invisible():
    digits = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Nd"]
    assert len(digits) > 600
    assert all(normalise(d).isascii() and normalise(d).isdigit() for d in digits)
    assert normalise("a\u200b\u200c\u200d\u2060\ufeff\u00ad\u202eb") == "ab"


# ----- properties -----

SEPARATORS = st.sampled_from(
    [
        "", "-", "‐", "‑", "–", "—", "−", "－", "ㅡ", "ᅳ", "一", "ー", ".", "。", "·", "_", "/",
        "\\", "~", "〜", "*", "=", "+", " ", "  ", "\u3000", "\u00a0", "\t", ":", "|", "#",
    ]
)  # fmt: skip
INVISIBLE = st.sampled_from(["", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
# Decimal digits of some scripts: digit d of the script is chr(zero + d).
SCRIPTS = st.sampled_from([0x30, 0xFF10, 0x660, 0x6F0, 0x966, 0xE50, 0x1D7CE, 0x1D7F6, 0xFF10])


@st.composite
def resident_numbers(draw) -> str:
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    seventh = draw(st.integers(1, 8))
    rest = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    return f"{born:%y%m%d}{seventh}{rest}"


def _honest_layout(groups: list[str]) -> bool:
    """A split that spells a phone number or a business number whole is one (see common.pii)."""
    from common.pii import _BRN, _PHONE, _brn_checks

    joined = "-".join(groups)
    return bool(_PHONE.search(joined)) or any(_brn_checks(m.group()) for m in _BRN.finditer(joined))


@given(
    number=resident_numbers(),
    cuts=st.lists(st.integers(1, 12), max_size=12, unique=True),
    separators=st.lists(SEPARATORS, min_size=13, max_size=13),
    invisible=st.lists(INVISIBLE, min_size=14, max_size=14),
    zero=SCRIPTS,
    before=st.sampled_from(["", "대표자 ", "번호: ", "(", "홍길동"]),
    after=st.sampled_from(["", " 입니다", ")", "@example.com", " 등본.pdf"]),
)
@example(
    number="9001011234567",
    cuts=[6],
    separators=["ㅡ"] * 13,
    invisible=["\u200b"] * 14,
    zero=0x660,
    before="",
    after="",
)
def test_any_separator_script_or_padding_is_still_caught(
    number, cuts, separators, invisible, zero, before, after
):
    groups, last = [], 0
    for cut in [*sorted(cuts), 13]:
        groups.append(number[last:cut])
        last = cut
    assume(not _honest_layout(groups))
    text, position = [], 0
    for i, group in enumerate(groups):
        text.append(separators[i] if i else invisible[13])
        for d in group:
            text.append(chr(zero + int(d)))
            text.append(invisible[position])
            position += 1
    assert looks_like_rrn(before + "".join(text) + after), (before, text, after)


@given(
    digits=st.text(alphabet="0123456789", min_size=7, max_size=8),
    area=st.sampled_from(["010", "011", "02", "031", "051", "064", "070"]),
    nine=st.text(alphabet="0123456789", min_size=9, max_size=9),
    joiner=st.sampled_from([" / ", ", ", " ", "/", " 또는 ", "; "]),
)
def test_phone_and_business_numbers_side_by_side_are_not_resident_numbers(
    digits, area, nine, joiner
):
    from common.brn import brn_check_digit

    phone = f"{area}-{digits[:-4]}-{digits[-4:]}"
    brn = f"{nine[:3]}-{nine[3:5]}-{nine[5:]}{brn_check_digit(nine)}"
    for text in (phone, brn, phone + joiner + brn, brn + joiner + phone, phone + joiner + phone):
        assert not looks_like_rrn(text), text
