"""The multiplier for a date and the year's book summary, vs hand-written SQL.

The references are what a DBA would write by hand for the same figures: one statement each,
account codes joined in SQL, nothing from our selectors. Each run's results are compared
(a fast but wrong path fails the row)."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from .timing import Row, alternate

MULTIPLIER_SQL = """
WITH exposure AS (
  SELECT p.program_id, p.branch_id,
         GROUPING(p.program_id) AS by_all_programs, GROUPING(p.branch_id) AS by_all_branches,
         sum(p.amount_krw) AS total
  FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
  WHERE a.code = 'memo.exposure' AND p.entry_date <= %(date)s
  GROUP BY GROUPING SETS ((), (p.program_id), (p.branch_id))
)
SELECT 'all', NULL, total FROM exposure WHERE by_all_programs = 1 AND by_all_branches = 1
UNION ALL
SELECT 'programs', g.code, x.total FROM exposure x JOIN programs_program g ON g.id = x.program_id
 WHERE x.by_all_programs = 0
UNION ALL
SELECT 'branches', o.code, x.total FROM exposure x JOIN branches_orgunit o ON o.id = x.branch_id
 WHERE x.by_all_branches = 0
UNION ALL
SELECT 'base', NULL, -coalesce(sum(p.amount_krw), 0)
  FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
 WHERE a.is_base_asset AND p.entry_date <= %(date)s
