"""Reads over the guarantee book, all from the journal (DESIGN.md "The council report").

Definitions, so that every figure is reproducible:
- supply in Y = issuance entries + extension entries dated in Y: count of entries, amount =
  their debits on `memo.exposure` (an extension re-books the exposure it renews);
- balance at the end of Y = guarantees whose `memo.exposure` balance is > 0 on 12-31;
- accidents / normalisations = `accident` / `normalization` entries in Y, amount = their
  debit on `memo.accident` / `memo.accident_contra`;
- subrogations (구상채권 발생) = `subrogation` entries, amount = their debit on recourse claims;
- recoveries / write-offs = `recovery` / `write_off` entries, amount = their credit on recourse
  claims;
- recourse-claim balance and base assets = account balances on 12-31.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from ledger import chart
from ledger.models import EntryKind
from ledger.selectors import balance, base_assets
from ledger.services import account_id

# metric → (entry kinds, account, sign of the postings that carry the amount)
_FLOWS: dict[str, tuple[tuple[str, ...], str, int]] = {
    "supply": (
        (EntryKind.GUARANTEE_ISSUE, EntryKind.GUARANTEE_EXTENSION),
        chart.EXPOSURE,
        +1,
    ),
    "accidents": ((EntryKind.ACCIDENT,), chart.ACCIDENT_MEMO, +1),
    "normalizations": ((EntryKind.NORMALIZATION,), chart.ACCIDENT_CONTRA, +1),
    "subrogations": ((EntryKind.SUBROGATION,), chart.RECOURSE_CLAIMS, +1),
    "recoveries": ((EntryKind.RECOVERY,), chart.RECOURSE_CLAIMS, -1),
    "write_offs": ((EntryKind.WRITE_OFF,), chart.RECOURSE_CLAIMS, -1),
}


def flow(*, metric: str, start: dt.date, end: dt.date, **dimensions) -> dict[str, int]:
    """{count, amount_krw} of one flow metric between two dates (inclusive)."""
    kinds, account, sign = _FLOWS[metric]
    where = ["p.account_id = %s", "p.entry_date BETWEEN %s AND %s", "e.kind = ANY(%s)"]
    params: list = [account_id(account), start, end, [str(k) for k in kinds]]
    where.append("p.amount_krw > 0" if sign > 0 else "p.amount_krw < 0")
    for name, value in dimensions.items():
        where.append(f"p.{name} = %s")  # name comes from code (branch_id, program_id)
        params.append(value)
    sql = (
        "SELECT count(DISTINCT p.entry_id), coalesce(sum(abs(p.amount_krw)), 0) "
        "FROM ledger_posting p JOIN ledger_journalentry e ON e.id = p.entry_id "
        f"WHERE {' AND '.join(where)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, amount = cursor.fetchone()
    return {"count": int(count), "amount_krw": int(amount)}


def outstanding_guarantees(*, at: dt.date) -> dict[str, int]:
    """보증잔액: {count of guarantees with exposure > 0, total exposure} at `at`."""
    sql = (
        "SELECT count(*), coalesce(sum(total), 0) FROM ("
        "  SELECT guarantee_id, sum(amount_krw) AS total FROM ledger_posting"
        "  WHERE account_id = %s AND entry_date <= %s GROUP BY guarantee_id"
        ") g WHERE total > 0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [account_id(chart.EXPOSURE), at])
        count, amount = cursor.fetchone()
    return {"count": int(count), "amount_krw": int(amount)}


def book_summary(*, year: int) -> dict:
    """The year's book figures in won (the `book_summary --json` dict)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    summary: dict = {"year": year}
    summary["supply"] = flow(metric="supply", start=start, end=end)
    summary["balance"] = outstanding_guarantees(at=end)
    for metric in ("accidents", "normalizations", "subrogations", "recoveries", "write_offs"):
        summary[metric] = flow(metric=metric, start=start, end=end)
    summary["claims_balance_krw"] = balance(accounts=[chart.RECOURSE_CLAIMS], at=end)
    summary["base_assets_krw"] = base_assets(end)
    return summary


def guarantee_balances(*, guarantee_id: int, at: dt.date | None = None) -> dict[str, int]:
    """One guarantee's exposure, open accident amount and recourse-claim balance."""
    at = at or dt.date.max
    return {
        "exposure_krw": balance(accounts=[chart.EXPOSURE], at=at, guarantee_id=guarantee_id),
        "accident_krw": balance(accounts=[chart.ACCIDENT_MEMO], at=at, guarantee_id=guarantee_id),
        "claim_krw": balance(accounts=[chart.RECOURSE_CLAIMS], at=at, guarantee_id=guarantee_id),
    }
