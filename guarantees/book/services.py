"""The guarantee book after issuance: every event is a service that locks the guarantee,
checks the event against its balances (rules.py), writes the `GuaranteeEvent` and posts its
journal entry in the same transaction.

Staff enter an event as a `BookRequest` (요청); a second person approves it (four eyes), and
the approval books it. `guarantee_event_record` is the booking step itself, used by the
approval, by tests and by jobs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from common.errors import DomainError
from ledger import chart
from ledger.services import Dimensions, Line, account_id, journal_post

from ..models import (
    BookRequest,
    BookRequestStatus,
    ClaimGrade,
    FeeInstalment,
    FeePayment,
    Guarantee,
    GuaranteeEvent,
    GuaranteeStatus,
    OverdueMaturity,
    RecourseClaim,
    RecourseClaimGradeChange,
)
from .rules import RuleError, State, apply_moves, event_lines, event_moves
from .selectors import guarantee_balances
from .vocabulary import ENTRY_KIND


class BookError(DomainError):
    """A book event that cannot be recorded (Korean message for the page)."""

    code = "book"


def _state(guarantee: Guarantee) -> State:
    balances = guarantee_balances(guarantee_id=guarantee.id)
    return State(
        exposure=balances["exposure_krw"],
        accident=balances["accident_krw"],
        claim=balances["claim_krw"],
        matures_on=guarantee.matures_on,
        subrogated_on=(
            guarantee.recourse_claim.opened_on
            if RecourseClaim.objects.filter(guarantee=guarantee).exists()
            else None
        ),
        # the rules refuse any event touching a terminated guarantee (a second 해지 too)
        terminated_on=GuaranteeEvent.objects.filter(guarantee=guarantee, kind="termination")
        .order_by("date")
        .values_list("date", flat=True)
        .first(),
    )


def _status(state: State) -> str:
    if state.subrogated_on is not None:
        return GuaranteeStatus.SUBROGATED
    if state.exposure <= 0:
        return GuaranteeStatus.TERMINATED
    if state.accident > 0:
        return GuaranteeStatus.ACCIDENT
    return GuaranteeStatus.ACTIVE


def guarantee_event_record(
    *,
    guarantee_id: int,
    kind: str,
    date: dt.date,
    amount_krw: int = 0,
    new_matures_on: dt.date | None = None,
    proceeds_krw: int = 0,
    memo: str = "",
    actor=None,
) -> GuaranteeEvent:
    """Record one event and post its entry (nested inside the caller's transaction, if any:
    the approval owns the durable transaction)."""
    with transaction.atomic():
        guarantee = Guarantee.objects.select_for_update().get(pk=guarantee_id)
        state = _state(guarantee)
        try:
            moves = event_moves(
                state,
                kind=kind,
                date=date,
                amount=amount_krw,
                issued_on=guarantee.issued_on,
                new_matures_on=new_matures_on,
            )
        except RuleError as exc:
            raise BookError(exc.reason) from exc
        apply_moves(state, kind=kind, date=date, moves=moves, new_matures_on=new_matures_on)
        event = GuaranteeEvent.objects.create(
            guarantee=guarantee,
            date=date,
            kind=kind,
            # termination and cancellation release whatever is left: record that amount.
            amount_krw=(
                -moves.get("exposure", 0)
                if kind == "termination"
                else -moves.get("claim", 0)
                if kind == "cancellation"
                else amount_krw
            ),
            new_matures_on=new_matures_on,
            memo=memo[:300],
            created_by=actor,
        )
        dims: Dimensions = {
            "guarantee_id": guarantee.id,
            "branch_id": guarantee.branch_id,
            "program_id": guarantee.program_id,
        }
        lines = [
            Line(code, amount, **dims)
            for code, amount in event_lines(kind, moves, proceeds_krw=proceeds_krw)
        ]
        if lines:
            event.journal_entry = journal_post(
                date=date,
                kind=ENTRY_KIND[kind],
                lines=lines,
                idempotency_key=f"guarantee_event:{event.pk}",
                memo=memo or f"{event.get_kind_display()} {guarantee.guarantee_no}",
                created_by=actor,
            )
            event.save(update_fields=["journal_entry"])
        fields = ["status"]
        guarantee.status = _status(state)
        if kind == "extension" and new_matures_on is not None:  # checked by the rules
            guarantee.matures_on = new_matures_on
            fields.append("matures_on")
        guarantee.save(update_fields=fields)
        if kind == "subrogation" and not RecourseClaim.objects.filter(guarantee=guarantee):
            claim = RecourseClaim.objects.create(guarantee=guarantee, opened_on=date)
            RecourseClaimGradeChange.objects.create(
                claim=claim, to_grade=claim.grade, reason="대위변제로 발생", actor=actor
            )
        if moves.get("claim", 0) < 0 and state.claim == 0:
            RecourseClaim.objects.filter(guarantee=guarantee).update(closed_on=date)
        if kind in SETTLES_MATURITY:
            overdue_resolve(guarantee_ids=[guarantee.id], day=date, events={guarantee.id: event})
    return event


# A guarantee past maturity leaves the 기한경과 list when one of these is booked (whoever
# booked it: the bank, staff through four eyes, or the maturity policy).
SETTLES_MATURITY = frozenset({"termination", "extension", "accident", "subrogation"})


def overdue_resolve(*, guarantee_ids: Sequence[int], day: dt.date, events=None) -> int:
    """Take the guarantees' open 기한경과 rows off the list, resolved on `day` by the event
    booked (`events`: {guarantee id: GuaranteeEvent or event id}). Returns the rows resolved."""
    events = events or {}
    open_rows = OverdueMaturity.objects.filter(
        guarantee_id__in=list(guarantee_ids), resolved_on__isnull=True
    )
    if not events:
        return open_rows.update(resolved_on=day)
    resolved = 0
    for gid, event in events.items():
        event_id = getattr(event, "pk", event)
        resolved += open_rows.filter(guarantee_id=gid).update(resolved_on=day, event_id=event_id)
    return resolved


# ----------------------------------------------------------------------------- 해지, in bulk


@dataclass(frozen=True)
class Termination:
    """One guarantee to terminate, and the day (the event's and the entry's date)."""

    guarantee_id: int
    date: dt.date


def guarantee_terminations_record(
    *,
    terminations: Sequence[Termination],
    memo: str,
    actor=None,
    closed_by_policy: bool = False,
) -> dict[int, int]:
    """해지 of many guarantees at once: for each, exactly what
    `guarantee_event_record(kind="termination")` books — the same rules (event_moves,
    event_lines, the entry kind of the vocabulary), a `GuaranteeEvent` of kind termination
    with the exposure released as its amount, a balanced entry keyed
    `guarantee_event:<event id>`, the status from the balances — written set-based
    (PostgreSQL COPY, one UPDATE), because the maturity policy closes tens of thousands of
    guarantees at once (the Incheon demo book: ~92k) and one service call each would take
    minutes. Nested in the caller's transaction; all or nothing. Only active guarantees
    (exposure outstanding, no accident, no recourse claim) can be terminated this way: any
    other raises BookError naming it. Returns {guarantee id: event id}.

    With `closed_by_policy`, the guarantees' open 기한경과 rows are resolved as closed by
    the policy (the rows and the events are written in the same transaction)."""
    from .importing.problems import LoadResult
    from .importing.writing import _allocate_ids, _bulk_balance_check, _copy

    if not terminations:
        return {}
    by_id = {t.guarantee_id: t for t in terminations}
    if len(by_id) != len(terminations):
        raise BookError("같은 보증을 한 번에 두 번 해지할 수 없습니다.")
    ids = list(by_id)
    exposure_account = account_id(chart.EXPOSURE)
    accident_account, claim_account = (
        account_id(chart.ACCIDENT_MEMO),
        account_id(chart.RECOURSE_CLAIMS),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, guarantee_no, issued_on, matures_on, branch_id, program_id, status "
            "FROM guarantees_guarantee WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
            [ids],
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        missing = [gid for gid in ids if gid not in rows]
        if missing:
            raise BookError(f"없는 보증입니다: {missing[:5]}")
        cursor.execute(
            "SELECT guarantee_id, account_id, sum(amount_krw) FROM ledger_posting "
            "WHERE guarantee_id = ANY(%s) AND account_id = ANY(%s) GROUP BY 1, 2",
            [ids, [exposure_account, accident_account, claim_account]],
        )
        balances: dict[tuple[int, int], int] = {
            (gid, account): int(total) for gid, account, total in cursor.fetchall()
        }
        claimed = set(
            RecourseClaim.objects.filter(guarantee_id__in=ids).values_list(
                "guarantee_id", flat=True
            )
        )
        planned = []  # (guarantee row, date, exposure released, journal lines)
        for gid in ids:
            _, number, issued_on, matures_on, _, _, status = rows[gid]
            day = by_id[gid].date
            state = State(
                exposure=balances.get((gid, exposure_account), 0),
                accident=balances.get((gid, accident_account), 0),
                claim=balances.get((gid, claim_account), 0),
                matures_on=matures_on,
                subrogated_on=day if gid in claimed else None,
            )
            if status != GuaranteeStatus.ACTIVE or _status(state) != GuaranteeStatus.ACTIVE:
                raise BookError(
                    f"{number}는 정상 상태가 아니어서 일괄 해지할 수 없습니다 "
                    f"(상태: {GuaranteeStatus(status).label})."
                )
            try:
                moves = event_moves(
                    state, kind="termination", date=day, amount=0, issued_on=issued_on
                )
            except RuleError as exc:
                raise BookError(f"{number}: {exc.reason}") from exc
            apply_moves(state, kind="termination", date=day, moves=moves)
            lines = [
                (account_id(code), amount) for code, amount in event_lines("termination", moves)
            ]
            planned.append((rows[gid], day, -moves.get("exposure", 0), lines))

        event_ids = _allocate_ids("guarantees_guaranteeevent", len(planned))
        entry_ids = _allocate_ids("ledger_journalentry", len(planned))
        now = timezone.now()
        actor_id = getattr(actor, "pk", None)
        kind = str(ENTRY_KIND["termination"])
        with _bulk_balance_check(entry_ids, LoadResult()):
            _copy(
                "ledger_journalentry",
                ("id", "date", "kind", "memo", "idempotency_key", "created_by_id", "created_at"),
                (
                    (
                        entry_id,
                        day,
                        kind,
                        memo[:300],
                        f"guarantee_event:{event_id}",
                        actor_id,
                        now,
                    )
                    for (row, day, _, _), event_id, entry_id in zip(
                        planned, event_ids, entry_ids, strict=True
                    )
                ),
            )
            _copy(
                "ledger_posting",
                (
                    "entry_id",
                    "entry_date",
                    "account_id",
                    "amount_krw",
                    "branch_id",
                    "program_id",
                    "guarantee_id",
                    "contributor",
                ),
                (
                    (entry_id, day, account, amount, row[4], row[5], row[0], "")
                    for (row, day, _, lines), entry_id in zip(planned, entry_ids, strict=True)
                    for account, amount in lines
                ),
            )
        _copy(
            "guarantees_guaranteeevent",
            (
                "id",
                "guarantee_id",
                "date",
                "kind",
                "amount_krw",
                "memo",
                "journal_entry_id",
                "created_by_id",
                "created_at",
            ),
            (
                (
                    event_id,
                    row[0],
                    day,
                    "termination",
                    released,
                    memo[:300],
                    entry_id,
                    actor_id,
                    now,
                )
                for (row, day, released, _), event_id, entry_id in zip(
                    planned, event_ids, entry_ids, strict=True
                )
            ),
        )
        cursor.execute(
            "UPDATE guarantees_guarantee SET status = %s WHERE id = ANY(%s)",
            [str(GuaranteeStatus.TERMINATED), ids],
        )
        # Their open 기한경과 rows: resolved on the termination's day by its event.
        cursor.execute(
            "UPDATE guarantees_overduematurity o "
            "SET resolved_on = v.day, event_id = v.event_id, closed_by_policy = %s "
            "FROM unnest(%s::bigint[], %s::date[], %s::bigint[]) AS v(gid, day, event_id) "
            "WHERE o.guarantee_id = v.gid AND o.resolved_on IS NULL",
            [
                closed_by_policy,
                [row[0] for row, *_ in planned],
                [day for _, day, *_ in planned],
                event_ids,
            ],
        )
    return {row[0]: event_id for (row, *_), event_id in zip(planned, event_ids, strict=True)}


# ----------------------------------------------------------------------------- four eyes


def book_request_create(
    *,
    guarantee_id: int,
    kind: str,
    date: dt.date,
    amount_krw: int = 0,
    new_matures_on: dt.date | None = None,
    proceeds_krw: int = 0,
    memo: str = "",
    actor,
) -> BookRequest:
    """요청: staff enter an event; it books only when someone else approves it."""
    with transaction.atomic(durable=True):
        return book_request_open(
            guarantee_id=guarantee_id,
            kind=kind,
            date=date,
            amount_krw=amount_krw,
            new_matures_on=new_matures_on,
            proceeds_krw=proceeds_krw,
            memo=memo,
            actor=actor,
        )


def book_request_open(
    *,
    guarantee_id: int,
    kind: str,
    date: dt.date,
    amount_krw: int = 0,
    new_matures_on: dt.date | None = None,
    proceeds_krw: int = 0,
    memo: str = "",
    actor,
) -> BookRequest:
    """The step of `book_request_create` nested in the caller's transaction: the bank channel
    opens a request in the same transaction as the bank's report and its idempotent answer."""
    with transaction.atomic():
        guarantee = Guarantee.objects.select_for_update().get(pk=guarantee_id)
        try:  # check now, so that the requester sees the problem at once
            event_moves(
                _state(guarantee),
                kind=kind,
                date=date,
                amount=amount_krw,
                issued_on=guarantee.issued_on,
                new_matures_on=new_matures_on,
            )
        except RuleError as exc:
            raise BookError(exc.reason) from exc
        return BookRequest.objects.create(
            guarantee=guarantee,
            kind=kind,
            date=date,
            amount_krw=amount_krw,
            new_matures_on=new_matures_on,
            proceeds_krw=proceeds_krw,
            memo=memo,
            requested_by=actor,
        )


