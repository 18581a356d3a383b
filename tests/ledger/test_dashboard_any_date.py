"""Issue 19 row 8 / issue 17 part 4: the dashboard's programme 소진율 and branch exposure are
computed from the journal for the page's date when the page is asked for (no stale snapshot),
say when; any past date can be picked; a bad date gets a Korean error."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from ledger.models import MultiplierSnapshot
from ledger.services import contribution_record
from tests.guarantees.book.factories import make_guarantee

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(organisation, programs):
    contribution_record(date=dt.date(2020, 1, 1), category="city", amount_krw=100_000_000)
    make_guarantee(
        branch=organisation["NAMDONG"],
        program=programs["COVID19"],
        amount_krw=400_000_000,
        issued_on=dt.date(2020, 2, 3),
    )
    make_guarantee(
        branch=organisation["BUPYEONG"],
        program=programs["COVID19"],
        amount_krw=100_000_000,
        issued_on=dt.date(2021, 3, 2),
    )
    return programs


def _row(page: str, name: str) -> str:
    match = re.search(rf"<tr><th scope=\"row\">{name}</th>(.*?)</tr>", page, re.S)
    assert match, name
    return match.group(1)


def test_programme_bars_are_computed_now_without_any_snapshot(client, strategy, book):
    assert not MultiplierSnapshot.objects.exists()  # nobody pressed 지금 계산
    client.force_login(strategy)
    page = client.get(reverse("ledger:dashboard")).content.decode()
    assert "상품별 한도 소진율" in page and "에 분개장에서 계산" in page
    row = _row(page, "코로나19 피해 특례보증")
    assert ">500<" in row  # both guarantees, today, read from the journal


def test_any_past_date_shows_foundation_programmes_and_branches_at_that_date(
    client, strategy, book
):
    client.force_login(strategy)
    page = client.get(reverse("ledger:dashboard"), {"date": "2020-12-31"}).content.decode()
    assert "2020. 12. 31. 기준" in page
    namdong = _row(page, "남동지점")
    assert ">400<" in namdong and "100.0%" in namdong  # all of 2020's exposure
    assert ">400<" in namdong.split("%")[-1]  # change since 2019-12-31
    bupyeong = _row(page, "부평지점")
    assert ">0<" in bupyeong
    later = client.get(reverse("ledger:dashboard"), {"date": "2021-06-30"}).content.decode()
    assert "80.0%" in _row(later, "남동지점") and "20.0%" in _row(later, "부평지점")
    assert ">0<" in _row(later, "남동지점").split("%")[-1]  # no change since 2020-12-31
    assert 'value="2021-06-30"' in later


@pytest.mark.parametrize(
    ("value", "message"),
    [("2020-13-01", "날짜로 읽을 수 없습니다"), ("2999-01-01", "오늘 이전이어야")],
)
def test_a_bad_date_is_a_korean_error(client, strategy, book, value, message):
    client.force_login(strategy)
    response = client.get(reverse("ledger:dashboard"), {"date": value})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and 'aria-invalid="true"' in body
