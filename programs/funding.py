"""A programme's money: its funding (재원) is the contributions booked to it in the journal.

Funding at D = the balance of the base-asset accounts carrying the programme dimension, on or
before D (contributions are credits there, so funding = −Σ postings). Capacity (보증공급 한도)
= funding × the programme's multiple, rounded down, unless a set amount is given. A new
contribution raises the capacity at once; the guarded reservation (programs.services) reads
the same sum inside its UPDATE.

Registered with the ledger at start-up (programs/apps.py → ledger.program_scope), so the
ledger's programme multipliers read the programme's own definition of its funding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Sum

from common.money import apply_percent
from ledger.models import Posting
from ledger.program_scope import ProgramFunding

from .models import Program

# The same sum in SQL, for the guarded UPDATE of programs_program (programs.services).
FUNDING_SQL = """
    (SELECT COALESCE(-SUM(fp.amount_krw), 0)::bigint
       FROM ledger_posting fp
       JOIN ledger_account fa ON fa.id = fp.account_id
      WHERE fa.is_base_asset AND fp.program_id = programs_program.id)
"""


def funding_by_program(
    *, at: dt.date | None = None, program_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Booked funding per programme id (one aggregate query); programmes with none are absent."""
    qs = Posting.objects.filter(account__is_base_asset=True, program__isnull=False)
    if at is not None:
        qs = qs.filter(entry_date__lte=at)
    if program_ids is not None:
        qs = qs.filter(program_id__in=list(program_ids))
    return {
        pid: -int(total)
        for pid, total in qs.values_list("program_id").annotate(total=Sum("amount_krw"))
        if total
    }


def capacity_for(program: Program, funding_krw: int) -> int:
    """보증공급 한도 = 재원 × 운용배수 (rounded down), or the set amount."""
    if program.capacity_override_krw is not None:
        return program.capacity_override_krw
    return apply_percent(funding_krw, program.multiple * 100)


def program_funding_at(at: dt.date) -> list[ProgramFunding]:
    """Every programme's funding and capacity at `at`, by code (two queries)."""
    funding = funding_by_program(at=at)
    rows = []
    for program in Program.objects.order_by("code"):
        krw = funding.get(program.id, 0)
        rows.append(
            ProgramFunding(
                program_id=program.id,
                code=program.code,
                name=program.name,
                funding_krw=krw,
                capacity_krw=capacity_for(program, krw),
            )
        )
    return rows
