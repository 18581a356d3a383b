"""Book services: four eyes, entries posted with the event, claim grades, fees, subsidy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from guarantees.book import services
from guarantees.book.selectors import (
    LoanNotExecuted,
    book_summary,
    guarantee_balances,
    interest_subsidy,
    interest_subsidy_by_program,
)
from guarantees.models import BookRequestStatus, GuaranteeStatus, RecourseClaim
from ledger import services as ledger_services
from ledger.models import JournalEntry
from programs.models import InterestSubsidyStep

from .factories import make_guarantee, report_loan_execution


@pytest.fixture
def guarantee(organisation, programs):
    return make_guarantee(
        branch=organisation["NAMDONG"],
        program=programs["COVID19"],
        amount_krw=20_000_000,
        issued_on=dt.date(2020, 1, 2),
    )


@pytest.mark.django_db
def test_a_request_books_nothing_until_someone_else_approves_it(
    guarantee, reviewer, branch_manager
):
    request = services.book_request_create(
        guarantee_id=guarantee.id,
        kind="repayment",
        date=dt.date(2020, 6, 1),
        amount_krw=5_000_000,
        actor=reviewer,
    )
    assert guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"] == 20_000_000

    with pytest.raises(services.BookError, match="4-eyes"):
        services.book_request_decide(request_id=request.id, approve=True, actor=reviewer)
    decided = services.book_request_decide(
        request_id=request.id, approve=True, actor=branch_manager
    )

    assert decided.status == BookRequestStatus.APPROVED
    assert decided.event.journal_entry.kind == "guarantee_repayment"
    assert guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"] == 15_000_000


@pytest.mark.django_db
def test_a_decided_request_cannot_be_decided_again(guarantee, reviewer, branch_manager, hq_sales):
    request = services.book_request_create(
        guarantee_id=guarantee.id,
        kind="accident",
        date=dt.date(2020, 6, 1),
        amount_krw=5_000_000,
        actor=reviewer,
    )
    services.book_request_decide(
        request_id=request.id, approve=False, actor=branch_manager, reason="서류 미비"
    )
    with pytest.raises(services.BookError):
        services.book_request_decide(request_id=request.id, approve=True, actor=hq_sales)
    assert not JournalEntry.objects.filter(kind="accident").exists()


@pytest.mark.django_db
def test_an_impossible_request_is_refused_at_once(guarantee, reviewer):
    with pytest.raises(services.BookError, match="음수"):
        services.book_request_create(
            guarantee_id=guarantee.id,
            kind="repayment",
            date=dt.date(2020, 6, 1),
            amount_krw=30_000_000,
            actor=reviewer,
        )
    with pytest.raises(services.BookError, match="이전"):
        services.book_request_create(
            guarantee_id=guarantee.id,
            kind="accident",
            date=dt.date(2019, 6, 1),
            amount_krw=1,
            actor=reviewer,
        )


@pytest.mark.django_db
def test_accident_subrogation_recovery_and_write_off_move_the_right_balances(guarantee):
    record = services.guarantee_event_record
    record(
        guarantee_id=guarantee.id, kind="accident", date=dt.date(2020, 5, 1), amount_krw=18_000_000
    )
    record(
        guarantee_id=guarantee.id,
        kind="subrogation",
        date=dt.date(2020, 8, 1),
        amount_krw=17_000_000,
    )
    record(
        guarantee_id=guarantee.id, kind="recovery", date=dt.date(2020, 9, 1), amount_krw=2_000_000
    )
    record(
        guarantee_id=guarantee.id, kind="write_off", date=dt.date(2020, 10, 1), amount_krw=1_000_000
    )
    record(
        guarantee_id=guarantee.id,
        kind="sale",
        date=dt.date(2020, 11, 1),
        amount_krw=4_000_000,
        proceeds_krw=1_000_000,
    )

    balances = guarantee_balances(guarantee_id=guarantee.id)
    assert balances == {"exposure_krw": 0, "accident_krw": 0, "claim_krw": 10_000_000}
    guarantee.refresh_from_db()
    assert guarantee.status == GuaranteeStatus.SUBROGATED
    summary = book_summary(year=2020)
    assert summary["subrogations"] == {"count": 1, "amount_krw": 17_000_000}
    assert summary["recoveries"] == {"count": 1, "amount_krw": 2_000_000}
    assert summary["write_offs"] == {"count": 1, "amount_krw": 1_000_000}
    assert summary["claims_balance_krw"] == 10_000_000

    record(guarantee_id=guarantee.id, kind="cancellation", date=dt.date(2020, 12, 1))
    assert RecourseClaim.objects.get(guarantee=guarantee).closed_on == dt.date(2020, 12, 1)


@pytest.mark.django_db
def test_an_extension_counts_as_supply_and_keeps_the_balance(guarantee):
    services.guarantee_event_record(
        guarantee_id=guarantee.id,
        kind="extension",
        date=dt.date(2020, 12, 1),
        amount_krw=20_000_000,
        new_matures_on=dt.date(2026, 12, 1),
    )

    summary = book_summary(year=2020)
    assert summary["supply"] == {"count": 2, "amount_krw": 40_000_000}
    assert summary["balance"] == {"count": 1, "amount_krw": 20_000_000}
    guarantee.refresh_from_db()
    assert guarantee.matures_on == dt.date(2026, 12, 1)


@pytest.mark.django_db
def test_claim_grades_keep_their_history(guarantee, branch_manager):
    services.guarantee_event_record(
        guarantee_id=guarantee.id,
        kind="subrogation",
        date=dt.date(2020, 8, 1),
        amount_krw=10_000_000,
    )
    claim = RecourseClaim.objects.get(guarantee=guarantee)

    services.recourse_claim_grade(claim_id=claim.id, grade="D", reason="폐업", actor=branch_manager)

    changes = list(claim.grade_changes.values_list("from_grade", "to_grade"))
    assert changes == [("", "B"), ("B", "D")]


def _instalment(guarantee, seq=1, amount=200_000):
    from guarantees.models import FeeInstalment

    start = guarantee.issued_on.replace(year=guarantee.issued_on.year + seq - 1)
    return FeeInstalment.objects.create(
        guarantee=guarantee,
        seq=seq,
        due_on=start,
        period_start=start,
        period_end=start.replace(year=start.year + 1),
        amount_krw=amount,
    )


@pytest.mark.django_db
def test_a_fee_instalment_is_received_once(guarantee):
    instalment = _instalment(guarantee)

    first = services.fee_instalment_pay(instalment_id=instalment.id, paid_on=dt.date(2020, 1, 2))
    again = services.fee_instalment_pay(instalment_id=instalment.id, paid_on=dt.date(2020, 1, 3))

    assert again == first
    assert JournalEntry.objects.filter(kind="fee").count() == 1
    assert first.journal_entry.postings.get(amount_krw__lt=0).account.code == "income.fees"


@pytest.mark.django_db
def test_the_city_pays_the_whole_interest_in_year_one_then_the_step_rate(guarantee):
    InterestSubsidyStep.objects.filter(program=guarantee.program).delete()
    InterestSubsidyStep.objects.create(
        program=guarantee.program, from_year=1, to_year=1, covers_full_interest=True
    )
    InterestSubsidyStep.objects.create(
        program=guarantee.program, from_year=2, to_year=5, rate_pct=Decimal("1.5")
    )

    report_loan_execution(guarantee, rate_pct="3.5")
    guarantee.refresh_from_db()

    # 2020 (leap year): 2 Jan – 31 Dec = 365 days of year 1 at the reported 3.5% on 20,000,000
    assert interest_subsidy(guarantee=guarantee, year=2020) == (
        20_000_000 * 35 * 365 // (1000 * 365)
    )
    # 2021: 1 Jan (year 1, 1 day at 3.5%) + 2 Jan – 31 Dec (364 days at 1.5%)
    expected = int(
        (Decimal(20_000_000) * Decimal("0.035") * 1 + Decimal(20_000_000) * Decimal("0.015") * 364)
        / 365
    )
    assert interest_subsidy(guarantee=guarantee, year=2021) == expected


def _covid_steps(program):
    InterestSubsidyStep.objects.filter(program=program).delete()
    InterestSubsidyStep.objects.create(
        program=program, from_year=1, to_year=1, covers_full_interest=True
    )
    InterestSubsidyStep.objects.create(
        program=program, from_year=2, to_year=5, rate_pct=Decimal("1.5")
    )


@pytest.mark.django_db
def test_the_subsidy_uses_the_rate_the_bank_reported(guarantee):
    _covid_steps(guarantee.program)
    report_loan_execution(guarantee, rate_pct="4.8")
    guarantee.refresh_from_db()

    # 2020: 365 days of year 1 at the reported 4.8% on 20,000,000 — not 3.5%, not a form's rate
    assert interest_subsidy(guarantee=guarantee, year=2020) == 20_000_000 * 48 // 1000
    result = interest_subsidy_by_program(year=2020)
    row = next(r for r in result["rows"] if r["program"] == guarantee.program)
    assert (row["guarantees"], row["amount_krw"], row["not_executed"]) == (1, 960_000, 0)


@pytest.mark.django_db
def test_without_an_execution_report_the_subsidy_is_not_computed(guarantee):
    _covid_steps(guarantee.program)

    with pytest.raises(LoanNotExecuted, match="대출실행 미보고"):
        interest_subsidy(guarantee=guarantee, year=2020)
    result = interest_subsidy_by_program(year=2020)
    row = next(r for r in result["rows"] if r["program"] == guarantee.program)
    assert (row["guarantees"], row["amount_krw"], row["not_executed"]) == (0, 0, 1)
    assert result["not_executed"] == [guarantee]


@pytest.mark.django_db
def test_the_subsidy_by_programme_reads_in_the_same_queries_for_3_or_12_guarantees(
    guarantee, organisation, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _covid_steps(guarantee.program)
    report_loan_execution(guarantee, rate_pct="3.5")

    def add(n):
        for i in range(n):
            g = make_guarantee(
                branch=organisation["NAMDONG"], program=guarantee.program, amount_krw=10_000_000
            )
            if i % 2:
                report_loan_execution(g, rate_pct="4.0")

    def count():
        with CaptureQueriesContext(connection) as queries:
            result = interest_subsidy_by_program(year=2020)
        return len(queries), result

    add(2)
    few, _ = count()
    add(9)
    many, big = count()
    assert sum(r["not_executed"] for r in big["rows"]) == 6 > 1
    assert many == few <= 3
    with django_assert_max_num_queries(3):
        interest_subsidy_by_program(year=2020)


@pytest.mark.django_db
def test_a_year_with_a_loss_is_closed_into_accumulated_loss_once(guarantee):
    from ledger.selectors import base_assets
    from ledger.services import contribution_record

    contribution_record(date=dt.date(2020, 1, 1), category="city", amount_krw=100_000_000)
    services.guarantee_event_record(
        guarantee_id=guarantee.id,
        kind="subrogation",
        date=dt.date(2020, 8, 1),
        amount_krw=10_000_000,
    )
    services.guarantee_event_record(
        guarantee_id=guarantee.id,
        kind="write_off",
        date=dt.date(2020, 9, 1),
        amount_krw=4_000_000,
    )

    ledger_services.loss_close_year(year=2020)
    ledger_services.loss_close_year(year=2020)

    assert base_assets(dt.date(2020, 12, 31)) == 96_000_000
    assert JournalEntry.objects.filter(kind="loss_closing").count() == 1


@pytest.mark.django_db
def test_a_terminated_guarantee_refuses_a_second_termination(guarantee):
    services.guarantee_event_record(
        guarantee_id=guarantee.id, kind="termination", date=dt.date(2020, 6, 1)
    )
    entries = JournalEntry.objects.count()
    with pytest.raises(services.BookError, match="해지"):
        services.guarantee_event_record(
            guarantee_id=guarantee.id, kind="termination", date=dt.date(2020, 7, 1)
        )
    assert JournalEntry.objects.count() == entries
