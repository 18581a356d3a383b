"""Book base-asset rows (the interchange format's base_assets.csv columns) into the journal."""

from __future__ import annotations

from collections.abc import Iterable

from ledger.services import contribution_record, loss_closing_record
from programs.models import Program


def book_base_assets(rows: Iterable[tuple]) -> int:
    """(date, kind, category, contributor, program_code, amount_krw, memo) → entries.

    Idempotent through each entry's key; returns the number of rows seen.
    """
    program_ids = dict(Program.objects.values_list("code", "id"))
    count = 0
    for date, kind, category, contributor, program_code, amount, memo in rows:
        if kind == "contribution":
            contribution_record(
                date=date,
                category=category,
                amount_krw=int(amount),
                contributor=contributor,
                memo=memo,
                program_id=program_ids.get(program_code) if program_code else None,
            )
        else:
            loss_closing_record(date=date, amount_krw=int(amount), memo=memo)
        count += 1
    return count
