"""Monthly reports: reconciled against the book, differences listed, nothing booked."""

from __future__ import annotations

import datetime as dt

import pytest

from guarantees.bank import reconciliation
from guarantees.bank.problems import BankProblem
from guarantees.bank.reconciliation import Row
from guarantees.models import GuaranteeEvent, MonthlyReport, ReconciliationDifference
from ledger.models import JournalEntry

pytestmark = pytest.mark.django_db


def test_differences_are_missing_unknown_and_balance_off_by_more_than_a_won(
    ibk_source, make_bank_guarantee
):
    exact = make_bank_guarantee(loan_krw=20_000_000)  # 17,000,000 guaranteed
    one_won = make_bank_guarantee(loan_krw=20_000_000)
    off = make_bank_guarantee(loan_krw=20_000_000)
    missing = make_bank_guarantee(loan_krw=10_000_000)
    shinhan = make_bank_guarantee(bank_name="신한은행")
    later = make_bank_guarantee(issued_on=dt.date(2026, 3, 2))  # not issued by 2026-02-28
    entries = JournalEntry.objects.count()

    report = reconciliation.monthly_report_receive(
        source=ibk_source,
        month="2026-02",
        rows=[
            Row(exact.guarantee_no, 20_000_000),
            # 19,999,999 × 85 % = 16,999,999.15 → 16,999,999: one won off, absorbed
            Row(one_won.guarantee_no, 19_999_999),
            # 19,999,997 × 85 % → 16,999,997: three won off
            Row(off.guarantee_no, 19_999_997),
            Row(shinhan.guarantee_no, 1_000),
            Row(later.guarantee_no, 1_000),
            Row("NO-SUCH-1", 5),
        ],
    )

    assert (report.row_count, report.matched_count, report.difference_count) == (6, 2, 5)
    found = {(d.kind, d.guarantee_no) for d in report.differences.all()}
    assert found == {
        ("balance", off.guarantee_no),
        ("unknown", shinhan.guarantee_no),
        ("unknown", later.guarantee_no),
        ("unknown", "NO-SUCH-1"),
        ("missing", missing.guarantee_no),
    }
    balance = report.differences.get(kind="balance")
    assert (balance.expected_exposure_krw, balance.book_exposure_krw) == (16_999_997, 17_000_000)
    assert report.differences.get(kind="missing").book_exposure_krw == 8_500_000
    # another bank's guarantee is reported as unknown, without its book figures
    assert report.differences.get(guarantee_no=shinhan.guarantee_no).guarantee_id is None
    assert JournalEntry.objects.count() == entries
    assert not GuaranteeEvent.objects.exists()


def test_the_month_must_have_ended(ibk_source):
    from django.utils import timezone

    with pytest.raises(BankProblem) as refused:
        reconciliation.monthly_report_receive(
            source=ibk_source, month=f"{timezone.localdate():%Y-%m}", rows=[]
        )
    assert refused.value.code == "month_not_ended"


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "26-01", "", "2026-02-01", "0000-01"])
def test_a_bad_month_is_refused(ibk_source, month):
    with pytest.raises(BankProblem) as refused:
        reconciliation.monthly_report_receive(source=ibk_source, month=month, rows=[])
    assert refused.value.code == "validation_failed"
    assert refused.value.errors[0]["field"] == "month"


def test_every_bad_row_is_named_and_nothing_is_kept(ibk_source, make_bank_guarantee):
    g = make_bank_guarantee()
    with pytest.raises(BankProblem) as refused:
        reconciliation.monthly_report_receive(
            source=ibk_source,
            month="2026-02",
            rows=[Row(g.guarantee_no, 1), Row("", 2), Row(g.guarantee_no, -1), Row("X" * 31, 1)],
        )
    fields = [e["field"] for e in refused.value.errors]
    assert fields == [
        "rows[1].guarantee_no",
        "rows[2].loan_balance_krw",
        "rows[2].guarantee_no",
        "rows[3].guarantee_no",
    ]
    assert not MonthlyReport.objects.exists()


def test_staff_resolve_a_difference_without_touching_the_book(
    ibk_source, make_bank_guarantee, make_user
):
    make_bank_guarantee()
    report = reconciliation.monthly_report_receive(source=ibk_source, month="2026-02", rows=[])
    difference = report.differences.get()
    staff = make_user("reviewer", "NAMDONG")

    done = reconciliation.reconciliation_difference_resolve(
        difference_id=difference.id, actor=staff, resolution="은행에 확인: 보고 누락"
    )

    assert done.resolved_by == staff and done.resolved_at is not None
    with pytest.raises(BankProblem) as refused:
        reconciliation.reconciliation_difference_resolve(
            difference_id=difference.id, actor=staff, resolution="다시"
        )
    assert refused.value.code == "already_resolved"
    assert ReconciliationDifference.objects.filter(resolved_at__isnull=True).count() == 0
