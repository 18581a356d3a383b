"""The book's events, decided once: one row per kind of event that can happen to a guarantee
after issuance.

Every other place reads this table: the model's choices (`GuaranteeEventKind`), the rules
(`rules.event_moves`: what an event does to the balances), the services and the loader (which
journal entry kind an event books), the interchange format (which kinds `events.csv` may
carry) and the report selectors (which events count as supply). A new kind of event is a new
row here, and nowhere else.

Effects on a guarantee's three balances (exposure, open accident amount, recourse claim):

- exposure: `DECREASE` lowers it by the amount (never below zero); `RELEASE` releases all that
  is left; `RENEW` closes the old term's exposure and opens the same amount for the new term;
- accident: `RAISE` / `LOWER` by the amount; `CLEAR` closes what is open;
- claim: `OPEN` opens a recourse claim of the amount paid; `DECREASE` lowers it by the amount
  (never below zero); `RELEASE` closes all that is left.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ledger.models import EntryKind


class Effect(enum.Enum):
    NONE = "none"
    DECREASE = "decrease"
    RELEASE = "release"
    RENEW = "renew"
    RAISE = "raise"
    LOWER = "lower"
    CLEAR = "clear"
    OPEN = "open"


@dataclass(frozen=True)
class EventKind:
    code: str  # the stored value and the interchange `event` value
    label: str  # 한글 이름, as staff and the council report say it
    entry_kind: str  # the journal entry kind it books (ledger.EntryKind)
    exposure: Effect = Effect.NONE
    accident: Effect = Effect.NONE
    claim: Effect = Effect.NONE
    counts_as_supply: bool = False  # supply in a year = issuances + these events
    in_interchange: bool = True  # accepted in events.csv (DESIGN.md "Interchange")


EVENT_KINDS: tuple[EventKind, ...] = (
    EventKind("repayment", "상환(감액)", EntryKind.GUARANTEE_REPAYMENT, exposure=Effect.DECREASE),
    EventKind("termination", "해지", EntryKind.GUARANTEE_TERMINATION, exposure=Effect.RELEASE),
    EventKind(
        "extension",
        "기한연장",
        EntryKind.GUARANTEE_EXTENSION,
        exposure=Effect.RENEW,
        counts_as_supply=True,
    ),
    EventKind("accident", "보증사고", EntryKind.ACCIDENT, accident=Effect.RAISE),
    EventKind("normalization", "정상화", EntryKind.NORMALIZATION, accident=Effect.LOWER),
    EventKind(
        "subrogation",
        "대위변제",
        EntryKind.SUBROGATION,
        exposure=Effect.RELEASE,
        accident=Effect.CLEAR,
        claim=Effect.OPEN,
    ),
    EventKind("recovery", "회수", EntryKind.RECOVERY, claim=Effect.DECREASE),
    EventKind("write_off", "상각", EntryKind.WRITE_OFF, claim=Effect.DECREASE),
    EventKind("sale", "매각", EntryKind.CLAIM_SALE, claim=Effect.DECREASE, in_interchange=False),
    EventKind(
        "cancellation",
        "소각",
        EntryKind.CLAIM_CANCELLATION,
        claim=Effect.RELEASE,
        in_interchange=False,
    ),
    EventKind(
        "principal_reduction",
        "원금감면",
        EntryKind.PRINCIPAL_REDUCTION,
        claim=Effect.DECREASE,
        in_interchange=False,
    ),
)

BY_CODE: dict[str, EventKind] = {kind.code: kind for kind in EVENT_KINDS}

# Kinds the interchange's events.csv may carry, and the entry kind each books.
INTERCHANGE_CODES: frozenset[str] = frozenset(k.code for k in EVENT_KINDS if k.in_interchange)
ENTRY_KIND: dict[str, str] = {kind.code: kind.entry_kind for kind in EVENT_KINDS}
SUPPLY_ENTRY_KINDS: frozenset[str] = frozenset(
    k.entry_kind for k in EVENT_KINDS if k.counts_as_supply
)


def kind(code: str) -> EventKind | None:
    return BY_CODE.get(code)
