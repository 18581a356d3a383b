"""The bank desk's tables as Excel (issue #17 part 2): the guarantee list under its filters
(every page, not the 50 on screen) and a monthly report's 대사 차이, read back with openpyxl;
another bank's report is 404."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import PersonalDataAccess
from guarantees.bank import reconciliation
from guarantees.bank.reconciliation import Row
from guarantees.models import Business

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    ws = load_workbook(io.BytesIO(response.content)).active
    return ws, list(ws.iter_rows(values_only=True))


def test_the_guarantee_list_opens_as_numbers_under_its_filters(
    client, bank_officer, make_bank_guarantee
):
    g = make_bank_guarantee(loan_krw=20_000_000, issued_on=dt.date(2026, 1, 5))
    Business.objects.filter(pk=g.business_id).update(name="+상회")  # looks like a formula
    old = make_bank_guarantee(issued_on=dt.date(2025, 3, 2))
    client.force_login(bank_officer)
    page = client.get(reverse("guarantees:bank_desk:guarantees"), {"issued_since": "2026-01-01"})
    assert "guarantees.xlsx?issued_since=2026-01-01" in page.content.decode()

    url = reverse("guarantees:bank_desk:guarantees_xlsx")
    ws, rows = _sheet(client.get(url, {"issued_since": "2026-01-01"}))
    assert rows[1][:4] == ("보증번호", "상호", "사업자등록번호", "발급일")
    numbers = [r[0] for r in rows[2:]]
    assert g.guarantee_no in numbers and old.guarantee_no not in numbers
    row = rows[2 + numbers.index(g.guarantee_no)]
    line = 3 + numbers.index(g.guarantee_no)
    assert row[1] == "+상회" and ws[f"B{line}"].quotePrefix and ws[f"B{line}"].data_type == "s"
    assert row[3] == dt.datetime(2026, 1, 5) and ws[f"D{line}"].number_format == "yyyy-mm-dd"
    assert row[5] == 20_000_000 and ws[f"F{line}"].number_format == '#,##0"원"'
    assert row[6] == Decimal("85") or row[6] == 85
    assert row[7] == 17_000_000 and ws.freeze_panes == "A3"
    assert PersonalDataAccess.objects.filter(data="은행 보증 목록 엑셀").count() == 1

    ws, rows = _sheet(client.get(url))  # no filter: every guarantee of the bank
    assert {g.guarantee_no, old.guarantee_no} <= {r[0] for r in rows[2:]}


def test_a_monthly_reports_differences_open_as_numbers(
    client, bank_officer, other_bank_officer, ibk_source, make_bank_guarantee
):
    exact = make_bank_guarantee()
    off = make_bank_guarantee()
    missing = make_bank_guarantee()
    report = reconciliation.monthly_report_receive(
        source=ibk_source,
        month="2026-02",
        rows=[
            Row(exact.guarantee_no, 20_000_000),
            Row(off.guarantee_no, 10_000_000),
            Row("NO-SUCH-1", 5),
        ],
    )
    assert report.difference_count == 3  # balance, unknown, missing
    client.force_login(bank_officer)
    page = client.get(reverse("guarantees:bank_desk:monthly_upload")).content.decode()
    url = reverse("guarantees:bank_desk:monthly_differences_xlsx", args=[report.pk])
    assert url in page

    ws, rows = _sheet(client.get(url))
    assert "2026년 02월말" in rows[0][0]
    assert rows[1][:3] == ("구분", "보증번호", "은행 보고 대출잔액(원)")
    by_no = {r[1]: r for r in rows[2:]}
    assert set(by_no) == {off.guarantee_no, missing.guarantee_no, "NO-SUCH-1"}
    assert by_no[off.guarantee_no][0] == "잔액 불일치"
    assert by_no[off.guarantee_no][2:5] == (10_000_000, 8_500_000, 17_000_000)
    assert by_no["NO-SUCH-1"][0] == "장부에 없음" and by_no["NO-SUCH-1"][2] == 5
    assert ws["C3"].number_format == '#,##0"원"' and ws.freeze_panes == "A3"

    client.force_login(other_bank_officer)
    assert client.get(url).status_code == 404
