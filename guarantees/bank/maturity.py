"""기한경과 (maturity without a settlement): the nightly sweep, the same on demand.

`sweep_overdue_maturities(on=D)` does three set-based steps in one transaction:

1. **resolve**: open 기한경과 rows whose guarantee is no longer an active guarantee past that
   maturity (terminated, in default, subrogated, or extended to a later date by whatever path
   booked it) leave the list. The book services resolve them at once when they book
   (book.services.SETTLES_MATURITY); this step catches what came in another way
   (import_book's bulk load).
2. **list**: every active guarantee with `matures_on` before D, no pending extension request
   (the bank reported `extended`: the branch is deciding) and no open row gets one row, once:
   the row is keyed (guarantee, matures_on), so running the sweep twice lists nothing twice.
   A guarantee that came back to normal after an accident (normalisation) is listed again.
3. **close**: by the `MaturityPolicy` in force on the guarantee's maturity day (the rule the
   loan matured under), when `close_after_grace` is on and `matures_on + grace_days` ≤ D, the
   guarantee is terminated — unless staff have a book request pending for it (their decision
   comes first) — through the book's termination service (book.services.
   guarantee_terminations_record: the same event, rules and journal entry as any
   termination, written in bulk), releasing all the exposure left.

**The closing date** is `matures_on + grace_days` (or the guarantee's last journal date, if
later): the day the policy says the guarantee is closed, which is the day the nightly job
closes it. It does not depend on when the job ran: a missed night, a catch-up after an
outage and `seed_demo` (which sweeps a book whose loans matured years ago) book the same
entries as nightly runs would have, so that each year end's balance is honest. The cost is
that a late run books into the past by the days it was late (docs/bank-api.md "기한경과").
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from common.errors import DomainError

from ..book.selectors import guarantee_balances
from ..book.services import (
    BookError,
    Termination,
    book_request_open,
    guarantee_terminations_record,
)
from ..models import (
    BookRequest,
    BookRequestStatus,
    GuaranteeStatus,
    MaturityPolicy,
    OverdueDecisionKind,
    OverdueMaturity,
    OverdueMaturityDecision,
)

SWEEP_LOCK = 0x4D41545552  # pg_advisory_xact_lock key of the sweep ("MATUR")
POLICY_MEMO = "기한경과 정책: 만기 후 유예 기간 동안 만기 처리·사고 보고가 없어 해지"


class MaturityError(DomainError):
    code = "maturity"


@dataclass
class SweepResult:
    on: dt.date
    resolved: int = 0  # open rows taken off the list (settled some other way)
    listed: int = 0  # rows newly listed (or listed again)
    closed: int = 0  # guarantees terminated by the policy
    released_krw: int = 0  # exposure released by those terminations
    open: int = 0  # rows on the list after the sweep
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "resolved": self.resolved,
            "listed": self.listed,
            "closed": self.closed,
            "released_krw": self.released_krw,
            "open": self.open,
        }


def policy_in_force(day: dt.date) -> MaturityPolicy:
    policy = MaturityPolicy.objects.filter(effective_from__lte=day).first()  # newest first
    if policy is None:
        raise MaturityError(f"{day}에 적용할 기한경과 정책이 없습니다.")
    return policy


# The policy in force on a guarantee's maturity day, as SQL (a lateral join on g.matures_on).
_POLICY = (
    "LEFT JOIN LATERAL (SELECT p.grace_days, p.close_after_grace "
    "FROM guarantees_maturitypolicy p WHERE p.effective_from <= g.matures_on "
    "ORDER BY p.effective_from DESC LIMIT 1) pol ON true"
)


def sweep_overdue_maturities(*, on: dt.date) -> SweepResult:
    """Resolve, list and close (see the module docstring); returns what it did."""
    result = SweepResult(on=on)
    active = str(GuaranteeStatus.ACTIVE)
    pending = str(BookRequestStatus.PENDING)
    started = time.perf_counter()
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        # One sweep at a time (a nightly run and one on demand): the second waits, then
        # finds nothing left to list or close.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])
        # 1. resolve what is no longer an active guarantee past that maturity
        cursor.execute(
            "UPDATE guarantees_overduematurity o SET resolved_on = %s "
            "FROM guarantees_guarantee g "
            "WHERE o.guarantee_id = g.id AND o.resolved_on IS NULL "
            "AND (g.status <> %s OR g.matures_on <> o.matures_on)",
            [on, active],
        )
        result.resolved = cursor.rowcount
        result.timings["resolve"] = time.perf_counter() - started

        # 2. list: once per (guarantee, maturity); again after a normalisation
        cursor.execute(
            "INSERT INTO guarantees_overduematurity "
            "(guarantee_id, matures_on, listed_on, closed_by_policy) "
            "SELECT g.id, g.matures_on, %s, false FROM guarantees_guarantee g "
            "WHERE g.status = %s AND g.matures_on < %s "
            "AND NOT EXISTS (SELECT 1 FROM guarantees_bookrequest r WHERE r.guarantee_id = g.id "
            "  AND r.kind = 'extension' AND r.status = %s) "
            "ON CONFLICT ON CONSTRAINT overdue_maturity_once DO UPDATE "
            "SET resolved_on = NULL, event_id = NULL, closed_by_policy = false "
            "WHERE guarantees_overduematurity.resolved_on IS NOT NULL",
            [on, active, on, pending],
        )
        result.listed = cursor.rowcount
        result.timings["list"] = time.perf_counter() - started

        # 3. close those whose grace has passed, dated the day it passed
        cursor.execute(
            "SELECT gid, day FROM (SELECT g.id AS gid, "  # nosec B608  # _POLICY is SQL from code; values are parameters
            "  greatest((g.matures_on + pol.grace_days)::date, (SELECT max(p.entry_date) "
            "    FROM ledger_posting p WHERE p.guarantee_id = g.id)) AS day "
            "  FROM guarantees_overduematurity o "
            "  JOIN guarantees_guarantee g ON g.id = o.guarantee_id "
            f"  {_POLICY} "
            "  WHERE o.resolved_on IS NULL AND g.status = %s AND g.matures_on = o.matures_on "
            "  AND pol.close_after_grace AND g.matures_on + pol.grace_days <= %s "
            "  AND NOT EXISTS (SELECT 1 FROM guarantees_bookrequest r "
            "    WHERE r.guarantee_id = g.id AND r.status = %s)"
            ") due WHERE day <= %s ORDER BY gid",
            [active, on, pending, on],
        )
        # (a guarantee with a journal entry after `on` waits until that day has come)
        due = [Termination(guarantee_id=gid, date=day) for gid, day in cursor.fetchall()]
        result.timings["select"] = time.perf_counter() - started
        if due:
            events = guarantee_terminations_record(
                terminations=due, memo=POLICY_MEMO, closed_by_policy=True
            )
            result.closed = len(events)
            cursor.execute(
                "SELECT coalesce(sum(amount_krw), 0) FROM guarantees_guaranteeevent "
                "WHERE id = ANY(%s)",
                [list(events.values())],
            )
            result.released_krw = int(cursor.fetchone()[0])
        result.timings["close"] = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM guarantees_overduematurity WHERE resolved_on IS NULL")
        result.open = int(cursor.fetchone()[0])
    result.timings["total"] = time.perf_counter() - started
    return result


# ----------------------------------------------------------------------------- staff decisions


def overdue_maturity_decide(
    *,
    overdue_id: int,
    kind: str,
    note: str,
    actor,
    date: dt.date | None = None,
    new_matures_on: dt.date | None = None,
    amount_krw: int | None = None,
) -> OverdueMaturityDecision:
    """Record what staff decided on an open 기한경과 row. `bank_contacted` is a note only;
    `extension_requested` (to `new_matures_on`), `termination_requested` and
    `default_reported` (the guaranteed amount in default, `amount_krw`) open the book request
    of that event, dated `date` (today by default), which a second person approves through
    the usual path (book.services.book_request_decide); the approval's booking takes the
    row off the list. While the request is pending the policy leaves the guarantee alone."""
    if kind not in OverdueDecisionKind.values:
        raise MaturityError(f"알 수 없는 처리 구분입니다: {kind!r}")
    if not note.strip():
        raise MaturityError("처리 내용을 입력해 주세요.")
    today = timezone.localdate()
    day = date or today
    if day > today:
        raise MaturityError(f"처리일({day})이 오늘({today})보다 뒤입니다.")
    with transaction.atomic(durable=True):
        overdue = (
            OverdueMaturity.objects.select_for_update()
            .select_related("guarantee")
            .get(pk=overdue_id)
        )
        guarantee = overdue.guarantee
        if overdue.resolved_on is not None:
            raise MaturityError(
                f"{guarantee.guarantee_no}의 기한경과는 {overdue.resolved_on}에 해소되었습니다."
            )
        request = None
        if kind != OverdueDecisionKind.BANK_CONTACTED:
            if BookRequest.objects.filter(
                guarantee=guarantee, status=BookRequestStatus.PENDING
            ).exists():
                raise MaturityError(
                    f"{guarantee.guarantee_no}에는 승인을 기다리는 사후관리 요청이 있습니다."
                )
            event = {
                OverdueDecisionKind.EXTENSION_REQUESTED: "extension",
                OverdueDecisionKind.TERMINATION_REQUESTED: "termination",
                OverdueDecisionKind.DEFAULT_REPORTED: "accident",
            }[OverdueDecisionKind(kind)]
            amount = 0
            if kind == OverdueDecisionKind.EXTENSION_REQUESTED:
                if new_matures_on is None or new_matures_on <= guarantee.matures_on:
                    raise MaturityError(
                        f"새 만기일은 지금 만기일({guarantee.matures_on}) 이후여야 합니다."
                    )
                amount = guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"]
            elif kind == OverdueDecisionKind.DEFAULT_REPORTED:
                if not amount_krw or amount_krw <= 0:
                    raise MaturityError("사고 금액(보증 금액 기준, 원)을 입력해 주세요.")
                amount = amount_krw
            try:
                request = book_request_open(
                    guarantee_id=guarantee.id,
                    kind=event,
                    date=day,
                    amount_krw=amount,
                    new_matures_on=(
                        new_matures_on if kind == OverdueDecisionKind.EXTENSION_REQUESTED else None
                    ),
                    memo=f"기한경과 처리: {OverdueDecisionKind(kind).label} — {note}"[:300],
                    actor=actor,
                )
            except BookError as exc:
                raise MaturityError(str(exc)) from exc
        return OverdueMaturityDecision.objects.create(
            overdue=overdue, kind=kind, note=note, book_request=request, decided_by=actor
        )
