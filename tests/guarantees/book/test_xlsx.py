"""사후관리 이력 as Excel (issue #17 part 2): the guarantee page's event table read back with
openpyxl — dates as dates, won as numbers with 천 단위, a memo that looks like a formula kept
as text; another branch gets 404 and the export is in the access log."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import PersonalDataAccess
from common.spreadsheet import XLSX_CONTENT_TYPE
from guarantees.models import BookRequest

from .factories import make_guarantee

pytestmark = pytest.mark.django_db


def test_the_event_list_opens_as_numbers_and_dates(
    client, organisation, programs, reviewer, branch_manager, other_branch_reviewer
):
    guarantee = make_guarantee(
        branch=organisation["NAMDONG"], amount_krw=10_000_000, issued_on=dt.date(2020, 1, 2)
    )
    client.force_login(reviewer)
    client.post(
        reverse("guarantees:book_request", args=[guarantee.guarantee_no]),
        {"kind": "repayment", "date": "2020-06-01", "amount_krw": "4000000", "memo": "=1+2"},
    )
    client.force_login(branch_manager)
    client.post(
        reverse("guarantees:book_decide", args=[BookRequest.objects.get().id]), {"approve": "1"}
    )
    url = reverse("guarantees:book_guarantee_events_xlsx", args=[guarantee.guarantee_no])
    page = client.get(reverse("guarantees:book_guarantee", args=[guarantee.guarantee_no]))
    assert url in page.content.decode()

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert guarantee.guarantee_no in rows[0][0]
    assert rows[1] == ("일자", "구분", "금액(원)", "연장 후 만기일", "적요", "처리자", "분개번호")
    repayment = next(r for r in rows[2:] if r[0] == dt.datetime(2020, 6, 1))
    assert repayment[2] == 4_000_000 and repayment[4] == "=1+2"
    line = rows.index(repayment) + 1
    assert ws[f"A{line}"].number_format == "yyyy-mm-dd"
    assert ws[f"C{line}"].number_format == '#,##0"원"'
    assert ws[f"E{line}"].data_type == "s" and ws[f"E{line}"].quotePrefix
    assert isinstance(repayment[6], int) and ws[f"G{line}"].number_format == "0"
    assert ws.freeze_panes == "A3"
    assert PersonalDataAccess.objects.filter(data="보증 사후관리 이력 엑셀").count() == 1

    client.force_login(other_branch_reviewer)
    assert client.get(url).status_code == 404