def book_request_decide(*, request_id: int, approve: bool, actor, reason: str = "") -> BookRequest:
    """승인 / 반려 by a second person; approval books the event in the same transaction."""
    with transaction.atomic(durable=True):
        request = BookRequest.objects.select_for_update().get(pk=request_id)
        if request.status != BookRequestStatus.PENDING:
            raise BookError("이미 처리된 요청입니다.")
        if request.requested_by_id == actor.id:
            raise BookError("요청한 사람이 직접 승인할 수 없습니다 (4-eyes 원칙).")
        if approve:
            try:
                request.event = guarantee_event_record(
                    guarantee_id=request.guarantee_id,
                    kind=request.kind,
                    date=request.date,
                    amount_krw=request.amount_krw,
                    new_matures_on=request.new_matures_on,
                    proceeds_krw=request.proceeds_krw,
                    memo=request.memo,
                    actor=actor,
                )
            except BookError:
                raise
            request.status = BookRequestStatus.APPROVED
        else:
            if not reason.strip():
                raise BookError("반려 사유를 입력해 주세요.")
            request.status = BookRequestStatus.REJECTED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_reason = reason
        request.save()
        return request


# ----------------------------------------------------------------------------- claims, fees


def recourse_claim_grade(*, claim_id: int, grade: str, reason: str, actor) -> RecourseClaim:
    """구상채권 등급 변경, kept with its history (who, from, to, why)."""
    if grade not in ClaimGrade.values:
        raise BookError("등급은 A~F 중 하나입니다.")
    if not reason.strip():
        raise BookError("등급 변경 사유를 입력해 주세요.")
    with transaction.atomic(durable=True):
        claim = RecourseClaim.objects.select_for_update().get(pk=claim_id)
        if claim.grade == grade:
            raise BookError("지금과 같은 등급입니다.")
        RecourseClaimGradeChange.objects.create(
            claim=claim, from_grade=claim.grade, to_grade=grade, reason=reason, actor=actor
        )
        claim.grade = grade
        claim.save(update_fields=["grade"])
        return claim


