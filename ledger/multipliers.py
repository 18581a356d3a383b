"""보증운용배수 (guarantee multiplier) by date and scope, computed from the journal, and the
snapshot rows the dashboard reads.

multiplier(D) = outstanding exposure(D) ÷ base assets(D) for the foundation; a programme's is
its exposure ÷ its funding (Program.funding_krw); a branch has exposure only.
Multipliers are strings with two decimals, rounded half up once (ledger.money.ratio).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from branches.models import OrgUnit
from programs.models import Program

from . import chart
from .models import MultiplierScope, MultiplierSnapshot, Posting
from .money import ratio
from .selectors import base_assets


def _fmt(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _exposure_by(dimension: str, at: dt.date) -> dict[int, int]:
    rows = (
        Posting.objects.filter(account__code=chart.EXPOSURE, entry_date__lte=at)
        .exclude(**{f"{dimension}__isnull": True})
        .values(dimension)
        .annotate(total=Sum("amount_krw"))
    )
    return {row[dimension]: int(row["total"]) for row in rows}


def compute_multipliers(*, date: dt.date) -> dict:
    """The figures of `compute_multipliers --json` for `date` (read only)."""
    outstanding = int(
        Posting.objects.filter(account__code=chart.EXPOSURE, entry_date__lte=date).aggregate(
            total=Sum("amount_krw")
        )["total"]
        or 0
    )
    base = base_assets(date)
    by_program = _exposure_by("program_id", date)
    by_branch = _exposure_by("branch_id", date)
    programs = []
    for program in Program.objects.order_by("code"):
        exposure = by_program.get(program.id, 0)
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
