"""Programme capacity (보증공급 한도): reserved by approvals, released by expiry, objection or
rejection after approval. One guarded UPDATE each, so concurrent approvals can never
over-commit: PostgreSQL re-checks the WHERE clause on the row it locks."""

from __future__ import annotations

from django.db import connection

from common.money import format_korean_amount, format_korean_total

from .funding import FUNDING_SQL
from .models import Program


class CapacityExhausted(Exception):
    """The programme's remaining capacity is smaller than the amount (message in Korean)."""


def _capacity_sql() -> str:
    # capacity = the explicit amount, or funding × multiple rounded down (Program.capacity_krw),
    # the funding being the contributions booked to the programme (programs.funding).
    return f"COALESCE(capacity_override_krw, FLOOR({FUNDING_SQL} * multiple)::bigint)"


def capacity_reserve(*, program_id: int, amount_krw: int) -> int:
    """Add `amount_krw` to the programme's committed total if it fits; return the new total.

    Runs in the caller's transaction (the approval's), so a failed approval releases nothing
    it did not take.
    """
    if amount_krw <= 0:
        raise ValueError("amount_krw must be positive")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE programs_program
               SET committed_krw = committed_krw + %s
             WHERE id = %s AND committed_krw + %s <= {_capacity_sql()}
         RETURNING committed_krw
            """,  # nosec B608  # _capacity_sql() is SQL from code; values are parameters
            [amount_krw, program_id, amount_krw],
        )
        row = cursor.fetchone()
    if row is None:
        program = Program.objects.get(pk=program_id)
        raise CapacityExhausted(
            f"'{program.name}'의 남은 보증 한도({format_korean_total(program.remaining_krw)})가 "
            f"승인 금액({format_korean_amount(amount_krw)})보다 적어 승인할 수 없습니다."
        )
    return row[0]


def capacity_release(*, program_id: int, amount_krw: int) -> int:
    """Give back a reservation (expiry, objection, rejection after approval)."""
    if amount_krw <= 0:
        raise ValueError("amount_krw must be positive")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE programs_program
               SET committed_krw = committed_krw - %s
             WHERE id = %s AND committed_krw >= %s
         RETURNING committed_krw
            """,
            [amount_krw, program_id, amount_krw],
        )
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError(f"programme {program_id}: release of {amount_krw} exceeds committed")
    return row[0]
