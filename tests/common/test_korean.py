"""The particle helper: every kind of ending the portal writes (Hangul, digits, Latin letters,
quotes, brackets) and the template filter."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from common.korean import particle, with_particle


@pytest.mark.parametrize(
    ("word", "name", "expected"),
    [
        # Hangul: no final consonant, a final consonant, ㄹ (으로 → 로)
        ("인천신용보증재단", "은", "인천신용보증재단은"),
        ("인천신용보증재단", "는", "인천신용보증재단은"),
        ("부평지점", "이", "부평지점이"),
        ("서류", "이", "서류가"),
        ("사업장 임대차계약서", "을", "사업장 임대차계약서를"),
        ("사업자등록증명", "를", "사업자등록증명을"),
        ("영업본부", "과", "영업본부와"),
        ("지점", "와", "지점과"),
        ("서울", "으로", "서울로"),
        ("부산", "로", "부산으로"),
        ("학교", "으로", "학교로"),
        ("6,000만원", "이", "6,000만원이"),
        ("음식점업", "은", "음식점업은"),
        # digits, read as Sino-Korean numbers with their places
        ("1", "은", "1은"),  # 일
        ("2", "은", "2는"),  # 이
        ("3", "이", "3이"),  # 삼
        ("6", "을", "6을"),  # 육
        ("7", "으로", "7로"),  # 칠
        ("9", "이", "9가"),  # 구
        ("0", "이", "0이"),  # 영
        ("10", "이", "10이"),  # 십
        ("20", "는", "20은"),  # 이십
        ("100", "를", "100을"),  # 백
        ("1,000", "가", "1,000이"),  # 천
        ("10,000", "는", "10,000은"),  # 만
        ("100,000,000", "로", "100,000,000으로"),  # 억
        ("1000000000000", "가", "1000000000000가"),  # 조
        ("2025", "는", "2025는"),  # 오
        ("2021", "으로", "2021로"),  # 일
        ("1.5", "이", "1.5가"),  # 일 점 오
        ("3.0", "이", "3.0이"),  # 삼 점 영
        ("ICGF-2026-000001", "은", "ICGF-2026-000001은"),
        # Latin letters by their names
        ("fake.pdf", "은", "fake.pdf는"),  # 에프
        ("매출.hwpx", "을", "매출.hwpx를"),  # 엑스
        ("KB", "이", "KB가"),  # 비
        ("applicant@demo.icgf.kr", "으로", "applicant@demo.icgf.kr로"),  # 알: ㄹ
        ("HTML", "으로", "HTML로"),  # 엘: ㄹ
        ("PNG", "이", "PNG가"),  # 지
        ("CRM", "은", "CRM은"),  # 엠
        ("PIN", "을", "PIN을"),  # 엔
        ("SMS", "를", "SMS를"),  # 에스
        # closing quotes are looked through
        ("‘fake.pdf’", "은", "‘fake.pdf’는"),
        ("‘사업장 임대차계약서’", "을", "‘사업장 임대차계약서’를"),
        ("‘코로나19 피해 특례보증’", "은", "‘코로나19 피해 특례보증’은"),
        ("“지점”", "이", "“지점”이"),
        ("'증빙10.pdf'", "을", "'증빙10.pdf'를"),
        # brackets: the word before them (a gloss), or what is inside when there is none
        ("보증서(PDF)", "를", "보증서(PDF)를"),
        ("부평지점(2020)", "이", "부평지점(2020)이"),
        ("김새봄 (신청인)", "은", "김새봄 (신청인)은"),
        ("(주)", "은", "(주)는"),
        ("50%", "가", "50%가"),
    ],
)
def test_the_particle_follows_how_the_word_is_read(word, name, expected):
    assert with_particle(word, name) == expected


@pytest.mark.parametrize(
    ("word", "name", "expected"),
    [("", "은", "은(는)"), ("🙂", "이", "이(가)"), ("★", "으로", "(으)로"), ("#", "을", "을(를)")],
)
def test_an_unreadable_word_keeps_the_two_forms(word, name, expected):
    assert particle(word, name) == expected


def test_an_unknown_particle_is_a_programming_error():
    with pytest.raises(ValueError):
        particle("재단", "에게")


def test_the_template_filter_and_autoescape():
    template = Template('{% load korean %}{{ name|josa:"은" }} {{ file|josa:"을" }}')
    html = template.render(Context({"name": "인천신용보증재단", "file": "<a&b>.pdf"}))
    assert html == "인천신용보증재단은 &lt;a&amp;b&gt;.pdf를"


PLACEHOLDER = re.compile(r"(?:은|이|을|과|이나|이라)\((?:는|가|를|와|나|라)\)|\(으\)로")
ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "accounts",
    "branches",
    "common",
    "demo",
    "guarantees",
    "jobs",
    "ledger",
    "programs",
    "reports",
    "templates",
    "config",
    "scripts",
)


def test_no_placeholder_particle_is_left_in_code_or_templates():
    """Every "은(는)"-style placeholder went through the helper; the helper's own docs excepted."""
    found = []
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or path.name == "korean.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PLACEHOLDER.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
