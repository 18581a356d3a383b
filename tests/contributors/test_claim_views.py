"""이차보전 청구 pages (issue 13, part 3): 전략기획부 prepares, 영업본부 approves, 계양구's
officer pays; errors on the page in Korean, another contributor's claim is 404, and the
subsidy page reads the records in a flat number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from guarantees.models import SubsidyClaim, SubsidyClaimStatus, SubsidyPayment
from ledger.services import contribution_record
from programs.models import InterestSubsidyStep, SubsidyBudget
from tests.guarantees.book.factories import make_guarantee, report_loan_execution

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(programs):
    program = programs["COVID19"]
    InterestSubsidyStep.objects.filter(program=program).delete()
    InterestSubsidyStep.objects.create(
        program=program, from_year=1, to_year=5, covers_full_interest=True
    )
    contribution_record(
        date=dt.date(2020, 1, 2),
        category="district",
        amount_krw=10_000_000_000,
        contributor="계양구",
        program_id=program.pk,
    )
    SubsidyBudget.objects.create(program=program, year=2021, amount_krw=1_000_000)
    return program


def _guarantees(organisation, program, n):
    for _ in range(n):
        g = make_guarantee(
            branch=organisation["NAMDONG"],
            program=program,
            amount_krw=10_000_000,
            issued_on=dt.date(2020, 12, 31),
        )
        report_loan_execution(g, rate_pct="3.65")


def _prepare(client, user, program, number=1):
    client.force_login(user)
    return client.post(
        reverse("guarantees:book_subsidy_claim_prepare"),
        {"program": program.id, "year": 2021, "number": number},
    )


def test_prepare_approve_and_the_officer_pays(
    client, organisation, program, strategy, hq_sales, contributor_officer
):
    _guarantees(organisation, program, 2)

    response = _prepare(client, strategy, program)
    claim = SubsidyClaim.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2021년 1분기 이차보전 청구" in page and "180,000원" in page
    assert 'name="approve"' in page

    client.force_login(hq_sales)
    client.post(reverse("guarantees:book_subsidy_claim_decide", args=[claim.id]), {"approve": ""})
    claim.refresh_from_db()
    assert claim.status == SubsidyClaimStatus.APPROVED

    client.force_login(contributor_officer)
    listing = client.get(reverse("guarantees:contributor_claims"), {"year": "2021"})
    assert "승인(지급 대기)" in listing.content.decode()
    response = client.post(
        reverse("guarantees:contributor_claim_pay", args=[claim.id]),
        {"paid_on": dt.date.today().isoformat()},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == SubsidyClaimStatus.PAID
    assert SubsidyPayment.objects.filter(program=program).count() == 2


def test_the_preparer_is_told_on_the_page_that_someone_else_approves(
    client, organisation, program, strategy
):
    _guarantees(organisation, program, 1)
    _prepare(client, strategy, program)
    claim = SubsidyClaim.objects.get()

    response = client.post(
        reverse("guarantees:book_subsidy_claim_decide", args=[claim.id]),
        {"approve": ""},
        follow=True,
    )

    assert "청구를 작성한 사람은 승인하거나 반려할 수 없습니다" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == SubsidyClaimStatus.PENDING


def test_an_over_budget_claim_is_a_form_error_and_nothing_is_stored(
    client, organisation, program, strategy
):
    _guarantees(organisation, program, 20)  # 20 × 90,000 > 1,000,000

    response = _prepare(client, strategy, program)

    assert response.status_code == 400
    page = response.content.decode()
    assert "2021년 이차보전 예산이 부족합니다" in page and "남은 예산 1,000,000원" in page
    assert not SubsidyClaim.objects.exists()


def test_paying_an_unapproved_claim_is_refused_on_the_page(client, organisation, program, strategy):
    _guarantees(organisation, program, 1)
    _prepare(client, strategy, program)
    claim = SubsidyClaim.objects.get()

    response = client.post(
        reverse("guarantees:book_subsidy_claim_pay", args=[claim.id]),
        {"paid_on": dt.date.today().isoformat()},
    )

    assert response.status_code == 400
    assert "재단이 승인한 청구만 지급합니다" in response.content.decode()
    assert not SubsidyPayment.objects.exists()


def test_another_contributors_claim_is_404(
    client, organisation, program, programs, strategy, hq_sales, make_user
):
    from guarantees.models import ContributorOfficer

    _guarantees(organisation, program, 1)
    _prepare(client, strategy, program)
    claim = SubsidyClaim.objects.get()
    client.force_login(hq_sales)
    client.post(reverse("guarantees:book_subsidy_claim_decide", args=[claim.id]), {"approve": ""})
    other = make_user("contributor_officer")
    ContributorOfficer.objects.create(user=other, contributor="부평구")

    client.force_login(other)
    assert client.get(reverse("guarantees:contributor_claim", args=[claim.id])).status_code == 404
    response = client.post(
        reverse("guarantees:contributor_claim_pay", args=[claim.id]), {"paid_on": "2021-05-01"}
    )
    assert response.status_code == 404
    assert not SubsidyPayment.objects.exists()


def test_the_subsidy_page_reads_the_records_in_the_same_queries_for_3_or_30_guarantees(
    client, organisation, program, strategy, hq_sales
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guarantees.contributors import claims

    SubsidyBudget.objects.filter(program=program).update(amount_krw=100_000_000)

    def claimed(number):
        claim = claims.subsidy_claim_prepare(
            program_id=program.id, year=2021, number=number, prepared_by=strategy
        )
        claims.subsidy_claim_approve(claim_id=claim.id, approver=hq_sales)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("guarantees:book_subsidy"), {"year": "2021"})
        assert response.status_code == 200
        return len(captured), response.content.decode()

    client.force_login(hq_sales)
    _guarantees(organisation, program, 3)
    claimed(1)
    few, page = queries()
    assert "270,000원" in page  # 3 × 90,000 approved, used against the budget
    _guarantees(organisation, program, 27)
    claimed(2)
    many, page = queries()
    assert many == few
    assert "3,000,000원" in page  # 270,000 + 30 × 91,000 (the 91 days of April–June)
