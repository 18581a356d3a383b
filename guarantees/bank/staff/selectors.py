"""What the foundation's staff read of the bank channel: the bank's side of one guarantee
(beside the staff guarantee page) and what waits for a staff decision (the decisions list).

Each read is a fixed number of queries, whatever the number of reports (the guarantee page's
test counts them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from common.money import apply_percent, format_won

from ...models import (
    BankReport,
    BankReportKind,
    BookRequestStatus,
    Guarantee,
    LoanExecution,
    MonthlyBalance,
    OverdueMaturity,
    ReconciliationDifference,
    SubrogationClaim,
)
from ..services import ClaimStatus, claim_status


def _rate(value) -> str:
    return format(value.normalize(), "f")


def report_summary(report: BankReport) -> str:
    """What the bank said, in Korean, amounts through the project's money helper."""
    p = report.payload
    if report.kind == BankReportKind.LOAN_EXECUTION:
        return (
            f"실행 {format_won(p['loan_amount_krw'])} · 연 {p['interest_rate_pct']}% · "
            f"계좌 {p['loan_account_ref']}"
        )
    if report.kind == BankReportKind.REPAYMENT:
        return (
            f"상환 원금 {format_won(p['loan_principal_krw'])} · "
            f"대출잔액 {format_won(p['loan_balance_krw'])}"
        )
    if report.kind == BankReportKind.MATURITY_SETTLEMENT:
        if p.get("outcome") == "extended":
            return f"기한연장 요청 (새 만기 {p.get('new_matures_on', '')})"
        return "만기 상환"
    if report.kind == BankReportKind.DEFAULT:
        return f"연체 원금 {format_won(p['overdue_principal_krw'])} · 사유: {p.get('reason', '')}"
    if report.kind == BankReportKind.SUBROGATION_CLAIM:
        return f"청구 원금 {format_won(p['principal_krw'])} · 이자 {format_won(p['interest_krw'])}"
    return ""


def report_effect(report: BankReport) -> str:
    """What the book did with the report: the event booked, or the request waiting."""
    event, request = report.event, report.book_request
    if event is not None:
        return f"{event.get_kind_display()} {format_won(event.amount_krw)} 기록"
    if request is not None:
        return f"{request.get_kind_display()} 요청 ({request.get_status_display()})"
    if report.kind == BankReportKind.SUBROGATION_CLAIM:
        return "재단 검토 대상 (대위변제 청구)"
    return "장부 변동 없음"


@dataclass(frozen=True)
class MonthlyLine:
    month: dt.date
    received_at: dt.datetime
    reported_balance_krw: int | None
    reported_share_krw: int | None
    result: str
    book_exposure_krw: int | None
    resolved: bool | None  # None: nothing to resolve (matched)
    resolution: str


def _monthly_lines(guarantee: Guarantee, limit: int) -> list[MonthlyLine]:
    balances = list(
        MonthlyBalance.objects.filter(guarantee=guarantee)
        .select_related("report")
        .order_by("-report__month", "-report__received_at")[:limit]
    )
    differences = {
        d.report_id: d
        for d in ReconciliationDifference.objects.filter(guarantee=guarantee).select_related(
            "report"
        )
    }
    lines = []
    seen = set()
    for row in balances:
        seen.add(row.report_id)
        difference = differences.get(row.report_id)
        share = apply_percent(row.loan_balance_krw, guarantee.guarantee_ratio_pct)
        lines.append(
            MonthlyLine(
                month=row.report.month,
                received_at=row.report.received_at,
                reported_balance_krw=row.loan_balance_krw,
                reported_share_krw=share,
                result=difference.get_kind_display() if difference else "일치",
                book_exposure_krw=difference.book_exposure_krw if difference else None,
                resolved=(difference.resolved_at is not None) if difference else None,
                resolution=difference.resolution if difference else "",
            )
        )
    for report_id, difference in differences.items():
        if report_id not in seen:  # not reported at all (missing)
            lines.append(
                MonthlyLine(
                    month=difference.report.month,
                    received_at=difference.report.received_at,
                    reported_balance_krw=difference.reported_balance_krw,
                    reported_share_krw=None,
                    result=difference.get_kind_display(),
                    book_exposure_krw=difference.book_exposure_krw,
                    resolved=difference.resolved_at is not None,
                    resolution=difference.resolution,
                )
            )
    lines.sort(key=lambda line: (line.month, line.received_at), reverse=True)
    return lines[:limit]


MONTHLY_SHOWN = 24


def bank_side(guarantee: Guarantee) -> dict:
    """The bank's reports about `guarantee`, for the staff guarantee page: the loan execution
    (with its rate), every report with what the book did about it, the subrogation claims and
    their status, and the month-end balances with their reconciliation result. Five queries."""
    execution = (
        LoanExecution.objects.filter(guarantee=guarantee).select_related("reported_by").first()
    )
    reports = list(
        BankReport.objects.filter(guarantee=guarantee)
        .select_related("event", "book_request", "reported_by")
        .order_by("-created_at", "-id")
    )
    claims = list(
        SubrogationClaim.objects.filter(guarantee=guarantee)
        .select_related("book_request", "rejected_by")
        .order_by("-id")
    )
    return {
        "execution": execution,
        "execution_rate": execution and _rate(execution.interest_rate_pct),
        # A guarantee brought in by import_book counts as executed on its issue date.
        "executed_on_issue": execution is None and guarantee.application_id is None,
        "reports": [
            {"report": r, "summary": report_summary(r), "effect": report_effect(r)} for r in reports
        ],
        "claims": [(c, ClaimStatus.LABELS[claim_status(c)]) for c in claims],
        "monthly": _monthly_lines(guarantee, MONTHLY_SHOWN),
    }


# ----------------------------------------------------------------------------- decisions


def open_claims(queryset: QuerySet | None = None) -> QuerySet:
    """Claims that wait for a staff decision: received (to review) or recommended (for the
    second person). Rejected and paid ones are done."""
    queryset = SubrogationClaim.objects.all() if queryset is None else queryset
    return queryset.filter(rejected_at__isnull=True).filter(
        Q(book_request__isnull=True) | Q(book_request__status=BookRequestStatus.PENDING)
    )


def open_differences(queryset: QuerySet | None = None) -> QuerySet:
    queryset = ReconciliationDifference.objects.all() if queryset is None else queryset
    return queryset.filter(resolved_at__isnull=True)


def open_overdue(queryset: QuerySet | None = None) -> QuerySet:
    queryset = OverdueMaturity.objects.all() if queryset is None else queryset
    return queryset.filter(resolved_on__isnull=True)