def fee_instalment_pay(*, instalment_id: int, paid_on: dt.date, actor=None) -> FeePayment:
    """보증료 수납: cash in, fee income, once per instalment (a second call returns the
    first receipt)."""
    with transaction.atomic():
        instalment = (
            FeeInstalment.objects.select_for_update()
            .select_related("guarantee")
            .get(pk=instalment_id)
        )
        existing = FeePayment.objects.filter(instalment=instalment).first()
        if existing is not None:
            return existing
        if instalment.amount_krw <= 0:
            raise BookError("금액이 0원인 회차는 수납할 수 없습니다.")
        g = instalment.guarantee
        dims: Dimensions = {
            "guarantee_id": g.id,
            "branch_id": g.branch_id,
            "program_id": g.program_id,
        }
        entry = journal_post(
            date=paid_on,
            kind="fee",
            lines=[
                Line(chart.CASH, instalment.amount_krw, **dims),
                Line(chart.FEE_INCOME, -instalment.amount_krw, **dims),
            ],
            idempotency_key=f"fee:{g.guarantee_no}:{instalment.seq}",
            memo=f"보증료 {instalment.seq}회차 {g.guarantee_no}",
            created_by=actor,
        )
        return FeePayment.objects.create(
            instalment=instalment, paid_on=paid_on, journal_entry=entry, received_by=actor
        )
