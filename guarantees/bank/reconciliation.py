"""월말 대출잔액 보고와 대사 (monthly report and reconciliation).

A bank reports, for a month that has ended, the loan balance of every live guarantee it holds.
The portal compares it with the book at the month's last day and keeps each difference:

- `missing`: live in the book at month end (exposure > 0, issued by then), not in the report;
- `unknown`: in the report, but not a live guarantee of this bank at month end (no such
  number, another bank's, not yet issued, or already closed — the detail does not say which
  bank holds a number, so that a report cannot probe another bank's book);
- `balance`: the guaranteed share of the reported loan balance (loan × ratio ÷ 100, rounded
  down to the won) differs from the book's exposure by more than one won (one won absorbs the
  rounding of the two sides).

Nothing in the book moves by itself: staff resolve each difference with a note
(`reconciliation_difference_resolve`), and where the book is wrong they enter a book request
through the usual four-eyes path.

The book side is one aggregate query (the bank's guarantees left-joined to their exposure
postings up to the month end); the comparison is a dictionary walk; the differences and the
reported rows (`MonthlyBalance`, shown beside each guarantee to staff) are bulk inserts. benchmarks/bank_reconciliation.py measures it at 50,000 rows beside one SQL join
doing the same comparison.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from common.money import apply_percent
from ledger import chart
from ledger.services import account_id

from ..models import DifferenceKind, MonthlyBalance, MonthlyReport, ReconciliationDifference
from .problems import BankProblem
from .sources import ReportSource

MONTH = re.compile(r"^([12]\d{3})-(0[1-9]|1[0-2])$")  # 1000-01 … 2999-12
MAX_ROWS = 200_000
MAX_BALANCE_KRW = 10**15  # 1,000조원: beyond any loan; keeps the arithmetic in bigint


@dataclass(frozen=True)
class Row:
    guarantee_no: str
    loan_balance_krw: int


def parse_month(text: str) -> dt.date:
    """ "YYYY-MM" → the month's first day; refused with validation_failed."""
    match = MONTH.match(text or "")
    if not match:
        raise BankProblem(
            "validation_failed",
            f"month는 YYYY-MM 형식입니다 (받은 값: {text!r}).",
            errors=[{"field": "month", "message": "YYYY-MM 형식 (예: 2026-11)"}],
        )
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def check_rows(rows: list[Row]) -> None:
    """Every problem of the rows at once, by row (0-based, as in the JSON array)."""
    errors = []
    seen: dict[str, int] = {}
    if len(rows) > MAX_ROWS:
        raise BankProblem(
            "validation_failed", f"한 보고에 {MAX_ROWS:,}행까지 받을 수 있습니다 ({len(rows):,}행)."
        )
    for i, row in enumerate(rows):
        if not row.guarantee_no.strip():
            errors.append(
                {"field": f"rows[{i}].guarantee_no", "message": "보증번호가 비어 있습니다"}
            )
        elif len(row.guarantee_no) > 30:
            errors.append(
                {"field": f"rows[{i}].guarantee_no", "message": "보증번호는 30자까지입니다"}
            )
        if row.loan_balance_krw < 0:
            errors.append(
                {"field": f"rows[{i}].loan_balance_krw", "message": "대출잔액은 0원 이상입니다"}
            )
        elif row.loan_balance_krw > MAX_BALANCE_KRW:
            errors.append(
                {"field": f"rows[{i}].loan_balance_krw", "message": "대출잔액이 너무 큽니다"}
            )
        if row.guarantee_no in seen:
            errors.append(
                {
                    "field": f"rows[{i}].guarantee_no",
                    "message": f"보증번호 {row.guarantee_no}가 rows[{seen[row.guarantee_no]}]에도 있습니다",
                }
            )
        else:
            seen[row.guarantee_no] = i
    if errors:
        raise BankProblem(
            "validation_failed",
            f"월말 잔액 보고의 {len(errors)}곳이 올바르지 않습니다: {errors[0]['field']} "
            f"({errors[0]['message']}).",
            errors=errors,
        )


