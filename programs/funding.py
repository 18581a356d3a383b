"""A programme's money as the multiplier sees it: its funding and its capacity at a date.

Registered with the ledger at start-up (programs/apps.py → ledger.program_scope), so the
ledger's programme multipliers read the programme's own definition of its funding.
"""

from __future__ import annotations

import datetime as dt

from ledger.program_scope import ProgramFunding

from .models import Program


def program_funding_at(at: dt.date) -> list[ProgramFunding]:
    """Every programme's funding (재원) and capacity (보증공급 한도) at `at`, by code.

    Funding is the programme's `funding_krw` today (the same at every date)."""
    return [
        ProgramFunding(
            program_id=program.id,
            code=program.code,
            name=program.name,
            funding_krw=program.funding_krw,
            capacity_krw=program.capacity_krw,
        )
        for program in Program.objects.order_by("code")
    ]
