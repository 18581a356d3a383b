"""기한경과 목록: the branch sees its rows, HQ all, a bank its own; filters, pages, CSV/XLSX,
and a decision recorded through the service (a refused one is a Korean form error)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from guarantees.bank.maturity import sweep_overdue_maturities
from guarantees.models import BookRequest, Guarantee, OverdueMaturity

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def listed(make_bank_guarantee, organisation):
    """Three guarantees on the list: 남동 IBK (10 days past maturity), 남동 신한 (45 days),
    부평 IBK (45 days). The sweep runs today; none is past the 90-day grace."""

    def matured(days: int, bank: str, branch: str) -> Guarantee:
        g = make_bank_guarantee(
            imported=True,
            bank_name=bank,
            issued_on=TODAY - dt.timedelta(days=days + 400),
            matures_on=TODAY - dt.timedelta(days=days),
        )
        Guarantee.objects.filter(pk=g.pk).update(branch=organisation[branch])
        return g

    rows = {
        "namdong_ibk": matured(10, "IBK기업은행", "NAMDONG"),
        "namdong_shinhan": matured(45, "신한은행", "NAMDONG"),
        "bupyeong_ibk": matured(45, "IBK기업은행", "BUPYEONG"),
    }
    assert sweep_overdue_maturities(on=TODAY).listed == 3
    return rows


def _page(client, user, name="guarantees:overdue", **params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    return response, response.content.decode()


def test_branch_staff_see_their_branch_only(client, reviewer, other_branch_reviewer, listed):
    response, page = _page(client, reviewer)

    assert response.status_code == 200
    assert listed["namdong_ibk"].guarantee_no in page
    assert listed["namdong_shinhan"].guarantee_no in page
    assert listed["bupyeong_ibk"].guarantee_no not in page
    assert "기한경과 — 2건" in page

    _, other = _page(client, other_branch_reviewer)
    assert listed["bupyeong_ibk"].guarantee_no in other
    assert listed["namdong_ibk"].guarantee_no not in other


def test_hq_sees_every_branch_and_filters_by_branch_and_days(client, hq_sales, listed):
    _, page = _page(client, hq_sales)
    assert "기한경과 — 3건" in page

    _, bupyeong = _page(client, hq_sales, branch="BUPYEONG")
    assert "기한경과 — 1건" in bupyeong and listed["bupyeong_ibk"].guarantee_no in bupyeong

    _, late = _page(client, hq_sales, days="31-60")
    assert "기한경과 — 2건" in late and listed["namdong_ibk"].guarantee_no not in late
    _, early = _page(client, hq_sales, days="1-30")
    assert "기한경과 — 1건" in early and "10일" in early


def test_the_bank_desk_shows_its_own_banks_rows_only(
    client, bank_officer, other_bank_officer, listed
):
    _, ibk = _page(client, bank_officer, "guarantees:bank_desk:overdue")
    assert listed["namdong_ibk"].guarantee_no in ibk
    assert listed["bupyeong_ibk"].guarantee_no in ibk
    assert listed["namdong_shinhan"].guarantee_no not in ibk

    _, shinhan = _page(client, other_bank_officer, "guarantees:bank_desk:overdue")
    assert "기한경과 — 1건" in shinhan and listed["namdong_shinhan"].guarantee_no in shinhan
    # the other bank's guarantee page stays unknown to it
    client.force_login(other_bank_officer)
    url = reverse("guarantees:bank_desk:guarantee", args=[listed["namdong_ibk"].guarantee_no])
    assert client.get(url).status_code == 404


def test_csv_and_xlsx_carry_the_filtered_rows(client, hq_sales, bank_officer, listed):
    client.force_login(hq_sales)
    response = client.get(reverse("guarantees:overdue_csv"), {"days": "31-60"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["보증번호", "사업자", "취급 지점", "대출 은행", "만기일", "만기 경과일"]
    assert sorted(r[0] for r in rows[1:]) == sorted(
        [listed["namdong_shinhan"].guarantee_no, listed["bupyeong_ibk"].guarantee_no]
    )
    assert {r[5] for r in rows[1:]} == {"45"}

    client.force_login(bank_officer)
    response = client.get(reverse("guarantees:bank_desk:overdue_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    numbers = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    assert listed["namdong_ibk"].guarantee_no in numbers
    assert listed["namdong_shinhan"].guarantee_no not in numbers


def test_resolved_rows_are_kept_apart(client, hq_sales, listed):
    from guarantees.book.services import guarantee_event_record

    guarantee_event_record(guarantee_id=listed["namdong_ibk"].id, kind="termination", date=TODAY)

    _, open_rows = _page(client, hq_sales)
    _, resolved = _page(client, hq_sales, state="resolved")

    assert "기한경과 — 2건" in open_rows
    assert "기한경과 — 1건" in resolved and "해소(해지)" in resolved


def test_a_decision_is_recorded_through_the_service(client, reviewer, listed):
    row = OverdueMaturity.objects.get(guarantee=listed["namdong_ibk"])
    client.force_login(reviewer)

    response = client.post(
        reverse("guarantees:overdue_decide", args=[row.id]),
        {"kind": "termination_requested", "note": "은행에서 상환 완료 확인"},
        follow=True,
    )

    assert response.status_code == 200
    assert "사후관리 요청을 올렸습니다" in response.content.decode()
    request = BookRequest.objects.get(guarantee=listed["namdong_ibk"])
    assert (request.kind, request.requested_by) == ("termination", reviewer)
    assert row.decisions.get().book_request == request


def test_a_refused_decision_is_a_korean_form_error_and_records_nothing(client, reviewer, listed):
    row = OverdueMaturity.objects.get(guarantee=listed["namdong_ibk"])
    client.force_login(reviewer)

    response = client.post(
        reverse("guarantees:overdue_decide", args=[row.id]),
        {"kind": "extension_requested", "note": "연장 통보", "new_matures_on": "2000-01-01"},
    )

    assert response.status_code == 400
    assert "새 만기일은 지금 만기일" in response.content.decode()
    assert not row.decisions.exists() and not BookRequest.objects.exists()


def test_another_branchs_row_is_not_found(client, other_branch_reviewer, listed):
    row = OverdueMaturity.objects.get(guarantee=listed["namdong_ibk"])
    client.force_login(other_branch_reviewer)

    response = client.post(
        reverse("guarantees:overdue_decide", args=[row.id]),
        {"kind": "bank_contacted", "note": "메모"},
    )

    assert response.status_code == 404
    assert not row.decisions.exists()
