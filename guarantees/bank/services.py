"""What a partner bank reports about a guarantee, booked through the book's own services.

Each report checks what is impossible (a date in the future, a repayment before execution,
more than is outstanding, a closed guarantee, another bank's guarantee) and raises
`BankProblem` with its code; otherwise it books through `guarantee_event_record` (a fact the
bank knows: execution, repayment, repaid at maturity, default) or opens a `BookRequest` that
the foundation decides with four eyes (an extension; a subrogation claim, via staff review),
and keeps the report itself as a `BankReport` beside the guarantee.

Transactions: each report runs in `transaction.atomic()`, not a durable block, because the
API's idempotency (idempotency.bank_post) must store its answer in the same transaction as
the booking — so that a crash can never leave a booking without its answer (a retry would
book twice) or an answer without its booking. Called alone (the desk, tests), the block is
the top-level transaction.

Amounts the bank sends are amounts of the loan; the book holds amounts of guarantee. The
guaranteed share of a loan amount is loan × ratio ÷ 100, rounded down to the won
(common.money.apply_percent), the same rule as the guaranteed amount at issuance.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.money import apply_percent

from ..book.selectors import guarantee_balances
from ..book.services import BookError, guarantee_event_record
from ..models import (
    BankReport,
    BankReportKind,
    Guarantee,
    GuaranteeStatus,
    LoanExecution,
)
from .problems import BankProblem
from .sources import ReportSource, guarantee_of

CLOSED = (GuaranteeStatus.TERMINATED, GuaranteeStatus.SUBROGATED)


def share_of(guarantee: Guarantee, loan_krw: int) -> int:
    """The guaranteed part of a loan amount (rounded down to the won)."""
    return apply_percent(loan_krw, guarantee.guarantee_ratio_pct)


def exposure_of(guarantee: Guarantee) -> int:
    return guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"]


def _require_open(guarantee: Guarantee, *, allow_default: bool = False) -> None:
    if guarantee.status in CLOSED:
        raise BankProblem(
            "guarantee_closed",
            f"{guarantee.guarantee_no}는 {guarantee.get_status_display()} 상태로 종결되었습니다.",
        )
    if guarantee.status == GuaranteeStatus.ACCIDENT and not allow_default:
        raise BankProblem(
            "guarantee_in_default",
            f"{guarantee.guarantee_no}는 보증사고가 접수되어 대위변제 청구만 받을 수 있습니다.",
        )


def _check_date(guarantee: Guarantee, day: dt.date, field: str) -> None:
    today = timezone.localdate()
    if day > today:
        raise BankProblem("date_in_future", f"{field}({day})가 오늘({today})보다 뒤입니다.")
    if day < guarantee.issued_on:
        raise BankProblem(
            "date_before_issue",
            f"{field}({day})가 보증 발급일({guarantee.issued_on})보다 앞입니다.",
        )


def loan_executed_on(guarantee: Guarantee) -> dt.date | None:
    """When the loan was paid out: its execution report, or — for a guarantee that came in
    through import_book (no application) — its issue date: the legacy book is the evidence
    that the loan exists. Such a guarantee may still report its execution once (its rate)."""
    execution = LoanExecution.objects.filter(guarantee=guarantee).first()
    if execution is not None:
        return execution.executed_on
    return guarantee.issued_on if guarantee.application_id is None else None


def _book(guarantee: Guarantee, source: ReportSource, **event):
    """Book one event through the book service; its refusals become problems."""
    try:
        return guarantee_event_record(guarantee_id=guarantee.id, actor=source.actor, **event)
    except BookError as exc:
        raise BankProblem("exceeds_outstanding", str(exc)) from exc


def _report(guarantee, source, kind, reported_on, payload, **links) -> BankReport:
    return BankReport.objects.create(
        guarantee=guarantee,
        bank=source.bank,
        kind=kind,
        reported_on=reported_on,
        payload=payload,
        **source.record_fields(),
        **links,
    )


# ----------------------------------------------------------------------------- 대출실행


def loan_execution_report(
    *,
    source: ReportSource,
    guarantee_no: str,
    executed_on: dt.date,
    loan_amount_krw: int,
    interest_rate_pct: Decimal,
    loan_account_ref: str,
) -> LoanExecution:
    """대출실행: the loan was paid out. At most once per guarantee (a second report is 409).
    A loan of less than the guaranteed loan lowers the exposure to the guaranteed share of
    the loan paid out (a repayment event dated the execution day)."""
    with transaction.atomic():
        guarantee = guarantee_of(source.bank, guarantee_no, lock=True)
        if LoanExecution.objects.filter(guarantee=guarantee).exists():
            raise BankProblem(
                "already_executed", f"{guarantee.guarantee_no}의 대출실행은 이미 보고되었습니다."
            )
        _require_open(guarantee)
        _check_date(guarantee, executed_on, "대출 실행일")
        if executed_on >= guarantee.matures_on:
            raise BankProblem(
                "date_after_maturity",
                f"대출 실행일({executed_on})이 보증 만기일({guarantee.matures_on}) 이후입니다.",
            )
        if loan_amount_krw > guarantee.loan_amount_krw:
            raise BankProblem(
                "loan_exceeds_guarantee",
                f"대출 실행 금액 {loan_amount_krw:,}원이 보증된 대출 금액 "
                f"{guarantee.loan_amount_krw:,}원을 넘습니다.",
            )
        cap = share_of(guarantee, loan_amount_krw)
        excess = exposure_of(guarantee) - cap
        event = None
        if excess > 0:
            event = _book(
                guarantee,
                source,
                kind="repayment",
                date=executed_on,
                amount_krw=excess,
                memo=f"대출실행 {loan_amount_krw:,}원: 보증잔액을 실행액의 보증부분으로 감액",
            )
        execution = LoanExecution.objects.create(
            guarantee=guarantee,
            executed_on=executed_on,
            loan_amount_krw=loan_amount_krw,
            interest_rate_pct=interest_rate_pct,
            loan_account_ref=loan_account_ref,
            channel=source.channel,
            reported_by=source.officer,
            reported_via_key=source.api_key,
            exposure_event=event,
        )
        _report(
            guarantee,
            source,
            BankReportKind.LOAN_EXECUTION,
            executed_on,
            {
                "executed_on": executed_on.isoformat(),
                "loan_amount_krw": loan_amount_krw,
                "interest_rate_pct": str(interest_rate_pct),
                "loan_account_ref": loan_account_ref,
            },
            event=event,
        )
        return execution
