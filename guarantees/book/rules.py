"""What a guarantee event does to a guarantee's balances, and the journal lines that say so.

One place for the rules, used by the loader (import_book, seed_demo) and by the staff
services, so that a row imported and the same event entered on a page book the same entry.

Balances per guarantee: exposure (memo.exposure), open accident amount (memo.accident) and
recourse claim (recourse_claims). Neither exposure nor claim may go below zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from common.errors import DomainError
from ledger import chart

from . import vocabulary
from .vocabulary import Effect


class RuleError(DomainError, ValueError):
    """An event that cannot happen to this guarantee now (column, Korean reason)."""

    code = "book_rule"

    def __init__(self, column: str, reason: str):
        self.column = column
        self.reason = reason
        super().__init__(reason)


@dataclass
class State:
    exposure: int = 0
    accident: int = 0
    claim: int = 0
    matures_on: dt.date | None = None
    subrogated_on: dt.date | None = None
    terminated_on: dt.date | None = None


def event_moves(
    state: State,
    *,
    kind: str,
    date: dt.date,
    amount: int,
    issued_on: dt.date,
    new_matures_on: dt.date | None = None,
) -> dict[str, int]:
    """The balance movements of one event; raises RuleError when it is impossible."""
    if date < issued_on:
        raise RuleError("date", f"보증 발급일({issued_on}) 이전의 사건입니다")
    if amount < 0:
        raise RuleError("amount_krw", "금액은 0원 이상이어야 합니다")
    event = vocabulary.kind(kind)
    if event is None:
        raise RuleError("event", f"알 수 없는 사건 구분입니다: {kind!r}")
    moves: dict[str, int] = {}
    _check_event(event.code, state, date=date, amount=amount, new_matures_on=new_matures_on)
    if event.exposure is Effect.DECREASE:
        if amount > state.exposure:
            raise RuleError("amount_krw", f"보증잔액이 음수가 됩니다 (잔액 {state.exposure}원)")
        moves["exposure"] = -amount
    elif event.exposure is Effect.RELEASE:
        moves["exposure"] = -state.exposure
    elif event.exposure is Effect.RENEW:
        moves["renewed"] = amount
    if event.accident is Effect.RAISE:
        moves["accident"] = amount
    elif event.accident is Effect.LOWER:
        moves["accident"] = -amount
    elif event.accident is Effect.CLEAR:
        moves["accident"] = -max(state.accident, 0)
    if event.claim is Effect.OPEN:
        moves["claim"] = amount
    elif event.claim is Effect.DECREASE:
        if amount > state.claim:
            raise RuleError("amount_krw", f"구상채권 잔액이 음수가 됩니다 (잔액 {state.claim}원)")
        moves["claim"] = -amount
    elif event.claim is Effect.RELEASE:
        moves["claim"] = -state.claim
    return moves


def _check_event(
    code: str, state: State, *, date: dt.date, amount: int, new_matures_on: dt.date | None
) -> None:
    """What a kind asks beyond its effects on the balances (the sequence rules)."""
    event = vocabulary.BY_CODE[code]
    touches_guarantee = event.exposure is not Effect.NONE or event.accident is not Effect.NONE
    if state.terminated_on is not None and touches_guarantee:
        raise RuleError(
            "date",
            f"해지({state.terminated_on})된 보증에는 {event.label} 사건을 기록할 수 없습니다",
        )
    if code == "normalization" and state.accident <= 0:
        # (a normalisation larger than the open accident amount is kept as before: the demo
        # book has them, and its figures must not change)
        raise RuleError("event", "보증사고가 없는 보증은 정상화할 수 없습니다")
    if code == "subrogation" and amount > state.exposure:
        raise RuleError("amount_krw", f"대위변제 금액이 보증잔액({state.exposure:,}원)보다 큽니다")
    if code == "termination" and amount and amount != state.exposure:
        raise RuleError("amount_krw", f"해지 금액이 남은 보증잔액({state.exposure}원)과 다릅니다")
    if code == "extension":
        if new_matures_on is None or new_matures_on <= date:
            raise RuleError("new_matures_on", "새 만기일이 연장일 이후가 아닙니다")
        if state.exposure <= 0:
            raise RuleError("guarantee_no", "보증잔액이 없는 보증은 연장할 수 없습니다")


def apply_moves(state: State, *, kind: str, date: dt.date, moves: dict, new_matures_on=None):
    state.exposure += moves.get("exposure", 0)
    state.accident += moves.get("accident", 0)
    state.claim += moves.get("claim", 0)
    event = vocabulary.kind(kind)
    if event is not None and event.exposure is Effect.RENEW:
        state.matures_on = new_matures_on
    if event is not None and event.claim is Effect.OPEN and state.subrogated_on is None:
        state.subrogated_on = date
    if kind == "termination" and state.terminated_on is None:
        state.terminated_on = date


def event_lines(
    kind: str, moves: dict[str, int], *, proceeds_krw: int = 0
) -> list[tuple[str, int]]:
    """(account code, signed amount) lines of the event's entry; empty when nothing moves.

    `proceeds_krw` is the cash a sale (매각) brings; the rest of the claim sold is a loss.
    """
    lines: list[tuple[str, int]] = []
    move = moves.get("exposure", 0)
    if move:
        lines += [(chart.EXPOSURE, move), (chart.EXPOSURE_CONTRA, -move)]
    renewed = moves.get("renewed", 0)
    if renewed:
        # 기한연장: the old term's exposure closes and the same amount opens for the new term.
        lines += [(chart.EXPOSURE, -renewed), (chart.EXPOSURE, renewed)]
    move = moves.get("accident", 0)
    if move:
        lines += [(chart.ACCIDENT_MEMO, move), (chart.ACCIDENT_CONTRA, -move)]
    move = moves.get("claim", 0)
    if move > 0:  # subrogation: the foundation pays the bank
        lines += [(chart.RECOURSE_CLAIMS, move), (chart.CASH, -move)]
    elif move < 0:
        if kind == "recovery":
            lines += [(chart.RECOURSE_CLAIMS, move), (chart.CASH, -move)]
        elif kind == "sale":
            proceeds = min(max(proceeds_krw, 0), -move)
            lines.append((chart.RECOURSE_CLAIMS, move))
            if proceeds:
                lines.append((chart.CASH, proceeds))
            if -move - proceeds:
                lines.append((chart.CLAIM_SALE_LOSS, -move - proceeds))
        else:  # write_off, cancellation, principal_reduction
            lines += [(chart.RECOURSE_CLAIMS, move), (chart.CLAIM_WRITE_OFF_EXPENSE, -move)]
    return lines
