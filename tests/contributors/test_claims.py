"""이차보전 청구 (issue 13, part 3): prepared per programme and period from the bank-reported
rate, approved by a second person within the year's budget, paid by the contributor; each
step booked in the journal, nothing half-written when a rule says no."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from guarantees.contributors import claims
from guarantees.contributors.claims import SubsidyClaimError
from guarantees.models import SubsidyClaim, SubsidyClaimStatus, SubsidyPayment
from ledger import chart
from ledger.models import JournalEntry, Posting
from ledger.services import contribution_record
from programs.models import InterestSubsidyStep, SubsidyBudget
from tests.guarantees.book.factories import make_guarantee, report_loan_execution

pytestmark = pytest.mark.django_db

# 10,000,000 at 3.65% for the 90 days of 2021's first quarter = 90,000 (whole interest, year 1)
Q1_2021 = 90_000


@pytest.fixture
def program(programs):
    program = programs["COVID19"]
    program.subsidy_claim_frequency = "quarterly"
    program.save(update_fields=["subsidy_claim_frequency"])
    InterestSubsidyStep.objects.filter(program=program).delete()
    InterestSubsidyStep.objects.create(
        program=program, from_year=1, to_year=1, covers_full_interest=True
    )
    InterestSubsidyStep.objects.create(
        program=program, from_year=2, to_year=5, rate_pct=Decimal("1.5")
    )
    contribution_record(
        date=dt.date(2020, 1, 2),
        category="city",
        amount_krw=1_000_000_000,
        contributor="인천광역시",
        program_id=program.pk,
    )
    return program


def _guarantees(organisation, program, n, *, rate="3.65", issued_on=dt.date(2020, 12, 31)):
    made = []
    for _ in range(n):
        g = make_guarantee(
            branch=organisation["NAMDONG"],
            program=program,
            amount_krw=10_000_000,
            issued_on=issued_on,
        )
        if rate:
            report_loan_execution(g, rate_pct=rate)
        made.append(g)
    return made


def _budget(program, amount_krw, year=2021):
    return SubsidyBudget.objects.create(program=program, year=year, amount_krw=amount_krw)


def _balance(code):
    return sum(Posting.objects.filter(account__code=code).values_list("amount_krw", flat=True))


def test_a_quarter_is_claimed_from_the_reported_rate_and_the_steps(organisation, program, strategy):
    _guarantees(organisation, program, 2)
    _guarantees(organisation, program, 1, rate=None)  # no execution report: not claimed
    _budget(program, 1_000_000)

    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )

    assert (claim.period_start, claim.period_end) == (dt.date(2021, 1, 1), dt.date(2021, 3, 31))
    assert claim.amount_krw == 2 * Q1_2021
    assert (claim.guarantees_count, claim.not_executed_count) == (2, 1)
    assert claim.contributor == "인천광역시"
    assert claim.status == SubsidyClaimStatus.PENDING
    assert _balance(chart.SUBSIDY_PAYABLE) == 0  # nothing booked before approval


def test_the_step_rate_applies_after_the_first_year(organisation, program, strategy, hq_sales):
    _guarantees(organisation, program, 1, issued_on=dt.date(2020, 1, 1))
    _budget(program, 1_000_000)

    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )

    # year 2 from 2021-01-01: 1.5%p on 10,000,000 for 90 days
    assert claim.amount_krw == 10_000_000 * 15 * 90 // (1000 * 365)


def test_approval_books_the_payable_and_payment_the_payments(
    organisation, program, strategy, hq_sales, contributor_officer
):
    made = _guarantees(organisation, program, 3)
    _budget(program, 1_000_000)
    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )

    claims.subsidy_claim_approve(claim_id=claim.id, approver=hq_sales)
    assert _balance(chart.SUBSIDY_PAYABLE) == 3 * Q1_2021
    claims.subsidy_claim_pay(
        claim_id=claim.id, paid_on=dt.date.today(), paid_by=contributor_officer
    )

    claim.refresh_from_db()
    assert claim.status == SubsidyClaimStatus.PAID
    assert _balance(chart.SUBSIDY_PAYABLE) == 0
    assert _balance(chart.SUBSIDY_PAID) == 3 * Q1_2021
    payments = SubsidyPayment.objects.filter(program=program)
    assert sorted(p.guarantee_id for p in payments) == sorted(g.id for g in made)
    assert {p.contributor for p in payments} == {"인천광역시"}
    assert claim.lines.filter(payment__isnull=True).count() == 0


def test_the_person_who_prepared_cannot_approve(organisation, program, strategy):
    _guarantees(organisation, program, 1)
    _budget(program, 1_000_000)
    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )

    with pytest.raises(SubsidyClaimError) as error:
        claims.subsidy_claim_approve(claim_id=claim.id, approver=strategy)

    assert error.value.code == "subsidy_four_eyes"
    claim.refresh_from_db()
    assert claim.status == SubsidyClaimStatus.PENDING
    assert not JournalEntry.objects.filter(kind="subsidy_claim").exists()


def test_a_claim_is_approved_once(organisation, program, strategy, hq_sales):
    _guarantees(organisation, program, 1)
    _budget(program, 1_000_000)
    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )
    claims.subsidy_claim_approve(claim_id=claim.id, approver=hq_sales)

    with pytest.raises(SubsidyClaimError, match="이미 ‘승인\\(지급 대기\\)’ 상태") as error:
        claims.subsidy_claim_approve(claim_id=claim.id, approver=hq_sales)

    assert error.value.code == "subsidy_claim_decided"
    assert JournalEntry.objects.filter(kind="subsidy_claim").count() == 1


def test_an_unapproved_claim_cannot_be_paid(organisation, program, strategy, hq_sales):
    _guarantees(organisation, program, 1)
    _budget(program, 1_000_000)
    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )

    with pytest.raises(SubsidyClaimError, match="승인한 청구만 지급") as error:
        claims.subsidy_claim_pay(claim_id=claim.id, paid_on=dt.date.today(), paid_by=hq_sales)

    assert error.value.code == "subsidy_claim_not_approved"
    assert not SubsidyPayment.objects.exists()
    assert _balance(chart.SUBSIDY_PAID) == 0


def test_a_period_is_claimed_once_until_rejected(organisation, program, strategy, hq_sales):
    _guarantees(organisation, program, 1)
    _budget(program, 1_000_000)
    first = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )

    with pytest.raises(SubsidyClaimError, match="2021년 1분기 이차보전은 이미 청구") as error:
        claims.subsidy_claim_prepare(
            program_id=program.id, year=2021, number=1, prepared_by=strategy
        )
    assert error.value.code == "subsidy_period_claimed"

    claims.subsidy_claim_reject(claim_id=first.id, approver=hq_sales, reason="금리 확인 필요")
    again = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )
    assert again.id != first.id and SubsidyClaim.objects.count() == 2


def test_a_claim_beyond_the_budget_is_refused_and_nothing_is_written(
    organisation, program, strategy
):
    _guarantees(organisation, program, 2)
    _budget(program, 2 * Q1_2021 - 1)

    with pytest.raises(SubsidyClaimError, match="예산이 부족합니다") as error:
        claims.subsidy_claim_prepare(
            program_id=program.id, year=2021, number=1, prepared_by=strategy
        )

    assert error.value.code == "subsidy_over_budget"
    assert "남은 예산 179,999원" in error.value.message
    assert not SubsidyClaim.objects.exists()


def test_an_exhausted_budget_stops_the_next_quarter(organisation, program, strategy, hq_sales):
    _guarantees(organisation, program, 1)
    _budget(program, Q1_2021 + 1_000)  # the first quarter fits, the second does not
    first = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )
    claims.subsidy_claim_approve(claim_id=first.id, approver=hq_sales)

    with pytest.raises(SubsidyClaimError, match="사용 90,000원") as error:
        claims.subsidy_claim_prepare(
            program_id=program.id, year=2021, number=2, prepared_by=strategy
        )

    assert error.value.code == "subsidy_over_budget"
    assert SubsidyClaim.objects.count() == 1


def test_approval_rechecks_the_budget_lowered_since(organisation, program, strategy, hq_sales):
    _guarantees(organisation, program, 1)
    budget = _budget(program, 1_000_000)
    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )
    budget.amount_krw = 1_000
    budget.save()

    with pytest.raises(SubsidyClaimError, match="예산이 부족합니다"):
        claims.subsidy_claim_approve(claim_id=claim.id, approver=hq_sales)

    claim.refresh_from_db()
    assert claim.status == SubsidyClaimStatus.PENDING
    assert _balance(chart.SUBSIDY_PAYABLE) == 0


def test_without_a_budget_no_claim_is_made(organisation, program, strategy):
    _guarantees(organisation, program, 1)

    with pytest.raises(SubsidyClaimError, match="예산이 정해지지 않아") as error:
        claims.subsidy_claim_prepare(
            program_id=program.id, year=2021, number=1, prepared_by=strategy
        )
    assert error.value.code == "subsidy_no_budget"


def test_a_monthly_programme_claims_months(organisation, program, strategy):
    program.subsidy_claim_frequency = "monthly"
    program.save(update_fields=["subsidy_claim_frequency"])
    _guarantees(organisation, program, 1)
    _budget(program, 1_000_000)

    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=2, prepared_by=strategy
    )

    assert (claim.period_start, claim.period_end) == (dt.date(2021, 2, 1), dt.date(2021, 2, 28))
    assert claim.amount_krw == 10_000_000 * 365 * 28 // (10_000 * 365)
    with pytest.raises(SubsidyClaimError, match="1~12월"):
        claims.subsidy_claim_prepare(
            program_id=program.id, year=2021, number=13, prepared_by=strategy
        )


def test_a_guarantee_paid_already_for_the_period_is_left_out(organisation, program, strategy):
    from guarantees.contributors.services import subsidy_payment_record

    paid, other = _guarantees(organisation, program, 2)
    subsidy_payment_record(
        guarantee=paid,
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 3, 31),
        amount_krw=Q1_2021,
        paid_on=dt.date(2021, 4, 20),
    )
    _budget(program, 1_000_000)

    claim = claims.subsidy_claim_prepare(
        program_id=program.id, year=2021, number=1, prepared_by=strategy
    )

    assert [line.guarantee_id for line in claim.lines.all()] == [other.id]


def test_preparing_reads_in_the_same_queries_for_3_or_30_guarantees(
    organisation, program, strategy
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _budget(program, 100_000_000)

    def prepared(number):
        with CaptureQueriesContext(connection) as captured:
            claims.subsidy_claim_prepare(
                program_id=program.id, year=2021, number=number, prepared_by=strategy
            )
        return len(captured)

    _guarantees(organisation, program, 3)
    few = prepared(1)
    _guarantees(organisation, program, 27)
    assert prepared(2) == few
