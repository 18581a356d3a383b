"""Writes of the contributors' side: one 이차보전 payment, booked in the journal with it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from common.errors import DomainError
from guarantees.models import Guarantee, SubsidyPayment
from ledger import chart
from ledger.services import Dimensions, Line, journal_post


class SubsidyError(DomainError):
    code = "subsidy_invalid"


def subsidy_payment_key(guarantee_no: str, period_start: dt.date, period_end: dt.date) -> str:
    return f"subsidy:{guarantee_no}:{period_start.isoformat()}:{period_end.isoformat()}"


def subsidy_payment_record(
    *,
    guarantee: Guarantee,
    period_start: dt.date,
    period_end: dt.date,
    amount_krw: int,
    paid_on: dt.date,
    contributor: str = "",
    created_by=None,
) -> SubsidyPayment:
    """이차보전 지급: the contributor paid `amount_krw` of the guarantee's loan interest for
    the period. Books Dr memo.subsidy_paid / Cr contra (programme, guarantee, branch and
    contributor dimensions) and the payment row in one transaction; the same period twice is
    refused (a correction is a reversing entry, not a second payment)."""
    if guarantee.program_id is None:
        raise SubsidyError(
            f"보증 {guarantee.guarantee_no}은 일반보증이라 이차보전 대상이 아닙니다.",
            code="subsidy_not_program",
        )
    if amount_krw <= 0:
        raise SubsidyError("이차보전 지급액은 0원보다 커야 합니다.", code="subsidy_amount")
    if period_start > period_end:
        raise SubsidyError(
            f"대상 기간의 시작({period_start})이 끝({period_end})보다 늦습니다.",
            code="subsidy_period",
        )
    if period_start < guarantee.issued_on:
        raise SubsidyError(
            f"대상 기간({period_start})이 보증 발급일({guarantee.issued_on}) 전입니다.",
            code="subsidy_period",
        )
    if paid_on < period_start:
        raise SubsidyError(
            f"지급일({paid_on})이 대상 기간 시작({period_start}) 전입니다.", code="subsidy_paid_on"
        )
    with transaction.atomic():
        if SubsidyPayment.objects.filter(
            guarantee=guarantee, period_start=period_start, period_end=period_end
        ).exists():
            raise SubsidyError(
                f"보증 {guarantee.guarantee_no}의 {period_start}~{period_end} 이차보전은 "
                "이미 지급되었습니다.",
                code="subsidy_duplicate",
            )
        dims: Dimensions = {
            "program_id": guarantee.program_id,
            "guarantee_id": guarantee.id,
            "branch_id": guarantee.branch_id,
            "contributor": contributor,
        }
        entry = journal_post(
            date=paid_on,
            kind="subsidy_payment",
            # words between the numbers: a guarantee number and dates run together look like a
            # 주민등록번호 to the PII guard
            memo=f"이차보전 보증 {guarantee.guarantee_no}, 기간 {period_start}부터 {period_end}까지",
            idempotency_key=subsidy_payment_key(guarantee.guarantee_no, period_start, period_end),
            created_by=created_by,
            lines=[
                Line(chart.SUBSIDY_PAID, amount_krw, **dims),
                Line(chart.SUBSIDY_PAID_CONTRA, -amount_krw, **dims),
            ],
        )
        return SubsidyPayment.objects.create(
            program_id=guarantee.program_id,
            guarantee=guarantee,
            period_start=period_start,
            period_end=period_end,
            amount_krw=amount_krw,
            paid_on=paid_on,
            contributor=contributor,
            entry=entry,
        )
