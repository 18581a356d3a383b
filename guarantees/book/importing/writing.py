"""Phase 2, loading a validated plan: businesses, guarantees, events, journal entries and
postings with PostgreSQL COPY, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from branches.models import District, OrgUnit, UnitKind
from common.foundation import foundation
from ledger import chart
from ledger.models import EntryKind
from ledger.services import account_id
from programs.base_assets import book_base_assets
from programs.models import Program

from ...models import (
    Business,
    ClaimGrade,
    Guarantee,
    GuaranteeStatus,
    RecourseClaim,
)
from ..rules import event_lines
from ..vocabulary import ENTRY_KIND
from .checking import _E, _event_signature, _existing_replays, _Plan, _replay, _State
from .problems import LoadResult


def _event_key(no: str, e: _E, occurrence: int) -> str:
    raw = f"{e.date}|{e.kind}|{e.amount}|{e.new_matures_on}|{occurrence}"
    return f"book:{no}:{hashlib.sha256(raw.encode()).hexdigest()[:24]}"


def issue_key(guarantee_no: str) -> str:
    """The idempotency key of a guarantee's issuance entry."""
    return f"guarantee_issue:{guarantee_no}"


def _allocate_ids(table: str, count: int) -> list[int]:
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",  # nosec B608  # table names come from the loader's own list
            [count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY rows into a table inside the current transaction (psycopg 3)."""
    connection.ensure_connection()
    count = 0
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


# From this many entries on, the loader checks balances set-based instead of per row.
BULK_CHECK_MIN_ENTRIES = 5_000
_PER_ROW_TRIGGERS = {
    "ledger_journalentry": ("journalentry_balanced",),
    "ledger_posting": ("posting_balanced", "posting_entry_date"),
}


@contextmanager
def _bulk_balance_check(entry_ids: list[int], result: LoadResult):
    """Replace the ledger's per-row balance triggers by one set-based check, for a big load.

    The deferred triggers of migration 0002 check each entry once per posting at COMMIT
    (≈ 1 M plpgsql calls for the Incheon book: most of the load time). For the rows this
    load writes, the same rules are checked here in one statement before the transaction
    can commit: every entry has ≥ 2 postings, they sum to zero, and each posting's
    entry_date is its entry's date. The triggers are disabled only inside this transaction
    (ALTER TABLE is transactional and takes an ACCESS EXCLUSIVE lock, so no other
    transaction can write entries or postings meanwhile) and enabled again before it ends;
    a failed check raises, and the whole load rolls back. The append-only triggers stay on.
    Without the right to ALTER the tables, the load simply keeps the per-row triggers.
    """
    import time

    if len(entry_ids) < BULK_CHECK_MIN_ENTRIES:
        yield
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # ALTER TABLE refuses a table with pending trigger events: fire them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, triggers in _PER_ROW_TRIGGERS.items():
                for trigger in triggers:
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    except DatabaseError:
        yield  # not the tables' owner: the per-row triggers do the checking
        return
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, count(p.id), coalesce(sum(p.amount_krw), 0) "
            "FROM ledger_journalentry e LEFT JOIN ledger_posting p ON p.entry_id = e.id "
            "WHERE e.id BETWEEN %s AND %s "
            "GROUP BY e.id "
            "HAVING count(p.id) < 2 OR coalesce(sum(p.amount_krw), 0) <> 0 "
            "OR bool_or(p.entry_date <> e.date) LIMIT 5",
            [min(entry_ids), max(entry_ids)],
        )
        bad = cursor.fetchall()
        if bad:
            raise IntegrityError(f"journal entries do not balance: {bad}")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys' pending checks
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, triggers in _PER_ROW_TRIGGERS.items():
            for trigger in triggers:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
    result.timings["balance_check"] = time.perf_counter() - started


def load(plan: _Plan, *, result: LoadResult | None = None) -> LoadResult:
    """Write a validated plan (inside the caller's transaction)."""
    import time

    result = result or LoadResult()
    started = time.perf_counter()
    _load_reference(plan)
    result.base_asset_rows = book_base_assets(plan.base_assets)
    result.timings["reference"] = time.perf_counter() - started

    branch_ids = dict(OrgUnit.objects.values_list("code", "id"))
    program_ids = dict(Program.objects.values_list("code", "id"))
    now = timezone.now()

    business_ids, result.businesses = _write_businesses(plan, now)

    # Guarantees: replay once more to know each one's final state (existing ones first,
    # before the new ones get their ids).
    existing = plan.existing if plan.existing is not None else _existing_replays(plan, None)
    fresh_g = [g for g in plan.guarantees.values() if g.existing_id is None]
    for g, pk in zip(fresh_g, _allocate_ids("guarantees_guarantee", len(fresh_g)), strict=True):
        g.existing_id = pk
    fresh_ids = {g.no for g in fresh_g}
    guarantee_rows = []
    claims: list[tuple] = []
    exposure, contra = account_id(chart.EXPOSURE), account_id(chart.EXPOSURE_CONTRA)
    pending_entries: list[tuple] = []  # (date, kind, memo, key, postings without entry id)

    def touched(no: str) -> tuple[int, int | None, int]:
        g = plan.guarantees[no]
        return (
            g.existing_id,
            program_ids.get(g.program) if g.program else None,
            branch_ids[g.branch],
        )

    others = [no for no in plan.events if no not in plan.guarantees]
    status_updates: list[tuple[int, str, dt.date | None]] = []
    for no in list(plan.guarantees) + others:
        g = plan.guarantees.get(no)
        events = sorted(plan.events.get(no, []), key=lambda e: (e.date, e.line))
        # The n-th identical event of a guarantee keeps the same key in every import.
        occurrence: dict[int, int] = {}
        seen: Counter = Counter()
        for e in events:
            seen[_event_signature(e)] += 1
            occurrence[id(e)] = seen[_event_signature(e)]
        is_new = g is not None and no in fresh_ids
        if is_new:
            gid, program_id, branch_id = touched(no)
            if no in plan.replays:
                state, replayed = plan.replays[no]
            else:
                state = _State(exposure=g.amount, matures_on=g.matures_on)
                replayed = _replay(g.issued_on, state, events, None)
        elif no in existing:
            known = existing[no]
            gid, program_id, branch_id, state = (
                known.id,
                known.program_id,
                known.branch_id,
                known.state,
            )
            replayed = known.fresh
            result.skipped_events += len(events) - len(replayed)
        else:
            continue
        fresh = {id(e) for e, _ in replayed}
        if is_new:
            guarantee_rows.append((g, state))
            pending_entries.append(
                (
                    g.issued_on,
                    EntryKind.GUARANTEE_ISSUE,
                    f"보증 발급 {no}",
                    issue_key(no),
                    [(exposure, g.amount), (contra, -g.amount)],
                    gid,
                    program_id,
                    branch_id,
                    None,
                )
            )
        written = 0
        for e, moves in replayed:
            if id(e) not in fresh:
                result.skipped_events += 1
                continue
            written += 1
            lines = [(account_id(code), amount) for code, amount in event_lines(e.kind, moves)]
            key = _event_key(no, e, occurrence[id(e)])
            pending_entries.append(
                (
                    e.date,
                    ENTRY_KIND[e.kind],
                    e.memo or f"{e.kind} {no}",
                    key,
                    lines,
                    gid,
                    program_id,
                    branch_id,
                    e,
                )
            )
        if not is_new and written:
            status_updates.append((gid, _status(state), state.matures_on))
        if is_new or written:
            if state.subrogated_on is not None:
                claims.append((gid, state.subrogated_on, state.claim))

    # Entry ids up front so that postings and events can reference them. The rows of the
    # three tables are generated while COPY reads them (not built as lists first): at
    # national scale the postings alone would be ~5 M tuples held at once.
    entry_ids = _allocate_ids("ledger_journalentry", sum(1 for p in pending_entries if p[4]))

    def numbered():
        ids = iter(entry_ids)
        for pending in pending_entries:
            yield (next(ids) if pending[4] else None), pending

    def entries():
        for entry_id, (date, kind, memo, key, *_) in numbered():
            if entry_id is not None:
                yield (entry_id, date, str(kind), memo[:300], key, now)

    def postings():
        for entry_id, (date, _, _, _, lines, gid, program_id, branch_id, _) in numbered():
            for account, amount in lines:
                yield (entry_id, date, account, amount, branch_id, program_id, gid, "")

    def event_rows():
        for entry_id, (*_, gid, _, _, e) in numbered():
            if e is not None:
                yield (gid, e.date, e.kind, e.amount, e.new_matures_on, e.memo[:300], entry_id, now)

    result.timings["plan"] = time.perf_counter() - started

    result.guarantees = _copy_guarantees(guarantee_rows, business_ids, branch_ids, program_ids, now)
    with _bulk_balance_check(entry_ids, result):
        result.entries = _copy(
            "ledger_journalentry",
            ("id", "date", "kind", "memo", "idempotency_key", "created_at"),
            entries(),
        )
        result.postings = _copy(
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
            postings(),
        )
    result.events = _copy(
        "guarantees_guaranteeevent",
        (
            "guarantee_id",
            "date",
            "kind",
            "amount_krw",
            "new_matures_on",
            "memo",
            "journal_entry_id",
            "created_at",
        ),
        event_rows(),
    )
    _update_status_and_open_claims(status_updates, claims)
    result.skipped_guarantees = len(plan.guarantees) - len(fresh_g)
    if len(entry_ids) >= BULK_CHECK_MIN_ENTRIES:
        _analyze(result)
    result.timings["copy"] = time.perf_counter() - started
    _record_subsidies(plan, result)
    return result


def _record_subsidies(plan: _Plan, result: LoadResult) -> None:
    """subsidies.csv's new payments, each through the one service that books it
    (guarantees.contributors.services.subsidy_payment_record), paid by the contributor of
    the programme's contributions."""
    from ...contributors.claims import program_contributor
    from ...contributors.services import subsidy_payment_record

    started = time.perf_counter()
    result.skipped_subsidies = plan.skipped_subsidies
    if not plan.subsidies:
        return
    guarantees = {
        g.guarantee_no: g
        for g in Guarantee.objects.filter(guarantee_no__in={s.no for s in plan.subsidies})
    }
    contributors: dict[int, str] = {}
    for s in plan.subsidies:
        g = guarantees[s.no]
        if g.program_id not in contributors:
            contributors[g.program_id] = program_contributor(g.program_id)
        subsidy_payment_record(
            guarantee=g,
            period_start=s.period_start,
            period_end=s.period_end,
            amount_krw=s.amount,
            paid_on=s.paid_on,
            contributor=contributors[g.program_id],
        )
        result.subsidies += 1
    result.timings["subsidies"] = time.perf_counter() - started


def _write_businesses(plan: _Plan, now) -> tuple[dict[str, int], int]:
    """Businesses: reuse by number, COPY the others; (ids by number, rows written)."""
    numbers = {g.business_no: g.business_name for g in plan.guarantees.values()}
    business_ids = dict(
        Business.objects.filter(business_no__in=list(numbers)).values_list("business_no", "id")
    )
    new_numbers = [n for n in numbers if n not in business_ids]
    for number, pk in zip(
        new_numbers, _allocate_ids("guarantees_business", len(new_numbers)), strict=True
    ):
        business_ids[number] = pk
    written = _copy(
        "guarantees_business",
        (
            "id",
            "business_no",
            "name",
            "representative_name",
            "sido",
            "road_address",
            "employees",
            "hired_last_year",
            "in_traditional_market",
            "in_underground_mall",
            "is_social_enterprise",
            "near_redevelopment_zone",
            "has_settled_debt",
            "created_at",
            "updated_at",
        ),
        (
            (
                business_ids[n],
                n,
                numbers[n][:100],
                "",
                "",
                "",
                0,
                0,
                False,
                False,
                False,
                False,
                False,
                now,
                now,
            )
            for n in new_numbers
        ),
    )
    return business_ids, written


def _copy_guarantees(guarantee_rows, business_ids, branch_ids, program_ids, now) -> int:
    """COPY the new guarantees, each with its final state (maturity, status)."""
    return _copy(
        "guarantees_guarantee",
        (
            "id",
            "guarantee_no",
            "business_id",
            "branch_id",
            "program_id",
            "bank_name",
            "issued_on",
            "matures_on",
            "loan_amount_krw",
            "guaranteed_amount_krw",
            "guarantee_ratio_pct",
            "fee_rate_pct",
            "status",
            "created_at",
        ),
        (
            (
                g.existing_id,
                g.no,
                business_ids[g.business_no],
                branch_ids[g.branch],
                program_ids.get(g.program) if g.program else None,
                g.bank[:50],
                g.issued_on,
                state.matures_on,
                g.loan,
                g.amount,
                g.ratio,
                g.fee,
                _status(state),
                now,
            )
            for g, state in guarantee_rows
        ),
    )


def _update_status_and_open_claims(status_updates, claims) -> None:
    """Existing guarantees' new status; a recourse claim for each guarantee subrogated."""
    for gid, status, matures_on in status_updates:
        Guarantee.objects.filter(pk=gid).update(status=status, matures_on=matures_on)
    claim_ids = set(RecourseClaim.objects.values_list("guarantee_id", flat=True))
    new_claims = [
        RecourseClaim(
            guarantee_id=gid,
            opened_on=opened,
            grade=ClaimGrade.B,
            closed_on=None if balance else opened,
        )
        for gid, opened, balance in claims
        if gid not in claim_ids
    ]
    RecourseClaim.objects.bulk_create(new_claims, batch_size=5000)


def _analyze(result: LoadResult) -> None:
    """Fresh planner statistics for the tables a big load filled. Without them the planner
    still believes the tables are nearly empty (autovacuum's ANALYZE comes minutes later)
    and reads the book with plans made for a few rows: the year-end balance of an Incheon
    book took 0.5 s instead of 0.17 s (docs/performance.md). ANALYZE is allowed inside
    the load's transaction and sees its rows."""
    import time

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (
            "ledger_posting",
            "ledger_journalentry",
            "ledger_postingdaytotal",
            "guarantees_guarantee",
            "guarantees_guaranteeevent",
            "guarantees_business",
        ):
            cursor.execute(f"ANALYZE {table}")
    result.timings["analyze"] = time.perf_counter() - started


def _status(state: _State) -> str:
    if state.subrogated_on is not None:
        return GuaranteeStatus.SUBROGATED
    if state.exposure <= 0:
        return GuaranteeStatus.TERMINATED
    if state.accident > 0:
        return GuaranteeStatus.ACCIDENT
    return GuaranteeStatus.ACTIVE


def _load_reference(plan: _Plan) -> None:
    """branches.csv and programs.csv: create what does not exist (existing rows are kept)."""
    for code, name, districts in plan.branches:
        unit, _ = OrgUnit.objects.get_or_create(
            code=code, defaults={"name": name, "kind": UnitKind.BRANCH}
        )
        for district in districts:
            District.objects.get_or_create(
                sido=foundation().sido, name=district[:20], defaults={"branch": unit}
            )
    year = timezone.localdate().year
    for code, name, _funding, multiple, limit, ratio, fee in plan.programs:
        Program.objects.get_or_create(
            code=code,
            defaults={
                "name": name[:100],
                "summary": name[:300],
                "year": year,
                "multiple": multiple,
                "per_business_limit_krw": limit,
                "guarantee_ratio_pct": ratio,
                "fee_rate_pct": fee,
                "term_months": 60,
            },
        )
