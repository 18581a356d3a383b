"""결정 대기: staff decide what banks reported — subrogation claims with four eyes,
reconciliation differences with a note — through the bank channel's services, with Korean
errors on the page, filters, pagination and an Excel download; the 기한경과 rows are counted
and linked (read only)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from guarantees.bank import reconciliation, services
from guarantees.book.selectors import guarantee_balances
from guarantees.models import (
    GuaranteeStatus,
    OverdueMaturity,
    ReconciliationDifference,
    SubrogationClaim,
)
from tests.guarantees.bank.conftest import SHINHAN

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)
LIST = "guarantees:bank_staff:decisions"


def _claim(source, guarantee) -> SubrogationClaim:
    services.loan_execution_report(
        source=source,
        guarantee_no=guarantee.guarantee_no,
        executed_on=guarantee.issued_on,
        loan_amount_krw=guarantee.loan_amount_krw,
        interest_rate_pct=Decimal("4.5"),
        loan_account_ref="ACC-1",
    )
    services.default_report(
        source=source,
        guarantee_no=guarantee.guarantee_no,
        default_on=DAY,
        overdue_principal_krw=10_000_000,
        reason="연체",
    )
    return services.subrogation_claim_report(
        source=source,
        guarantee_no=guarantee.guarantee_no,
        claimed_on=DAY + dt.timedelta(days=10),
        principal_krw=10_000_000,
        interest_krw=200_000,
    )


def _post(client, name, pk, data):
    return client.post(reverse(f"guarantees:bank_staff:{name}", args=[pk]), data)


def test_a_claim_is_reviewed_by_one_and_paid_on_the_approval_of_another(
    client, reviewer, branch_manager, ibk_source, make_bank_guarantee
):
    guarantee = make_bank_guarantee()
    claim = _claim(ibk_source, guarantee)
    client.force_login(reviewer)
    page = client.get(reverse(LIST)).content.decode()
    assert f'id="claim-{claim.pk}"' in page and "8,670,000원" in page  # 10,200,000 × 85 %

    refused = _post(client, "claim_review", claim.pk, {"pay_on": ""})
    assert refused.status_code == 422
    assert "지급일: 지급일을 입력하세요." in refused.content.decode()
    assert services.claim_status(SubrogationClaim.objects.get(pk=claim.pk)) == "received"

    done = _post(client, "claim_review", claim.pk, {"pay_on": "2026-04-01", "memo": "서류 확인"})
    assert done.status_code == 302
    assert services.claim_status(SubrogationClaim.objects.get(pk=claim.pk)) == "recommended"
    assert "다른 직원의 승인을 기다립니다" in client.get(reverse(LIST)).content.decode()

    # the reviewer may not approve their own recommendation: a Korean refusal, nothing booked
    own = _post(client, "claim_decide", claim.pk, {"approve": "1", "reason": ""})
    assert own.status_code == 422
    assert "대위변제 지급을 검토한 사람은 승인할 수 없습니다." in own.content.decode()
    assert guarantee_balances(guarantee_id=guarantee.id)["claim_krw"] == 0

    client.force_login(branch_manager)
    approved = _post(client, "claim_decide", claim.pk, {"approve": "1", "reason": ""})
    assert approved.status_code == 302
    guarantee.refresh_from_db()
    assert guarantee.status == GuaranteeStatus.SUBROGATED
    assert guarantee_balances(guarantee_id=guarantee.id)["claim_krw"] == 8_670_000
    assert f'id="claim-{claim.pk}"' not in client.get(reverse(LIST)).content.decode()


def test_a_claim_is_rejected_only_with_a_reason(client, reviewer, ibk_source, make_bank_guarantee):
    claim = _claim(ibk_source, make_bank_guarantee())
    client.force_login(reviewer)
    refused = _post(client, "claim_reject", claim.pk, {"reason": " "})
    assert refused.status_code == 422
    assert "반려 사유를 입력해 주세요." in refused.content.decode()
    assert _post(client, "claim_reject", claim.pk, {"reason": "서류 미비"}).status_code == 302
    assert services.claim_status(SubrogationClaim.objects.get(pk=claim.pk)) == "rejected"


def test_another_branch_neither_sees_nor_decides_the_claim(
    client, other_branch_reviewer, hq_sales, ibk_source, make_bank_guarantee
):
    claim = _claim(ibk_source, make_bank_guarantee())  # 남동지점
    client.force_login(other_branch_reviewer)
    assert f'id="claim-{claim.pk}"' not in client.get(reverse(LIST)).content.decode()
    assert _post(client, "claim_review", claim.pk, {"pay_on": "2026-04-01"}).status_code == 404
    client.force_login(hq_sales)  # 영업본부 sees every branch
    assert f'id="claim-{claim.pk}"' in client.get(reverse(LIST)).content.decode()


def _differences(ibk_source, make_bank_guarantee, n=3):
    guarantees = [make_bank_guarantee() for _ in range(n)]
    reconciliation.monthly_report_receive(source=ibk_source, month="2026-05", rows=[])
    return guarantees, list(ReconciliationDifference.objects.order_by("guarantee_no"))


def test_a_difference_is_resolved_with_a_note(client, reviewer, ibk_source, make_bank_guarantee):
    guarantees, differences = _differences(ibk_source, make_bank_guarantee, 1)
    difference = differences[0]
    assert difference.kind == "missing"
    client.force_login(reviewer)
    page = client.get(reverse(LIST)).content.decode()
    assert guarantees[0].guarantee_no in page and "보고 누락" in page and "17,000,000원" in page

    refused = _post(client, "difference_resolve", difference.pk, {"resolution": ""})
    assert refused.status_code == 422
    assert "처리 내용: 처리 내용을 입력하세요." in refused.content.decode()
    done = _post(
        client, "difference_resolve", difference.pk, {"resolution": "은행 누락 확인, 재보고 요청"}
    )
    assert done.status_code == 302
    difference.refresh_from_db()
    assert difference.resolved_by == reviewer and difference.resolution.startswith("은행 누락")
    again = _post(client, "difference_resolve", difference.pk, {"resolution": "다시"})
    assert "이미 처리된 대사 차이입니다." in again.content.decode()


def test_filters_narrow_the_lists_and_bad_ones_answer_in_korean(
    client, hq_sales, ibk_source, shinhan_source, make_bank_guarantee
):
    ibk_claim = _claim(ibk_source, make_bank_guarantee())
    shinhan_claim = _claim(shinhan_source, make_bank_guarantee(bank_name=SHINHAN))
    client.force_login(hq_sales)
    page = client.get(reverse(LIST), {"bank": "SHINHAN"}).content.decode()
    assert f'id="claim-{shinhan_claim.pk}"' in page and f'id="claim-{ibk_claim.pk}"' not in page
    page = client.get(reverse(LIST), {"claim_status": "recommended"}).content.decode()
    assert f'id="claim-{ibk_claim.pk}"' not in page
    bad = client.get(reverse(LIST), {"month": "2026-13"})
    assert bad.status_code == 400
    assert "기준월은 YYYY-MM 형식으로 입력하세요" in bad.content.decode()
    bad = client.get(reverse(LIST), {"bank": "NOPE"})
    assert bad.status_code == 400 and "목록에 있는 은행을 고르세요." in bad.content.decode()


def test_the_differences_are_paginated(
    client, hq_sales, ibk_source, make_bank_guarantee, monkeypatch
):
    from guarantees.bank.staff import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    guarantees, _ = _differences(ibk_source, make_bank_guarantee, 3)
    client.force_login(hq_sales)
    first = client.get(reverse(LIST), {"difference_kind": "missing"}).content.decode()
    second = client.get(
        reverse(LIST), {"difference_kind": "missing", "differences_page": 2}
    ).content.decode()
    numbers = sorted(g.guarantee_no for g in guarantees)
    assert all(no in first for no in numbers[:2]) and numbers[2] not in first
    assert numbers[2] in second and "2 / 2쪽" in second


def test_the_excel_download_has_every_list_under_the_filters(
    client, hq_sales, ibk_source, make_bank_guarantee
):
    from openpyxl import load_workbook

    guarantee = make_bank_guarantee()
    claim = _claim(ibk_source, guarantee)
    OverdueMaturity.objects.create(
        guarantee=guarantee, matures_on=dt.date(2026, 6, 30), listed_on=dt.date(2026, 7, 1)
    )
    client.force_login(hq_sales)
    response = client.get(reverse("guarantees:bank_staff:decisions_xlsx"), {"bank": "IBK"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["대위변제 청구", "대사 차이", "기한경과"]
    cells = [[c.value for c in row] for row in book["대위변제 청구"].iter_rows()]
    row = next(r for r in cells if r[0] == claim.pk)
    assert row[1] == guarantee.guarantee_no and row[8] == 8_670_000 and row[9] == "접수"
    overdue = [[c.value for c in row] for row in book["기한경과"].iter_rows()]
    assert any(r[0] == guarantee.guarantee_no for r in overdue)
    empty = client.get(reverse("guarantees:bank_staff:decisions_xlsx"), {"bank": "SHINHAN"})
    sheet = load_workbook(io.BytesIO(empty.content))["대위변제 청구"]
    assert all(r[0].value != claim.pk for r in sheet.iter_rows())


def test_overdue_maturities_are_counted_and_linked(client, reviewer, make_bank_guarantee):
    guarantee = make_bank_guarantee(issued_on=dt.date(2021, 1, 4), matures_on=dt.date(2026, 1, 4))
    OverdueMaturity.objects.create(
        guarantee=guarantee, matures_on=guarantee.matures_on, listed_on=dt.date(2026, 1, 5)
    )
    client.force_login(reviewer)
    page = client.get(reverse(LIST)).content.decode()
    assert 'id="overdue">기한경과 <span class="krds-badge">1건</span>' in page
    assert reverse("guarantees:book_guarantee", args=[guarantee.guarantee_no]) in page


def test_the_book_home_links_the_decisions_for_those_who_decide(client, reviewer, auditor):
    decisions = reverse(LIST)
    client.force_login(reviewer)
    assert decisions in client.get(reverse("guarantees:book_home")).content.decode()
    client.force_login(auditor)  # reads the book, decides nothing
    assert decisions not in client.get(reverse("guarantees:book_home")).content.decode()
