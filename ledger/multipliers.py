"""보증운용배수 (guarantee multiplier) by date and scope, computed from the journal, and the
snapshot rows the dashboard reads.

multiplier(D) = outstanding exposure(D) ÷ base assets(D) for the foundation; a programme's is
its exposure ÷ its funding (programs.funding, through ledger.program_scope); a branch has
exposure only.
Multipliers are strings with two decimals, rounded half up once (common.money.ratio).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from branches.models import OrgUnit
from common.money import ratio

from . import chart
from .models import MultiplierScope, MultiplierSnapshot, PostingDayTotal
from .program_scope import program_funding
from .selectors import base_assets, outstanding_exposure
from .services import account_id


def _fmt(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _exposure(at: dt.date) -> tuple[int, dict[int, int], dict[int, int]]:
    """Outstanding exposure at `at`: in all, by programme and by branch, from one query over
    the daily totals (rows per programme × branch, however big the book)."""
    rows = (
        PostingDayTotal.objects.filter(account_id=account_id(chart.EXPOSURE), entry_date__lte=at)
        .values_list("program_id", "branch_id")
        .annotate(total=Sum("amount_krw"))
        .order_by()
    )
    outstanding = 0
    by_program: dict[int, int] = {}
    by_branch: dict[int, int] = {}
    for program_id, branch_id, total in rows:
        total = int(total)  # SUM(bigint) is numeric in PostgreSQL
        outstanding += total
        if program_id is not None:
            by_program[program_id] = by_program.get(program_id, 0) + total
        if branch_id is not None:
            by_branch[branch_id] = by_branch.get(branch_id, 0) + total
    return outstanding, by_program, by_branch


def compute_multipliers(*, date: dt.date) -> dict:
    """The figures of `compute_multipliers --json` for `date` (read only)."""
    outstanding, by_program, by_branch = _exposure(date)
    base = base_assets(date)
    programs = []
    for program in program_funding(date):
        exposure = by_program.get(program.program_id, 0)
        if not exposure and not program.funding_krw:
            continue
        programs.append(
            {
                "program_code": program.code,
                "outstanding_krw": exposure,
                "funding_krw": program.funding_krw,
                "multiplier": _fmt(ratio(exposure, program.funding_krw)),
            }
        )
    branch_ids = set(by_branch) | set(
        OrgUnit.objects.filter(kind="branch").values_list("id", flat=True)
    )
    codes = dict(OrgUnit.objects.filter(id__in=branch_ids).values_list("id", "code"))
    branches = sorted(
        ({"branch_code": codes[i], "outstanding_krw": by_branch.get(i, 0)} for i in branch_ids),
        key=lambda row: row["branch_code"],
    )
    return {
        "date": date.isoformat(),
        "outstanding_krw": outstanding,
        "base_assets_krw": base,
        "multiplier": _fmt(ratio(outstanding, base)),
        "programs": programs,
        "branches": branches,
    }


def multiplier_snapshot_store(*, date: dt.date) -> dict:
    """Compute and store the snapshots of `date`: one row per date and scope, upserted on the
    unique key, so running twice (even at the same moment) leaves one row per scope with the
    latest figures. Returns the computed figures."""
    with transaction.atomic():
        # Two runs for the same date take turns (the upsert alone would already leave one
        # row per scope; the lock also makes the second run see the first one's rows).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, date.toordinal()])
        return _store(date)


_LOCK_CLASS = 0x6D756C74  # "mult": advisory-lock namespace of the snapshot job


def _store(date: dt.date) -> dict:
    figures = compute_multipliers(date=date)
    now = timezone.now()
    rows = [
        MultiplierSnapshot(
            date=date,
            scope=MultiplierScope.FOUNDATION,
            scope_code="",
            outstanding_krw=figures["outstanding_krw"],
            base_krw=figures["base_assets_krw"],
            multiplier=figures["multiplier"],
            computed_at=now,
        )
    ]
    rows += [
        MultiplierSnapshot(
            date=date,
            scope=MultiplierScope.PROGRAM,
            scope_code=row["program_code"],
            outstanding_krw=row["outstanding_krw"],
            base_krw=row["funding_krw"],
            multiplier=row["multiplier"],
            computed_at=now,
        )
        for row in figures["programs"]
    ]
    rows += [
        MultiplierSnapshot(
            date=date,
            scope=MultiplierScope.BRANCH,
            scope_code=row["branch_code"],
            outstanding_krw=row["outstanding_krw"],
            base_krw=None,
            multiplier=None,
            computed_at=now,
        )
        for row in figures["branches"]
    ]
    # INSERT … ON CONFLICT (date, scope, scope_code) DO UPDATE: atomic in PostgreSQL.
    MultiplierSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["date", "scope", "scope_code"],
        update_fields=["outstanding_krw", "base_krw", "multiplier", "computed_at"],
    )
    return figures


def projected_multiplier(*, date: dt.date, extra_krw: int) -> str | None:
    """The foundation's multiplier if `extra_krw` more were guaranteed on `date` (what an
    approver sees before approving), as the same two-decimal string."""
    outstanding = outstanding_exposure(date)
    return _fmt(ratio(outstanding + extra_krw, base_assets(date)))
