"""Reconciling a bank's monthly report of 50,000 rows (issue 12: ≤ 30 s), beside an honest
reference: the same rows COPYed into a temporary table and one SQL statement (the bank's
guarantees left-joined to their exposure postings, full-joined to the rows) that finds the
same differences. Each run's difference counts are compared (a fast but wrong path fails).

The report is built from the book itself: the bank with the most guarantees live at the
month end; every live guarantee reported with the loan balance that reproduces its exposure
(exposure ÷ ratio, rounded up), except every 100th (omitted: `missing`) and every 101st (one
thousand won off: `balance`); rows are then filled up to 50,000 with numbers the book does not
know (`unknown`). Ours is the whole service (parse, check, reconcile, store the report and its
differences); each run is rolled back so that the book is as before.
"""

from __future__ import annotations

import datetime as dt
import io
import math

from django.db import connection, transaction

from .timing import Row, alternate

ROWS = 50_000
LIMIT_S = 30.0


class _Rollback(Exception):
    pass


def _pick(month_end: dt.date):
    from ledger import chart
    from ledger.services import account_id

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT g.bank_name, count(*) FROM (
              SELECT g.id, g.bank_name FROM guarantees_guarantee g
                JOIN ledger_posting p ON p.guarantee_id = g.id
               WHERE p.account_id = %s AND p.entry_date <= %s AND g.issued_on <= %s
               GROUP BY g.id HAVING sum(p.amount_krw) > 0) g
             GROUP BY g.bank_name ORDER BY 2 DESC, 1 LIMIT 1
            """,
            [account_id(chart.EXPOSURE), month_end, month_end],
        )
        found = cursor.fetchone()
    if found is None:
        raise SystemExit(f"bench: no live guarantee at {month_end} in this book")
    return found[0]


def build_rows(bank_name: str, month_end: dt.date):
    from guarantees.bank.reconciliation import Row as ReportRow
    from guarantees.bank.reconciliation import book_exposures

    book = book_exposures(bank_name, month_end)
    rows = []
    live = [(no, ratio, exposure) for no, (_id, ratio, exposure) in book.items() if exposure > 0]
    for i, (no, ratio, exposure) in enumerate(sorted(live)):
        if len(rows) >= ROWS:
            break
        if i % 100 == 99:
            continue
        balance = math.ceil(exposure * 100 / float(ratio))
        if i % 101 == 100:
            balance += 1000
        rows.append(ReportRow(no, balance))
    n = 0
    while len(rows) < ROWS:
        n += 1
        rows.append(ReportRow(f"BENCH-UNKNOWN-{n:07d}", 1_000_000))
    return rows


REFERENCE_SQL = """
WITH book AS (
  SELECT g.guarantee_no, g.guarantee_ratio_pct AS ratio, COALESCE(SUM(p.amount_krw), 0) AS exposure
    FROM guarantees_guarantee g
    LEFT JOIN ledger_posting p
      ON p.guarantee_id = g.id AND p.account_id = %(account)s AND p.entry_date <= %(end)s
   WHERE g.bank_name = %(bank)s AND g.issued_on <= %(end)s
   GROUP BY g.id
)
SELECT CASE
         WHEN r.guarantee_no IS NULL THEN 'missing'
         WHEN b.guarantee_no IS NULL OR b.exposure <= 0 THEN 'unknown'
         ELSE 'balance' END AS kind,
       count(*)
  FROM bench_rows r
  FULL JOIN book b ON b.guarantee_no = r.guarantee_no
 WHERE (r.guarantee_no IS NULL AND b.exposure > 0)
    OR (r.guarantee_no IS NOT NULL AND (b.guarantee_no IS NULL OR b.exposure <= 0))
    OR (r.guarantee_no IS NOT NULL AND b.exposure > 0
        AND abs(floor(r.balance * b.ratio / 100) - b.exposure) > 1)
 GROUP BY 1
"""


def reference(bank_name: str, month_end: dt.date, rows) -> dict[str, int]:
    from ledger import chart
    from ledger.services import account_id

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_rows (guarantee_no text, balance bigint) ON COMMIT DROP"
        )
        buffer = io.StringIO("".join(f"{r.guarantee_no}\t{r.loan_balance_krw}\n" for r in rows))
        with cursor.copy("COPY bench_rows FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        cursor.execute(
            REFERENCE_SQL,
            {"account": account_id(chart.EXPOSURE), "end": month_end, "bank": bank_name},
        )
        return {kind: int(count) for kind, count in cursor.fetchall()}


def ours(bank, month: str, rows) -> dict[str, int]:
    from guarantees.bank.reconciliation import monthly_report_receive
    from guarantees.bank.sources import ReportSource

    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            report = monthly_report_receive(source=ReportSource(bank=bank), month=month, rows=rows)
            for kind in report.differences.values_list("kind", flat=True):
                counts[kind] = counts.get(kind, 0) + 1
            raise _Rollback
    except _Rollback:
        pass
    return counts


def reconciliation_row(*, runs: int, warmup: int, month: str = "2021-12") -> Row:
    from guarantees.bank.reconciliation import month_end, parse_month
    from programs.models import Bank

    end = month_end(parse_month(month))
    bank_name = _pick(end)
    bank, _ = Bank.objects.get_or_create(
        name=bank_name, defaults={"code": f"BENCH{len(bank_name)}"}
    )
    rows = build_rows(bank_name, end)
    ours_s, reference_s, ours_counts, reference_counts = alternate(
        lambda: ours(bank, month, rows),
        lambda: reference(bank_name, end, rows),
        runs=runs,
        warmup=warmup,
    )
    row = Row(
        name=f"bank monthly report ({ROWS:,} rows)",
        ours_s=ours_s,
        reference_s=reference_s,
        limit_s=LIMIT_S,
        rows=ROWS,
        notes=(
            f"{bank_name} {month}: {sum(ours_counts.values()):,} differences {ours_counts}; "
            "reference: COPY + one SQL join"
        ),
    )
    if ours_counts != reference_counts:
        row.problems.append(
            f"differences disagree: ours {ours_counts}, reference {reference_counts}"
        )
    return row
