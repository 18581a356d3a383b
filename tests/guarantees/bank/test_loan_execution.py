"""대출실행 (loan execution): kept with its rate; a smaller loan lowers the exposure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from guarantees.bank import services
from guarantees.bank.problems import BankProblem
from guarantees.book.selectors import guarantee_balances
from guarantees.models import BankReport, GuaranteeEvent, LoanExecution

pytestmark = pytest.mark.django_db


def _execute(source, guarantee, **overrides):
    fields = {
        "executed_on": guarantee.issued_on + dt.timedelta(days=3),
        "loan_amount_krw": guarantee.loan_amount_krw,
        "interest_rate_pct": Decimal("4.250"),
        "loan_account_ref": "110-123-456789",
    }
    fields.update(overrides)
    return services.loan_execution_report(
        source=source, guarantee_no=guarantee.guarantee_no, **fields
    )


def test_a_full_loan_is_kept_with_its_rate_and_leaves_the_exposure(ibk_source, make_bank_guarantee):
    guarantee = make_bank_guarantee(loan_krw=20_000_000)  # 85 %: 17,000,000 guaranteed

    execution = _execute(ibk_source, guarantee)

    assert execution.interest_rate_pct == Decimal("4.250")
    assert execution.exposure_event is None
    assert guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"] == 17_000_000
    report = BankReport.objects.get(guarantee=guarantee)
    assert report.kind == "loan_execution" and report.payload["interest_rate_pct"] == "4.250"


def test_a_smaller_loan_lowers_the_exposure_to_its_guaranteed_share(
    ibk_source, make_bank_guarantee
):
    guarantee = make_bank_guarantee(loan_krw=20_000_000)

    execution = _execute(ibk_source, guarantee, loan_amount_krw=15_000_001)

    # 15,000,001 × 85 % = 12,750,000.85 → 12,750,000 (rounded down to the won)
    assert guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"] == 12_750_000
    assert execution.exposure_event.kind == "repayment"
    assert execution.exposure_event.amount_krw == 17_000_000 - 12_750_000
    assert execution.exposure_event.journal_entry.kind == "guarantee_repayment"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"loan_amount_krw": 20_000_001}, "loan_exceeds_guarantee"),
        ({"executed_on": dt.date(2025, 12, 31)}, "date_before_issue"),
        ({"executed_on": "tomorrow"}, "date_in_future"),
        ({"executed_on": dt.date(2031, 1, 5)}, "date_in_future"),
    ],
)
def test_an_impossible_execution_is_refused_and_books_nothing(
    ibk_source, make_bank_guarantee, overrides, code
):
    guarantee = make_bank_guarantee(loan_krw=20_000_000)
    if overrides.get("executed_on") == "tomorrow":
        overrides["executed_on"] = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(BankProblem) as refused:
        _execute(ibk_source, guarantee, **overrides)

    assert refused.value.code == code
    assert not LoanExecution.objects.exists() and not BankReport.objects.exists()
    assert not GuaranteeEvent.objects.filter(guarantee=guarantee).exists()


def test_a_second_execution_report_is_a_conflict(ibk_source, make_bank_guarantee):
    guarantee = make_bank_guarantee()
    _execute(ibk_source, guarantee)

    with pytest.raises(BankProblem) as refused:
        _execute(ibk_source, guarantee, loan_amount_krw=1_000_000)

    assert refused.value.code == "already_executed" and refused.value.status == 409
    assert LoanExecution.objects.count() == 1


def test_another_banks_guarantee_is_not_found(shinhan_source, make_bank_guarantee):
    guarantee = make_bank_guarantee(bank_name="IBK기업은행")

    with pytest.raises(BankProblem) as refused:
        _execute(shinhan_source, guarantee)

    assert refused.value.code == "not_found" and refused.value.status == 404
    assert not LoanExecution.objects.exists()