"""


def multiplier_reference(date: dt.date) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(MULTIPLIER_SQL, {"date": date})
        rows = cursor.fetchall()
    figures = {"outstanding": 0, "base": 0, "programs": {}, "branches": {}}
    for kind, code, total in rows:
        if kind == "all":
            figures["outstanding"] = int(total)
        elif kind == "base":
            figures["base"] = int(total)
        elif total:
            figures[kind][code] = int(total)
    return figures


def _multiplier_comparable(ours: dict) -> dict:
    return {
        "outstanding": ours["outstanding_krw"],
        "base": ours["base_assets_krw"],
        "programs": {
            r["program_code"]: r["outstanding_krw"]
            for r in ours["programs"]
            if r["outstanding_krw"]
        },
        "branches": {
            r["branch_code"]: r["outstanding_krw"] for r in ours["branches"] if r["outstanding_krw"]
        },
    }


def multiplier_row(*, runs: int, warmup: int, date: dt.date, target: float) -> Row:
    from ledger.multipliers import compute_multipliers

    ours_s, ref_s, ours, ref = alternate(
        lambda: compute_multipliers(date=date),
        lambda: multiplier_reference(date),
        runs=runs,
        warmup=warmup,
    )
    row = Row(
        name=f"multiplier {date}",
        ours_s=ours_s,
        reference_s=ref_s,
        target=target,
        notes=f"foundation {ours['multiplier']}×, {len(ours['programs'])} programmes, "
        f"{len(ours['branches'])} branches; reference: one SQL SUM with GROUPING SETS",
    )
    if _multiplier_comparable(ours) != ref:
        row.problems.append(f"figures differ: ours {_multiplier_comparable(ours)} vs SQL {ref}")
    return row


SUMMARY_SQL = """
WITH flows AS (
  SELECT
    count(DISTINCT p.entry_id) FILTER (WHERE a.code = 'memo.exposure' AND p.amount_krw > 0
        AND e.kind IN ('guarantee_issue', 'guarantee_extension')) AS supply_n,
    coalesce(sum(p.amount_krw) FILTER (WHERE a.code = 'memo.exposure' AND p.amount_krw > 0
        AND e.kind IN ('guarantee_issue', 'guarantee_extension')), 0) AS supply_krw,
    count(DISTINCT p.entry_id) FILTER (WHERE a.code = 'memo.accident' AND p.amount_krw > 0
        AND e.kind = 'accident') AS accidents_n,
    coalesce(sum(p.amount_krw) FILTER (WHERE a.code = 'memo.accident' AND p.amount_krw > 0
        AND e.kind = 'accident'), 0) AS accidents_krw,
    count(DISTINCT p.entry_id) FILTER (WHERE a.code = 'memo.accident_contra'
        AND p.amount_krw > 0 AND e.kind = 'normalization') AS normalizations_n,
    coalesce(sum(p.amount_krw) FILTER (WHERE a.code = 'memo.accident_contra'
        AND p.amount_krw > 0 AND e.kind = 'normalization'), 0) AS normalizations_krw,
    count(DISTINCT p.entry_id) FILTER (WHERE a.code = 'recourse_claims' AND p.amount_krw > 0
        AND e.kind = 'subrogation') AS subrogations_n,
    coalesce(sum(p.amount_krw) FILTER (WHERE a.code = 'recourse_claims' AND p.amount_krw > 0
        AND e.kind = 'subrogation'), 0) AS subrogations_krw,
    count(DISTINCT p.entry_id) FILTER (WHERE a.code = 'recourse_claims' AND p.amount_krw < 0
        AND e.kind = 'recovery') AS recoveries_n,
    coalesce(-sum(p.amount_krw) FILTER (WHERE a.code = 'recourse_claims' AND p.amount_krw < 0
        AND e.kind = 'recovery'), 0) AS recoveries_krw,
    count(DISTINCT p.entry_id) FILTER (WHERE a.code = 'recourse_claims' AND p.amount_krw < 0
        AND e.kind = 'write_off') AS write_offs_n,
    coalesce(-sum(p.amount_krw) FILTER (WHERE a.code = 'recourse_claims' AND p.amount_krw < 0
        AND e.kind = 'write_off'), 0) AS write_offs_krw
  FROM ledger_posting p
  JOIN ledger_journalentry e ON e.id = p.entry_id
  JOIN ledger_account a ON a.id = p.account_id
  WHERE p.entry_date BETWEEN %(start)s AND %(end)s
), alive AS (
  SELECT count(*) AS n, coalesce(sum(total), 0) AS krw FROM (
    SELECT p.guarantee_id, sum(p.amount_krw) AS total
    FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
    WHERE a.code = 'memo.exposure' AND p.entry_date <= %(end)s
    GROUP BY p.guarantee_id) g
  WHERE total > 0
), balances AS (
  SELECT coalesce(sum(p.amount_krw) FILTER (WHERE a.code = 'recourse_claims'), 0) AS claims,
         -coalesce(sum(p.amount_krw) FILTER (WHERE a.is_base_asset), 0) AS base
  FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
  WHERE (a.code = 'recourse_claims' OR a.is_base_asset) AND p.entry_date <= %(end)s
)
SELECT flows.*, alive.n, alive.krw, balances.claims, balances.base
FROM flows, alive, balances
"""

_METRICS = ("supply", "accidents", "normalizations", "subrogations", "recoveries", "write_offs")


def summary_reference(year: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(SUMMARY_SQL, {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)})
        row = [int(v) for v in cursor.fetchone()]
    figures: dict = {"year": year}
    for i, metric in enumerate(_METRICS):
        figures[metric] = {"count": row[2 * i], "amount_krw": row[2 * i + 1]}
    n, krw, claims, base = row[12:]
    figures["balance"] = {"count": n, "amount_krw": krw}
    figures["claims_balance_krw"] = claims
    figures["base_assets_krw"] = base
    return figures


def summary_row(*, runs: int, warmup: int, year: int, target: float) -> Row:
    from guarantees.book.selectors import book_summary

    ours_s, ref_s, ours, ref = alternate(
        lambda: book_summary(year=year),
        lambda: summary_reference(year),
        runs=runs,
        warmup=warmup,
    )
    row = Row(
        name=f"book_summary {year}",
        ours_s=ours_s,
        reference_s=ref_s,
        target=target,
        notes=f"supply {ours['supply']['count']:,}, alive at year end "
        f"{ours['balance']['count']:,}; reference: one SQL statement",
    )
    if ours != ref:
        row.problems.append(f"figures differ: ours {ours} vs SQL {ref}")
    return row
