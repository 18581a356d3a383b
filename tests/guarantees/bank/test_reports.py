"""Repayments, maturity settlements, defaults and subrogation claims, booked through the book."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from guarantees.bank import services
from guarantees.bank.problems import BankProblem
from guarantees.book.selectors import guarantee_balances
from guarantees.book.services import book_request_decide
from guarantees.models import (
    BankReport,
    BookRequest,
    GuaranteeEvent,
    GuaranteeStatus,
    RecourseClaim,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 2, 1)


def _executed(source, guarantee, amount=None):
    services.loan_execution_report(
        source=source,
        guarantee_no=guarantee.guarantee_no,
        executed_on=guarantee.issued_on,
        loan_amount_krw=amount or guarantee.loan_amount_krw,
        interest_rate_pct=Decimal("4.5"),
        loan_account_ref="ACC-1",
    )
    return guarantee


def _exposure(guarantee):
    return guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"]


def _nothing_booked_after(guarantee, events_before):
    assert GuaranteeEvent.objects.filter(guarantee=guarantee).count() == events_before


# ----------------------------------------------------------------------------- 상환


def test_a_repayment_lowers_the_exposure_by_the_guaranteed_share_rounded_down(
    ibk_source, make_bank_guarantee
):
    guarantee = _executed(ibk_source, make_bank_guarantee(loan_krw=20_000_000))

    report = services.repayment_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        paid_on=DAY,
        loan_principal_krw=1_000_001,
        loan_balance_krw=18_999_999,
    )

    # 1,000,001 × 85 % = 850,000.85 → 850,000
    assert report.event.kind == "repayment" and report.event.amount_krw == 850_000
    assert _exposure(guarantee) == 17_000_000 - 850_000


def test_a_balance_of_zero_terminates_releasing_all_that_is_left(ibk_source, make_bank_guarantee):
    guarantee = _executed(ibk_source, make_bank_guarantee(loan_krw=20_000_000))
    services.repayment_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        paid_on=DAY,
        loan_principal_krw=1_000_001,
        loan_balance_krw=18_999_999,
    )

    report = services.repayment_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        paid_on=DAY + dt.timedelta(days=30),
        loan_principal_krw=18_999_999,
        loan_balance_krw=0,
    )

    assert report.event.kind == "termination" and report.event.amount_krw == 16_150_000
    assert _exposure(guarantee) == 0
    guarantee.refresh_from_db()
    assert guarantee.status == GuaranteeStatus.TERMINATED


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"loan_principal_krw": 20_000_002, "loan_balance_krw": 1}, "exceeds_outstanding"),
        ({"paid_on": "tomorrow"}, "date_in_future"),
        ({"paid_on": dt.date(2025, 1, 1)}, "date_before_issue"),
        ({"loan_principal_krw": 1, "loan_balance_krw": 5}, "nothing_to_book"),
    ],
)
def test_an_impossible_repayment_is_refused(ibk_source, make_bank_guarantee, fields, code):
    guarantee = _executed(ibk_source, make_bank_guarantee())
    before = GuaranteeEvent.objects.filter(guarantee=guarantee).count()
    values = {"paid_on": DAY, "loan_principal_krw": 1_000_000, "loan_balance_krw": 10}
    values.update(fields)
    if values["paid_on"] == "tomorrow":
        values["paid_on"] = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(BankProblem) as refused:
        services.repayment_report(source=ibk_source, guarantee_no=guarantee.guarantee_no, **values)

    assert refused.value.code == code
    _nothing_booked_after(guarantee, before)
    assert not BankReport.objects.filter(kind="repayment").exists()


def test_a_repayment_before_execution_is_refused(ibk_source, make_bank_guarantee):
    guarantee = make_bank_guarantee()  # through the portal, no execution report yet

    with pytest.raises(BankProblem) as refused:
        services.repayment_report(
            source=ibk_source,
            guarantee_no=guarantee.guarantee_no,
            paid_on=DAY,
            loan_principal_krw=1_000_000,
            loan_balance_krw=1,
        )
    assert refused.value.code == "not_executed"

    services.loan_execution_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        executed_on=guarantee.issued_on + dt.timedelta(days=5),
        loan_amount_krw=guarantee.loan_amount_krw,
        interest_rate_pct=Decimal("4.5"),
        loan_account_ref="ACC-1",
    )
    with pytest.raises(BankProblem) as refused:
        services.repayment_report(
            source=ibk_source,
            guarantee_no=guarantee.guarantee_no,
            paid_on=guarantee.issued_on + dt.timedelta(days=2),
            loan_principal_krw=1_000_000,
            loan_balance_krw=1,
        )
    assert refused.value.code == "date_before_execution"


def test_an_imported_guarantee_counts_as_executed_on_its_issue_date(
    ibk_source, make_bank_guarantee
):
    guarantee = make_bank_guarantee(imported=True)

    report = services.repayment_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        paid_on=guarantee.issued_on,
        loan_principal_krw=2_000_000,
        loan_balance_krw=18_000_000,
    )
    assert report.event.amount_krw == 1_700_000


def test_a_closed_guarantee_refuses_every_report(ibk_source, make_bank_guarantee):
    guarantee = _executed(ibk_source, make_bank_guarantee())
    services.maturity_settlement_report(
        source=ibk_source, guarantee_no=guarantee.guarantee_no, settled_on=DAY, outcome="repaid"
    )

    with pytest.raises(BankProblem) as refused:
        services.repayment_report(
            source=ibk_source,
            guarantee_no=guarantee.guarantee_no,
            paid_on=DAY,
            loan_principal_krw=1,
            loan_balance_krw=0,
        )
    assert refused.value.code == "guarantee_closed"


def test_another_banks_repayment_is_not_found(shinhan_source, make_bank_guarantee, ibk_source):
    guarantee = _executed(ibk_source, make_bank_guarantee())
    with pytest.raises(BankProblem) as refused:
        services.repayment_report(
            source=shinhan_source,
            guarantee_no=guarantee.guarantee_no,
            paid_on=DAY,
            loan_principal_krw=1,
            loan_balance_krw=0,
        )
    assert refused.value.status == 404
    assert _exposure(guarantee) == 17_000_000


# ----------------------------------------------------------------------------- 만기 처리


def test_repaid_at_maturity_terminates(ibk_source, make_bank_guarantee):
    guarantee = _executed(ibk_source, make_bank_guarantee())

    report = services.maturity_settlement_report(
        source=ibk_source, guarantee_no=guarantee.guarantee_no, settled_on=DAY, outcome="repaid"
    )

    assert report.event.kind == "termination" and _exposure(guarantee) == 0


def test_extended_opens_an_extension_request_that_the_branch_decides(
    ibk_source, make_bank_guarantee, make_user
):
    guarantee = _executed(ibk_source, make_bank_guarantee(matures_on=dt.date(2026, 6, 30)))

    report = services.maturity_settlement_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        settled_on=DAY,
        outcome="extended",
        new_matures_on=dt.date(2027, 6, 30),
    )

    request = report.book_request
    assert request.kind == "extension" and request.status == "pending"
    assert request.new_matures_on == dt.date(2027, 6, 30)
    assert report.event is None
    guarantee.refresh_from_db()
    assert guarantee.matures_on == dt.date(2026, 6, 30)  # nothing booked yet
    with pytest.raises(BankProblem) as refused:
        services.maturity_settlement_report(
            source=ibk_source,
            guarantee_no=guarantee.guarantee_no,
            settled_on=DAY,
            outcome="extended",
            new_matures_on=dt.date(2027, 7, 30),
        )
    assert refused.value.code == "extension_pending"

    book_request_decide(request_id=request.id, approve=True, actor=make_user("reviewer", "NAMDONG"))
    guarantee.refresh_from_db()
    assert guarantee.matures_on == dt.date(2027, 6, 30)


@pytest.mark.parametrize("new_matures_on", [None, dt.date(2026, 6, 30), dt.date(2026, 3, 1)])
def test_an_extension_must_move_the_maturity_later(ibk_source, make_bank_guarantee, new_matures_on):
    guarantee = _executed(ibk_source, make_bank_guarantee(matures_on=dt.date(2026, 6, 30)))
    with pytest.raises(BankProblem) as refused:
        services.maturity_settlement_report(
            source=ibk_source,
            guarantee_no=guarantee.guarantee_no,
            settled_on=DAY,
            outcome="extended",
            new_matures_on=new_matures_on,
        )
    assert refused.value.code == "maturity_not_extended"
    assert not BookRequest.objects.exists()


# ----------------------------------------------------------------------------- 사고, 대위변제


def _defaulted(source, guarantee, overdue=10_000_000):
    return services.default_report(
        source=source,
        guarantee_no=guarantee.guarantee_no,
        default_on=DAY,
        overdue_principal_krw=overdue,
        reason="3개월 연체",
    )


def test_a_default_books_an_accident_of_the_guaranteed_share(ibk_source, make_bank_guarantee):
    guarantee = _executed(ibk_source, make_bank_guarantee())

    report = _defaulted(ibk_source, guarantee)

    assert report.event.kind == "accident" and report.event.amount_krw == 8_500_000
    assert guarantee_balances(guarantee_id=guarantee.id)["accident_krw"] == 8_500_000
    with pytest.raises(BankProblem) as refused:
        _defaulted(ibk_source, guarantee)
    assert refused.value.code == "already_in_default"
    with pytest.raises(BankProblem) as refused:
        services.repayment_report(
            source=ibk_source,
            guarantee_no=guarantee.guarantee_no,
            paid_on=DAY,
            loan_principal_krw=1_000_000,
            loan_balance_krw=1,
        )
    assert refused.value.code == "guarantee_in_default"


def test_a_default_of_more_than_the_loan_is_refused(ibk_source, make_bank_guarantee):
    guarantee = _executed(ibk_source, make_bank_guarantee())
    with pytest.raises(BankProblem) as refused:
        _defaulted(ibk_source, guarantee, overdue=20_000_002)
    assert refused.value.code == "exceeds_outstanding"


def test_a_claim_needs_a_default_first(ibk_source, make_bank_guarantee):
    guarantee = _executed(ibk_source, make_bank_guarantee())
    with pytest.raises(BankProblem) as refused:
        services.subrogation_claim_report(
            source=ibk_source,
            guarantee_no=guarantee.guarantee_no,
            claimed_on=DAY,
            principal_krw=10_000_000,
            interest_krw=0,
        )
    assert refused.value.code == "no_default_reported"


def test_a_claim_is_reviewed_then_approved_by_someone_else_and_books_the_subrogation(
    ibk_source, make_bank_guarantee, make_user
):
    guarantee = _executed(ibk_source, make_bank_guarantee())
    _defaulted(ibk_source, guarantee)
    claim = services.subrogation_claim_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        claimed_on=DAY,
        principal_krw=10_000_000,
        interest_krw=300_001,
    )
    # (10,000,000 + 300,001) × 85 % = 8,755,000.85 → 8,755,000
    assert claim.payable_krw == 8_755_000
    assert services.claim_status(claim) == "received"
    with pytest.raises(BankProblem) as refused:
        services.subrogation_claim_report(
            source=ibk_source,
            guarantee_no=guarantee.guarantee_no,
            claimed_on=DAY,
            principal_krw=1,
            interest_krw=0,
        )
    assert refused.value.code == "claim_pending"

    reviewer, approver = make_user("reviewer", "NAMDONG"), make_user("reviewer", "NAMDONG")
    claim = services.subrogation_claim_review(claim_id=claim.id, actor=reviewer, pay_on=DAY)
    assert services.claim_status(claim) == "recommended"
    assert not RecourseClaim.objects.filter(guarantee=guarantee).exists()
    with pytest.raises(BankProblem) as refused:
        services.subrogation_claim_decide(claim_id=claim.id, approve=True, actor=reviewer)
    assert refused.value.code == "four_eyes"

    claim = services.subrogation_claim_decide(claim_id=claim.id, approve=True, actor=approver)

    assert services.claim_status(claim) == "paid"
    guarantee.refresh_from_db()
    assert guarantee.status == GuaranteeStatus.SUBROGATED
    balances = guarantee_balances(guarantee_id=guarantee.id)
    assert balances["exposure_krw"] == 0 and balances["claim_krw"] == 8_755_000
    assert RecourseClaim.objects.get(guarantee=guarantee).opened_on == DAY


def test_a_rejected_claim_books_nothing_and_a_new_one_may_follow(
    ibk_source, make_bank_guarantee, make_user
):
    guarantee = _executed(ibk_source, make_bank_guarantee())
    _defaulted(ibk_source, guarantee)
    claim = services.subrogation_claim_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        claimed_on=DAY,
        principal_krw=10_000_000,
        interest_krw=0,
    )
    claim = services.subrogation_claim_reject(
        claim_id=claim.id, actor=make_user("reviewer", "NAMDONG"), reason="서류 미비"
    )
    assert services.claim_status(claim) == "rejected"
    assert guarantee_balances(guarantee_id=guarantee.id)["claim_krw"] == 0
    again = services.subrogation_claim_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        claimed_on=DAY,
        principal_krw=10_000_000,
        interest_krw=0,
    )
    assert services.claim_status(again) == "received"
