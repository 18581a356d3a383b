"""Book pages: branch staff see their branch only; request → someone else approves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from guarantees.book.selectors import guarantee_balances
from guarantees.models import BookRequest

from .factories import make_guarantee, report_loan_execution


@pytest.fixture
def guarantee(organisation, programs):
    return make_guarantee(
        branch=organisation["NAMDONG"], amount_krw=10_000_000, issued_on=dt.date(2020, 1, 2)
    )


@pytest.mark.django_db
def test_a_reviewer_requests_and_the_branch_manager_approves(
    client, guarantee, reviewer, branch_manager
):
    client.force_login(reviewer)
    url = reverse("guarantees:book_request", args=[guarantee.guarantee_no])
    response = client.post(
        url, {"kind": "repayment", "date": "2020-06-01", "amount_krw": "4000000"}
    )
    assert response.status_code == 302
    request = BookRequest.objects.get()

    client.force_login(branch_manager)
    page = client.get(reverse("guarantees:book_guarantee", args=[guarantee.guarantee_no]))
    assert "승인" in page.content.decode()
    client.post(reverse("guarantees:book_decide", args=[request.id]), {"approve": "1"})

    assert guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"] == 6_000_000


@pytest.mark.django_db
def test_an_impossible_request_is_a_form_error_not_a_500(client, guarantee, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("guarantees:book_request", args=[guarantee.guarantee_no]),
        {"kind": "repayment", "date": "2020-06-01", "amount_krw": "99000000"},
    )
    assert response.status_code == 400
    assert "음수" in response.content.decode()


@pytest.mark.django_db
def test_another_branch_cannot_see_the_guarantee(client, guarantee, other_branch_reviewer):
    client.force_login(other_branch_reviewer)
    response = client.get(reverse("guarantees:book_guarantee", args=[guarantee.guarantee_no]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_applicant_is_refused(client, guarantee, applicant):
    client.force_login(applicant)
    assert client.get(reverse("guarantees:book_home")).status_code == 403


@pytest.mark.django_db
def test_the_subsidy_page_renders(client, guarantee, hq_sales):
    client.force_login(hq_sales)
    response = client.get(reverse("guarantees:book_subsidy"), {"year": "2020"})
    assert response.status_code == 200
    assert "이차보전" in response.content.decode()


def _subsidised(organisation, programs, n=1):
    from programs.models import InterestSubsidyStep

    program = programs["COVID19"]
    InterestSubsidyStep.objects.filter(program=program).delete()
    InterestSubsidyStep.objects.create(
        program=program, from_year=1, to_year=5, covers_full_interest=True
    )
    return [
        make_guarantee(branch=organisation["NAMDONG"], program=program, amount_krw=10_000_000)
        for _ in range(n)
    ]


@pytest.mark.django_db
def test_the_subsidy_page_asks_no_rate_and_says_where_it_comes_from(
    client, organisation, programs, hq_sales
):
    reported, unreported = _subsidised(organisation, programs, 2)
    report_loan_execution(reported, rate_pct="5.0")
    client.force_login(hq_sales)

    response = client.get(reverse("guarantees:book_subsidy"), {"year": "2020"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="rate"' not in page and "대출 금리(연 %" not in page
    assert "협약은행이 대출실행 때 보고한 대출 금리" in page
    # 2 Jan – 31 Dec 2020 = 365 days at the reported 5.0% on 10,000,000 = 500,000
    assert "500,000" in page
    assert f"{unreported.guarantee_no}: 대출실행 미보고 — 이차보전을 계산할 수 없습니다" in page
    assert reported.guarantee_no not in page
    assert "대출실행 미보고 보증 1건" in page


@pytest.mark.django_db
def test_a_typed_rate_is_ignored(client, organisation, programs, hq_sales):
    (reported,) = _subsidised(organisation, programs)
    report_loan_execution(reported, rate_pct="5.0")
    client.force_login(hq_sales)

    response = client.get(reverse("guarantees:book_subsidy"), {"year": "2020", "rate": "9"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "500,000" in page and "900,000" not in page


@pytest.mark.django_db
def test_the_subsidy_page_reads_in_flat_queries(client, organisation, programs, hq_sales):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(hq_sales)
    url = reverse("guarantees:book_subsidy")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"year": "2020"}).status_code == 200
        return len(captured)

    for g in _subsidised(organisation, programs, 2):
        report_loan_execution(g, rate_pct="4.0")
    few = queries()
    for i, g in enumerate(_subsidised(organisation, programs, 10)):
        if i % 2:
            report_loan_execution(g, rate_pct="4.0")
    assert queries() == few


@pytest.mark.django_db
def test_a_fee_payment_is_booked_once(client, guarantee, reviewer):
    from guarantees.models import FeeInstalment
    from ledger.models import JournalEntry

    instalment = FeeInstalment.objects.create(
        guarantee=guarantee,
        seq=1,
        due_on=guarantee.issued_on,
        period_start=guarantee.issued_on,
        period_end=guarantee.matures_on,
        amount_krw=500_000,
    )
    client.force_login(reviewer)

    client.post(reverse("guarantees:book_fee_pay", args=[instalment.id]))
    client.post(reverse("guarantees:book_fee_pay", args=[instalment.id]))

    assert JournalEntry.objects.filter(kind="fee").count() == 1
    page = client.get(reverse("guarantees:book_guarantee", args=[guarantee.guarantee_no]))
    assert "수납" in page.content.decode()
