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


def test_the_chart_reads_every_month_end_and_its_points_carry_the_date(client, strategy, book):
    """24 month ends up to the page's date, computed from the journal (no snapshot): each point
    and each row links to the dashboard at that month end; the 10× line is labelled as seed
    001 does (적정 운용배수), not as a legal limit."""
    assert not MultiplierSnapshot.objects.exists()
    client.force_login(strategy)
    page = client.get(reverse("ledger:dashboard"), {"date": "2021-06-15"}).content.decode()
    chart = page.split('id="month-end-chart"')[1].split("</figure>")[0]
    links = re.findall(r'<a href="/ledger/dashboard/\?date=(\d{4}-\d{2}-\d{2})"', chart)
    # no base assets before 2020: no multiplier, no point (the table still lists the month)
    assert len(links) == 17 and links[0] == "2020-01-31" and links[-1] == "2021-05-31"
    assert "2020-02-29" in links  # a leap-year February ends on the 29th
    assert "적정 운용배수 10" in chart and "한도" not in chart
    table = page.split('id="month-end-table"')[1].split("</table>")[0]
    rows = re.findall(r'<a href="/ledger/dashboard/\?date=(\d{4}-\d{2}-\d{2})"', table)
    assert len(rows) == 24 and rows[0] == "2021-05-31" and rows[-1] == "2019-06-30"
    # 2021-05-31: 500 백만 outstanding on 100 백만 base assets → 5.00배; 2020-01-31: none yet
    assert re.search(
        r"2021-05-31\">2021\. 05\. 31\.</a></th>\s*<td class=\"num\">500</td>"
        r"<td class=\"num\">100</td>\s*<td class=\"num\">5.00배",
        table,
    )
    assert re.search(r"2019-06-30\">2019\. 06\. 30\.</a></th>\s*<td class=\"num\">0</td>", table)
    assert "4.00배" in table  # 2020-12-31: 400 on 100
    # following a point shows that month end everywhere on the page
    later = client.get(reverse("ledger:dashboard"), {"date": "2020-12-31"}).content.decode()
    assert "2020. 12. 31. 기준" in later and 'r="6"' in later  # the chosen point is marked
    assert "적정 운용배수" in later and "법정 한도" not in later


def test_the_month_ends_are_month_ends():
    from ledger.selectors import month_ends

    assert month_ends(dt.date(2020, 3, 31), 3) == [
        dt.date(2020, 1, 31),
        dt.date(2020, 2, 29),
        dt.date(2020, 3, 31),
    ]
    assert month_ends(dt.date(2020, 3, 30), 2) == [dt.date(2020, 1, 31), dt.date(2020, 2, 29)]
    assert month_ends(dt.date(2021, 1, 1), 1) == [dt.date(2020, 12, 31)]
