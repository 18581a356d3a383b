"""Issue 19 row 8: the organisation tables list every unit the report counts — a branch with no
headcount row or no executive recorded (연수지점) appears, marked as such, never as a made-up 0."""

import datetime as dt

import pytest

from branches.models import HeadcountQuota, OrgUnit
from reports.document import parse_report_html, report_tables
from reports.rendering import report_html

pytestmark = pytest.mark.django_db


def _table(tables, title):
    return next(t for t in tables if t.title == title)


def test_every_unit_is_in_the_headcount_and_executives_tables(registers):
    yeonsu = OrgUnit.objects.get(name="연수지점")
    assert not HeadcountQuota.objects.filter(unit=yeonsu).exists()
    yeonsu.opened_on = dt.date(2021, 3, 1)
    yeonsu.save()
    html = report_html(2020)
    blocks = parse_report_html(html)
    tables = report_tables(blocks)
    units = _table(tables, "기구 및 인원 · 부서별 현원")
    cells = [c.text for row in units.grid for c in row if c is not None]
    assert "연수지점" in cells
    assert cells[cells.index("연수지점") + 1] == "-"
    branches = OrgUnit.objects.filter(kind="branch", is_active=True).values_list("name", flat=True)
    assert set(branches) <= set(cells)
    notes = " ".join(b.text for b in blocks if b.kind == "note")
    assert "연수지점: 2021. 01. 01. 기준 현원 자료가 등록되지 않았습니다" in notes
    assert "연수지점은 현재 개설 준비중" in notes

    executives = _table(tables, "간부현황")
    posts = [row[0].text for row in executives.grid if row[0] is not None]
    assert "연수지점장" in posts
    row = executives.grid[posts.index("연수지점장")]
    assert row[1].text == "공석"


def test_a_unit_with_a_headcount_row_shows_its_figure(registers):
    yeonsu = OrgUnit.objects.get(name="연수지점")
    as_of = HeadcountQuota.objects.order_by("-as_of").values_list("as_of", flat=True).first()
    HeadcountQuota.objects.create(unit=yeonsu, as_of=as_of, grade="all", authorised=0, current=4)
    tables = report_tables(parse_report_html(report_html(2020)))
    cells = [c.text for row in _table(tables, "기구 및 인원 · 부서별 현원").grid for c in row if c]
    assert cells[cells.index("연수지점") + 1] == "4"
