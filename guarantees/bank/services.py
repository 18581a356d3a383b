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
from ..book.services import (
    BookError,
    book_request_decide,
    book_request_open,
    guarantee_event_record,
)
from ..models import (
    BankChannel,
    BankReport,
    BankReportKind,
    BookRequest,
    BookRequestStatus,
    Guarantee,
    GuaranteeStatus,
    LoanExecution,
    SubrogationClaim,
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
        if source.channel != BankChannel.IMPORT:
            # A bank's past executions loaded in bulk (the import channel) may be of loans
            # since repaid: the execution happened while the guarantee was open.
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


# ----------------------------------------------------------------------------- 상환


def _require_executed(guarantee: Guarantee, day: dt.date, field: str) -> dt.date:
    executed_on = loan_executed_on(guarantee)
    if executed_on is None:
        raise BankProblem(
            "not_executed", f"{guarantee.guarantee_no}의 대출실행이 아직 보고되지 않았습니다."
        )
    if day < executed_on:
        raise BankProblem(
            "date_before_execution",
            f"{field}({day})가 대출 실행일({executed_on})보다 앞입니다.",
        )
    return executed_on


def repayment_report(
    *,
    source: ReportSource,
    guarantee_no: str,
    paid_on: dt.date,
    loan_principal_krw: int,
    loan_balance_krw: int,
) -> BankReport:
    """상환: the loan was repaid by `loan_principal_krw`, leaving `loan_balance_krw`. The
    exposure falls by the guaranteed share of the principal (rounded down to the won); a
    balance of 0 is the loan's end: a termination releases all that is left (the rounding
    of earlier repayments included). Returns the report (its `event` is what was booked)."""
    with transaction.atomic():
        guarantee = guarantee_of(source.bank, guarantee_no, lock=True)
        _require_open(guarantee)
        _check_date(guarantee, paid_on, "상환일")
        _require_executed(guarantee, paid_on, "상환일")
        exposure = exposure_of(guarantee)
        share = share_of(guarantee, loan_principal_krw)
        if share > exposure:
            raise BankProblem(
                "exceeds_outstanding",
                f"상환 원금 {loan_principal_krw:,}원의 보증부분 {share:,}원이 보증잔액 "
                f"{exposure:,}원을 넘습니다.",
            )
        if loan_balance_krw == 0:
            event = _book(
                guarantee,
                source,
                kind="termination",
                date=paid_on,
                memo=f"은행 보고: 대출 완제 (상환 원금 {loan_principal_krw:,}원)",
            )
        else:
            if share == 0:
                raise BankProblem(
                    "nothing_to_book",
                    f"상환 원금 {loan_principal_krw:,}원의 보증부분이 0원이고 대출잔액이 "
                    "남아 있어 장부에 반영할 것이 없습니다.",
                )
            event = _book(
                guarantee,
                source,
                kind="repayment",
                date=paid_on,
                amount_krw=share,
                memo=f"은행 보고: 상환 원금 {loan_principal_krw:,}원, 잔액 {loan_balance_krw:,}원",
            )
        return _report(
            guarantee,
            source,
            BankReportKind.REPAYMENT,
            paid_on,
            {
                "paid_on": paid_on.isoformat(),
                "loan_principal_krw": loan_principal_krw,
                "loan_balance_krw": loan_balance_krw,
            },
            event=event,
        )


# ----------------------------------------------------------------------------- 만기 처리

OUTCOMES = ("repaid", "extended")


def maturity_settlement_report(
    *,
    source: ReportSource,
    guarantee_no: str,
    settled_on: dt.date,
    outcome: str,
    new_matures_on: dt.date | None = None,
) -> BankReport:
    """만기 처리: `repaid` → a termination dated `settled_on` (all that is left released);
    `extended` → an extension request (BookRequest, kind extension) that the branch decides
    through the existing four-eyes path; nothing is booked until a staff member approves it.
    Either way the guarantee leaves the 기한경과 list only when something is booked (the book
    service resolves its row: book.services.SETTLES_MATURITY)."""
    if outcome not in OUTCOMES:
        raise BankProblem(
            "validation_failed",
            f"outcome은 repaid 또는 extended입니다 (받은 값: {outcome!r}).",
            errors=[{"field": "outcome", "message": "repaid 또는 extended"}],
        )
    with transaction.atomic():
        guarantee = guarantee_of(source.bank, guarantee_no, lock=True)
        _require_open(guarantee)
        _check_date(guarantee, settled_on, "만기 처리일")
        _require_executed(guarantee, settled_on, "만기 처리일")
        payload = {"settled_on": settled_on.isoformat(), "outcome": outcome}
        if outcome == "repaid":
            event = _book(
                guarantee, source, kind="termination", date=settled_on, memo="은행 보고: 만기 상환"
            )
            return _report(
                guarantee,
                source,
                BankReportKind.MATURITY_SETTLEMENT,
                settled_on,
                payload,
                event=event,
            )
        if new_matures_on is None or new_matures_on <= guarantee.matures_on:
            raise BankProblem(
                "maturity_not_extended",
                f"새 만기일({new_matures_on or '없음'})이 지금 만기일({guarantee.matures_on}) "
                "이후여야 합니다.",
                errors=[{"field": "new_matures_on", "message": "지금 만기일 이후의 날짜"}],
            )
        if BookRequest.objects.filter(
            guarantee=guarantee, kind="extension", status=BookRequestStatus.PENDING
        ).exists():
            raise BankProblem(
                "extension_pending",
                f"{guarantee.guarantee_no}에는 처리 중인 기한연장 요청이 있습니다.",
            )
        try:
            request = book_request_open(
                guarantee_id=guarantee.id,
                kind="extension",
                date=settled_on,
                amount_krw=exposure_of(guarantee),
                new_matures_on=new_matures_on,
                memo=f"은행 보고: 기한연장 {guarantee.matures_on} → {new_matures_on}",
                actor=source.actor,
            )
        except BookError as exc:
            raise BankProblem("nothing_to_book", str(exc)) from exc
        payload["new_matures_on"] = new_matures_on.isoformat()
        return _report(
            guarantee,
            source,
            BankReportKind.MATURITY_SETTLEMENT,
            settled_on,
            payload,
            book_request=request,
        )


# ----------------------------------------------------------------------------- 보증사고


def default_report(
    *,
    source: ReportSource,
    guarantee_no: str,
    default_on: dt.date,
    overdue_principal_krw: int,
    reason: str,
) -> BankReport:
    """보증사고: the borrower defaulted on `overdue_principal_krw` of the loan. The book's
    accident amount is its guaranteed share (rounded down), at most the exposure."""
    with transaction.atomic():
        guarantee = guarantee_of(source.bank, guarantee_no, lock=True)
        if guarantee.status == GuaranteeStatus.ACCIDENT:
            raise BankProblem(
                "already_in_default",
                f"{guarantee.guarantee_no}에는 이미 보증사고가 접수되어 있습니다.",
            )
        _require_open(guarantee)
        _check_date(guarantee, default_on, "사고일")
        _require_executed(guarantee, default_on, "사고일")
        exposure = exposure_of(guarantee)
        share = share_of(guarantee, overdue_principal_krw)
        if share > exposure:
            raise BankProblem(
                "exceeds_outstanding",
                f"연체 원금 {overdue_principal_krw:,}원의 보증부분 {share:,}원이 보증잔액 "
                f"{exposure:,}원을 넘습니다.",
            )
        if share == 0:
            raise BankProblem(
                "nothing_to_book", f"연체 원금 {overdue_principal_krw:,}원의 보증부분이 0원입니다."
            )
        event = _book(
            guarantee,
            source,
            kind="accident",
            date=default_on,
            amount_krw=share,
            memo=f"은행 보고: 보증사고 (연체 원금 {overdue_principal_krw:,}원) {reason}",
        )
        return _report(
            guarantee,
            source,
            BankReportKind.DEFAULT,
            default_on,
            {
                "default_on": default_on.isoformat(),
                "overdue_principal_krw": overdue_principal_krw,
                "reason": reason,
            },
            event=event,
        )


# ----------------------------------------------------------------------------- 대위변제 청구


class ClaimStatus:
    """A subrogation claim's status, as the API and the desk show it (a contract)."""

    RECEIVED = "received"  # 접수: waiting for a staff review
    RECOMMENDED = "recommended"  # 검토 완료: a payment request waits for a second person
    PAID = "paid"  # 지급: the subrogation is booked, the recourse claim opened
    REJECTED = "rejected"  # 반려 (by the reviewer or the approver), with the reason

    LABELS = {
        "received": "접수",
        "recommended": "지급 승인 대기",
        "paid": "지급 완료",
        "rejected": "반려",
    }


def claim_status(claim: SubrogationClaim) -> str:
    if claim.rejected_at is not None:
        return ClaimStatus.REJECTED
    request = claim.book_request
    if request is None:
        return ClaimStatus.RECEIVED
    if request.status == BookRequestStatus.APPROVED:
        return ClaimStatus.PAID
    if request.status == BookRequestStatus.REJECTED:
        return ClaimStatus.REJECTED
    return ClaimStatus.RECOMMENDED


def subrogation_claim_report(
    *,
    source: ReportSource,
    guarantee_no: str,
    claimed_on: dt.date,
    principal_krw: int,
    interest_krw: int,
) -> SubrogationClaim:
    """대위변제 청구: only for a guarantee in default, one open claim at a time. The payable
    amount is the guaranteed share of principal + interest (rounded down), the principal's
    share at most the exposure. Nothing is booked: staff review it (four eyes)."""
    with transaction.atomic():
        guarantee = guarantee_of(source.bank, guarantee_no, lock=True)
        _require_open(guarantee, allow_default=True)
        if guarantee.status != GuaranteeStatus.ACCIDENT:
            raise BankProblem(
                "no_default_reported",
                f"{guarantee.guarantee_no}에는 보증사고가 접수되지 않았습니다. 먼저 연체(보증사고)를 "
                "보고해 주세요.",
            )
        _check_date(guarantee, claimed_on, "청구일")
        _require_executed(guarantee, claimed_on, "청구일")
        for claim in SubrogationClaim.objects.filter(guarantee=guarantee).select_related(
            "book_request"
        ):
            if claim_status(claim) in (ClaimStatus.RECEIVED, ClaimStatus.RECOMMENDED):
                raise BankProblem(
                    "claim_pending",
                    f"{guarantee.guarantee_no}에는 처리 중인 대위변제 청구(번호 {claim.pk})가 있습니다.",
                )
        exposure = exposure_of(guarantee)
        principal_share = share_of(guarantee, principal_krw)
        if principal_share > exposure:
            raise BankProblem(
                "exceeds_outstanding",
                f"청구 원금 {principal_krw:,}원의 보증부분 {principal_share:,}원이 보증잔액 "
                f"{exposure:,}원을 넘습니다.",
            )
        payable = share_of(guarantee, principal_krw + interest_krw)
        if payable <= 0:
            raise BankProblem("nothing_to_book", "청구 금액의 보증부분이 0원입니다.")
        report = _report(
            guarantee,
            source,
            BankReportKind.SUBROGATION_CLAIM,
            claimed_on,
            {
                "claimed_on": claimed_on.isoformat(),
                "principal_krw": principal_krw,
                "interest_krw": interest_krw,
            },
        )
        return SubrogationClaim.objects.create(
            guarantee=guarantee,
            bank=source.bank,
            claimed_on=claimed_on,
            principal_krw=principal_krw,
            interest_krw=interest_krw,
            payable_krw=payable,
            report=report,
        )


def subrogation_claim_review(
    *, claim_id: int, actor, pay_on: dt.date | None = None, memo: str = ""
) -> SubrogationClaim:
    """Staff review (첫째 눈): recommend payment. This opens the subrogation's BookRequest
    (amount = the payable amount, dated `pay_on`, today by default); a second staff member
    approves it through the existing path (book_request_decide), which books the subrogation
    and opens the recourse claim."""
    with transaction.atomic():
        claim = SubrogationClaim.objects.select_for_update().get(pk=claim_id)
        if claim_status(claim) != ClaimStatus.RECEIVED:
            raise BankProblem("claim_decided", f"대위변제 청구 {claim.pk}는 이미 검토되었습니다.")
        day = pay_on or timezone.localdate()
        try:
            claim.book_request = book_request_open(
                guarantee_id=claim.guarantee_id,
                kind="subrogation",
                date=day,
                amount_krw=claim.payable_krw,
                memo=(memo or f"은행 대위변제 청구 {claim.pk} (청구일 {claim.claimed_on})")[:300],
                actor=actor,
            )
        except BookError as exc:
            raise BankProblem("exceeds_outstanding", str(exc)) from exc
        claim.save(update_fields=["book_request"])
        return claim


def subrogation_claim_decide(
    *, claim_id: int, approve: bool, actor, reason: str = ""
) -> SubrogationClaim:
    """The second pair of eyes on a recommended claim: approve (books the subrogation and its
    recourse claim, as for any approved request) or reject with a reason. The reviewer may
    not decide (four_eyes)."""
    claim = SubrogationClaim.objects.select_related("book_request").get(pk=claim_id)
    request = claim.book_request  # a recommended claim has its book request
    if request is None or claim_status(claim) != ClaimStatus.RECOMMENDED:
        raise BankProblem("claim_decided", f"대위변제 청구 {claim.pk}는 승인 대기 상태가 아닙니다.")
    if request.requested_by_id == actor.id:
        raise BankProblem("four_eyes", "대위변제 지급을 검토한 사람은 승인할 수 없습니다.")
    try:
        book_request_decide(request_id=request.pk, approve=approve, actor=actor, reason=reason)
    except BookError as exc:
        raise BankProblem("validation_failed", str(exc)) from exc
    claim.refresh_from_db()
    return claim


def subrogation_claim_reject(*, claim_id: int, actor, reason: str) -> SubrogationClaim:
    """The reviewer rejects a claim that has not been recommended (with the reason)."""
    if not reason.strip():
        raise BankProblem("validation_failed", "반려 사유를 입력해 주세요.")
    with transaction.atomic():
        claim = SubrogationClaim.objects.select_for_update().get(pk=claim_id)
        if claim_status(claim) != ClaimStatus.RECEIVED:
            raise BankProblem("claim_decided", f"대위변제 청구 {claim.pk}는 이미 검토되었습니다.")
        claim.rejected_at = timezone.now()
        claim.rejected_by = actor
        claim.rejection_reason = reason
        claim.save(update_fields=["rejected_at", "rejected_by", "rejection_reason"])
        return claim