def book_exposures(bank_name: str, at: dt.date) -> dict[str, tuple[int, Decimal, int]]:
    """guarantee_no → (guarantee id, ratio %, exposure at `at`) of the bank's guarantees issued
    by `at` (exposure 0 for those closed by then)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT g.guarantee_no, g.id, g.guarantee_ratio_pct, COALESCE(SUM(p.amount_krw), 0)
              FROM guarantees_guarantee g
              LEFT JOIN ledger_posting p
                ON p.guarantee_id = g.id AND p.account_id = %s AND p.entry_date <= %s
             WHERE g.bank_name = %s AND g.issued_on <= %s
             GROUP BY g.id
            """,
            [account_id(chart.EXPOSURE), at, bank_name, at],
        )
        return {no: (gid, ratio, int(exposure)) for no, gid, ratio, exposure in cursor.fetchall()}


def monthly_report_receive(*, source: ReportSource, month: str, rows: list[Row]) -> MonthlyReport:
    """Receive and reconcile one month's report (all or nothing). A month may be reported
    again (a correction): each report is kept with its own differences."""
    first = parse_month(month)
    end = month_end(first)
    today = timezone.localdate()
    if end >= today:
        raise BankProblem(
            "month_not_ended",
            f"{first:%Y-%m}은 {end}에 끝납니다. 월말 잔액은 다음 달 1일부터 보고할 수 있습니다.",
        )
    check_rows(rows)
    with transaction.atomic():
        book = book_exposures(source.bank.name, end)
        differences: list[ReconciliationDifference] = []
        reported = set()
        matched = 0
        for row in rows:
            reported.add(row.guarantee_no)
            found = book.get(row.guarantee_no)
            if found is None or found[2] <= 0:
                differences.append(
                    ReconciliationDifference(
                        kind=DifferenceKind.UNKNOWN,
                        guarantee_id=found[0] if found else None,
                        guarantee_no=row.guarantee_no,
                        reported_balance_krw=row.loan_balance_krw,
                        book_exposure_krw=found[2] if found else None,
                    )
                )
                continue
            gid, ratio, exposure = found
            expected = apply_percent(row.loan_balance_krw, ratio)
            if abs(expected - exposure) > 1:
                differences.append(
                    ReconciliationDifference(
                        kind=DifferenceKind.BALANCE,
                        guarantee_id=gid,
                        guarantee_no=row.guarantee_no,
                        reported_balance_krw=row.loan_balance_krw,
                        expected_exposure_krw=expected,
                        book_exposure_krw=exposure,
                    )
                )
            else:
                matched += 1
        for no, (gid, _ratio, exposure) in book.items():
            if exposure > 0 and no not in reported:
                differences.append(
                    ReconciliationDifference(
                        kind=DifferenceKind.MISSING,
                        guarantee_id=gid,
                        guarantee_no=no,
                        book_exposure_krw=exposure,
                    )
                )
        report = MonthlyReport.objects.create(
            bank=source.bank,
            month=first,
            row_count=len(rows),
            matched_count=matched,
            difference_count=len(differences),
            **source.record_fields(),
        )
        for difference in differences:
            difference.report = report
        ReconciliationDifference.objects.bulk_create(differences, batch_size=5000)
        # Every row as the bank sent it, for the staff guarantee page (matched rows too).
        MonthlyBalance.objects.bulk_create(
            (
                MonthlyBalance(
                    report=report,
                    guarantee_id=book[row.guarantee_no][0] if row.guarantee_no in book else None,
                    guarantee_no=row.guarantee_no,
                    loan_balance_krw=row.loan_balance_krw,
                )
                for row in rows
            ),
            batch_size=5000,
        )
        return report


def reconciliation_difference_resolve(
    *, difference_id: int, actor, resolution: str
) -> ReconciliationDifference:
    """Staff close a difference with what they found or did (a note; a book request they
    entered is named in it). The book is not touched here."""
    if not resolution.strip():
        raise BankProblem("validation_failed", "처리 내용을 입력해 주세요.")
    with transaction.atomic():
        difference = ReconciliationDifference.objects.select_for_update().get(pk=difference_id)
        if difference.resolved_at is not None:
            raise BankProblem("already_resolved", "이미 처리된 대사 차이입니다.")
        difference.resolved_at = timezone.now()
        difference.resolved_by = actor
        difference.resolution = resolution.strip()
        difference.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        return difference
