"""The legacy-book loader shared by `import_book` and `seed_demo` (DESIGN.md "Interchange").

Two phases:

1. **validate** every row of every table (file, row, column, reason — all problems, not the
   first) and replay each guarantee's events in date order, so that an exposure or a recourse
   claim that would go negative, or an event before the guarantee exists, is a problem too;
2. **load** — only when there is no problem — everything in the caller's single transaction:
   businesses, guarantees, their events and journal entries, written with PostgreSQL COPY
   (ids taken from the tables' sequences up front, so that postings can reference entries).

Idempotent: a guarantee already present (same `guarantee_no`) is not booked again, an event
already present (same guarantee, date, kind, amount and new maturity — counted, so that two
identical rows are two events) is skipped, and base-asset rows carry the same idempotency keys
as `ledger.services.contribution_record` / `loss_closing_record`. Importing the same files twice
changes nothing.

Rows are tuples in the interchange column order; cells may be strings (CSV) or typed values
(`datetime.date`, `int`, `Decimal`: the demo generator). Row numbers are file line numbers:
the header is line 1, the first data row line 2.

Journal conventions (chart.py): issuance Dr memo.exposure / Cr memo.exposure_contra;
repayment and termination the reverse; extension re-books the renewed amount (+ and − on
memo.exposure: supply without a change of balance); accident Dr memo.accident / Cr its contra,
normalisation the reverse; subrogation Dr recourse_claims / Cr cash, releases the exposure
left and closes the accident memo left; recovery Dr cash / Cr recourse_claims; write-off
Dr expense.claim_write_off / Cr recourse_claims. Every posting carries guarantee, branch and
programme.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from branches.models import District, OrgUnit, UnitKind
from common.money import apply_percent
from common.pii import RRN_MESSAGE
from common.pii_guard import rrn_cells
from ledger import chart
from ledger.models import BaseAssetCategory, EntryKind
from ledger.services import account_id
from programs.base_assets import book_base_assets
from programs.models import Program

from ..interchange import COLUMNS
from ..models import (
    Business,
    ClaimGrade,
    Guarantee,
    GuaranteeEvent,
    GuaranteeStatus,
    RecourseClaim,
)
from ..validators import brn_check_digit
from .rules import RuleError, State, apply_moves, event_lines, event_moves
from .vocabulary import ENTRY_KIND, INTERCHANGE_CODES

REQUIRED = ("base_assets", "guarantees", "events")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.reason}"


class BookImportError(Exception):
    """The files have problems; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)}개 문제")


@dataclass
class LoadResult:
    businesses: int = 0
    guarantees: int = 0
    events: int = 0
    entries: int = 0
    postings: int = 0
    base_asset_rows: int = 0
    skipped_guarantees: int = 0
    skipped_events: int = 0
    timings: dict[str, float] = field(default_factory=dict)


# ----------------------------------------------------------------------------- reading CSV


def read_dir(directory: str | Path) -> tuple[dict[str, list[tuple]], list[Problem]]:
    """The tables of a directory of interchange CSV files (header checked)."""
    directory = Path(directory)
    tables: dict[str, list[tuple]] = {}
    problems: list[Problem] = []
    for name, columns in COLUMNS.items():
        path = directory / f"{name}.csv"
        if not path.exists():
            if name in REQUIRED:
                problems.append(Problem(f"{name}.csv", 0, "-", "파일이 없습니다"))
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(cell.strip() for cell in next(reader, ()))
            if header != columns:
                problems.append(
                    Problem(f"{name}.csv", 1, "-", f"머리행이 다릅니다: 기대 {','.join(columns)}")
                )
                continue
            rows = []
            for line, row in enumerate(reader, start=2):
                if len(row) != len(columns):
                    problems.append(
                        Problem(f"{name}.csv", line, "-", f"열이 {len(columns)}개가 아닙니다")
                    )
                    row = (list(row) + [""] * len(columns))[: len(columns)]
                rows.append(tuple(row))
            tables[name] = rows
    problems += [Problem(*cell, RRN_MESSAGE) for cell in rrn_cells(tables, COLUMNS)]
    return tables, problems


# ----------------------------------------------------------------------------- cell parsers


class _Bad(ValueError):
    pass


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value, *, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        if required:
            raise _Bad("날짜가 비어 있습니다")
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _Bad(f"날짜 형식(YYYY-MM-DD)이 아닙니다: {text!r}") from None


def _int(value, *, minimum: int | None = 0, blank: int | None = None) -> int:
    if isinstance(value, int):
        number = value
    else:
        text = _text(value).replace(",", "")
        if not text and blank is not None:
            return blank
        try:
            number = int(text)
        except ValueError:
            raise _Bad(f"정수(원)가 아닙니다: {text!r}") from None
    if minimum is not None and number < minimum:
        raise _Bad(f"{minimum} 이상이어야 합니다: {number}")
    return number


def _decimal(value, *, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(_text(value))
    except InvalidOperation:
        raise _Bad(f"숫자가 아닙니다: {_text(value)!r}") from None
    if not number.is_finite() or not (low <= number <= high):
        raise _Bad(f"{low}~{high} 범위가 아닙니다: {number}")
    return number


def _brn(value) -> str:
    digits = "".join(ch for ch in _text(value) if ch.isdigit())
    if len(digits) != 10 or not _text(value).replace("-", "").isdigit():
        raise _Bad(f"사업자등록번호는 숫자 10자리입니다: {_text(value)!r}")
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise _Bad(f"사업자등록번호 검증번호가 맞지 않습니다: {_text(value)!r}")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


class _Rows:
    """Collects the problems of one file while its rows are parsed."""

    def __init__(self, name: str, problems: list[Problem]):
        self.file = f"{name}.csv"
        self.problems = problems

    def cell(self, line: int, column: str, parse, value, **kwargs):
        try:
            return parse(value, **kwargs)
        except _Bad as exc:
            self.problems.append(Problem(self.file, line, column, str(exc)))
            return None

    def add(self, line: int, column: str, reason: str) -> None:
        self.problems.append(Problem(self.file, line, column, reason))


# ----------------------------------------------------------------------------- validation


@dataclass
class _G:
    """A guarantee being validated/loaded."""

    line: int
    no: str
    business_no: str
    business_name: str
    branch: str
    program: str
    bank: str
    issued_on: dt.date
    matures_on: dt.date
    loan: int
    ratio: Decimal
    fee: Decimal
    amount: int
    existing_id: int | None = None


@dataclass
class _E:
    line: int
    no: str
    date: dt.date
    kind: str
    amount: int
    new_matures_on: dt.date | None
    memo: str


@dataclass
class _Plan:
    branches: list[tuple] = field(default_factory=list)
    programs: list[tuple] = field(default_factory=list)
    base_assets: list[tuple] = field(default_factory=list)
    guarantees: dict[str, _G] = field(default_factory=dict)
    events: dict[str, list[_E]] = field(default_factory=lambda: defaultdict(list))
    # new guarantees' replays from validation, reused by load: (final state, [(event, moves)])
    replays: dict[str, tuple] = field(default_factory=dict)
    existing: dict | None = None  # guarantees already in the database (_existing_replays)


def validate(tables: dict[str, Sequence[tuple]]) -> tuple[_Plan, list[Problem]]:
    """Every problem of every row; the parsed plan (usable only when there is none)."""
    problems: list[Problem] = []
    plan = _Plan()
    branch_codes = set(OrgUnit.objects.filter(kind=UnitKind.BRANCH).values_list("code", flat=True))
    program_codes = set(Program.objects.values_list("code", flat=True))

    rows = _Rows("branches", problems)
    for line, row in enumerate(tables.get("branches", ()), start=2):
        code, name, districts = (_text(c) for c in row)
        if not code:
            rows.add(line, "branch_code", "비어 있습니다")
            continue
        branch_codes.add(code)
        plan.branches.append((code, name or code, [d.strip() for d in districts.split(";") if d]))

    rows = _Rows("programs", problems)
    for line, row in enumerate(tables.get("programs", ()), start=2):
        code = _text(row[0])
        if not code:
            rows.add(line, "program_code", "비어 있습니다")
            continue
        funding = rows.cell(line, "funding_krw", _int, row[2])
        multiple = rows.cell(line, "multiple", _decimal, row[3], low=Decimal(0), high=Decimal(100))
        limit = rows.cell(line, "per_business_limit_krw", _int, row[4], minimum=1)
        ratio = rows.cell(
            line, "guarantee_ratio_pct", _decimal, row[5], low=Decimal(1), high=Decimal(100)
        )
        fee = rows.cell(line, "fee_rate_pct", _decimal, row[6], low=Decimal(0), high=Decimal(5))
        program_codes.add(code)
        plan.programs.append((code, _text(row[1]) or code, funding, multiple, limit, ratio, fee))

    rows = _Rows("base_assets", problems)
    categories = set(BaseAssetCategory.values)
    for line, row in enumerate(tables.get("base_assets", ()), start=2):
        date = rows.cell(line, "date", _date, row[0])
        kind, category, program = _text(row[1]), _text(row[2]), _text(row[4])
        if kind not in ("contribution", "loss"):
            rows.add(line, "kind", f"contribution 또는 loss여야 합니다: {kind!r}")
        if kind == "contribution" and category not in categories:
            rows.add(line, "category", f"알 수 없는 출연 구분입니다: {category!r}")
        if program and program not in program_codes:
            rows.add(line, "program_code", f"알 수 없는 상품 코드입니다: {program!r}")
        amount = rows.cell(line, "amount_krw", _int, row[5], minimum=1)
        plan.base_assets.append(
            (date, kind, category, _text(row[3]), program, amount, _text(row[6]))
        )

    rows = _Rows("guarantees", problems)
    existing = {
        no: (pk, issued, amount)
        for no, pk, issued, amount in Guarantee.objects.values_list(
            "guarantee_no", "id", "issued_on", "guaranteed_amount_krw"
        )
    }
    for line, row in enumerate(tables.get("guarantees", ()), start=2):
        before = len(problems)
        no = _text(row[0])
        if not no:
            rows.add(line, "guarantee_no", "비어 있습니다")
        elif no in plan.guarantees:
            rows.add(line, "guarantee_no", f"중복된 보증번호입니다 ({plan.guarantees[no].line}행)")
        business_no = rows.cell(line, "business_no", _brn, row[1])
        if not _text(row[2]):
            rows.add(line, "business_name", "비어 있습니다")
        branch, program = _text(row[3]), _text(row[4])
        if branch not in branch_codes:
            rows.add(line, "branch_code", f"알 수 없는 지점 코드입니다: {branch!r}")
        if program and program not in program_codes:
            rows.add(line, "program_code", f"알 수 없는 상품 코드입니다: {program!r}")
        if not _text(row[5]):
            rows.add(line, "bank", "비어 있습니다")
        issued = rows.cell(line, "issued_on", _date, row[6])
        matures = rows.cell(line, "matures_on", _date, row[7])
        if issued and matures and matures <= issued:
            rows.add(line, "matures_on", "만기일이 발급일 이후가 아닙니다")
        loan = rows.cell(line, "loan_amount_krw", _int, row[8], minimum=1)
        ratio = rows.cell(
            line, "guarantee_ratio_pct", _decimal, row[9], low=Decimal(1), high=Decimal(100)
        )
        fee = rows.cell(line, "fee_rate_pct", _decimal, row[10], low=Decimal(0), high=Decimal(5))
        amount = apply_percent(loan, ratio) if loan and ratio else 0
        if loan and ratio and amount <= 0:
            rows.add(line, "guarantee_ratio_pct", "보증금액이 0원입니다")
        if len(problems) > before or not no:
            continue
        g = _G(
            line,
            no,
            business_no,
            _text(row[2]),
            branch,
            program,
            _text(row[5]),
            issued,
            matures,
            loan,
            ratio,
            fee,
            amount,
        )
        if no in existing:
            pk, issued_db, amount_db = existing[no]
            if (issued_db, amount_db) != (issued, amount):
                rows.add(line, "guarantee_no", "이미 있는 보증과 발급일 또는 보증금액이 다릅니다")
                continue
            g.existing_id = pk
        plan.guarantees[no] = g

    rows = _Rows("events", problems)
    known_elsewhere = set(existing) - set(plan.guarantees)
    bad_guarantees = {
        _text(r[0]) for r in tables.get("guarantees", ()) if _text(r[0]) not in plan.guarantees
    }
    for line, row in enumerate(tables.get("events", ()), start=2):
        before = len(problems)
        no = _text(row[0])
        if no not in plan.guarantees and no not in known_elsewhere:
            if no not in bad_guarantees:  # its own row already carries the problem
                rows.add(line, "guarantee_no", f"알 수 없는 보증번호입니다: {no!r}")
            continue
        date = rows.cell(line, "date", _date, row[1])
        kind = _text(row[2])
        if kind not in INTERCHANGE_CODES:
            rows.add(line, "event", f"알 수 없는 사건 구분입니다: {kind!r}")
        amount = rows.cell(line, "amount_krw", _int, row[3], blank=0)
        new_maturity = rows.cell(line, "new_matures_on", _date, row[4], required=False)
        if kind == "extension" and not new_maturity and _text(row[4]) == "":
            rows.add(line, "new_matures_on", "기한연장에는 새 만기일이 필요합니다")
        if kind not in ("termination",) and amount == 0 and kind in INTERCHANGE_CODES:
            rows.add(line, "amount_krw", "금액이 0원입니다")
        if len(problems) > before:
            continue
        plan.events[no].append(_E(line, no, date, kind, amount, new_maturity, _text(row[5])))

    _replay_all(plan, problems, existing_only=known_elsewhere)
    problems.sort(
        key=lambda p: (list(COLUMNS).index(p.file[:-4]) if p.file[:-4] in COLUMNS else 99, p.row)
    )
    return plan, problems


_State = State


def _replay(
    g_issued: dt.date, state: State, events: list[_E], problems: list[Problem] | None
) -> list[tuple[_E, dict]]:
    """Apply events in date order; returns (event, movements) and reports impossible ones."""
    out = []
    for e in sorted(events, key=lambda e: (e.date, e.line)):
        try:
            moves = event_moves(
                state,
                kind=e.kind,
                date=e.date,
                amount=e.amount,
                issued_on=g_issued,
                new_matures_on=e.new_matures_on,
            )
        except RuleError as exc:
            if problems is not None:
                problems.append(Problem("events.csv", e.line, exc.column, exc.reason))
            continue
        apply_moves(state, kind=e.kind, date=e.date, moves=moves, new_matures_on=e.new_matures_on)
        out.append((e, moves))
    return out


def _replay_all(plan: _Plan, problems: list[Problem], existing_only: set[str]) -> None:
    # New guarantees: the file's history from issuance.
    for no, events in plan.events.items():
        g = plan.guarantees.get(no)
        if g is not None and g.existing_id is None:
            state = _State(exposure=g.amount, matures_on=g.matures_on)
            plan.replays[no] = (state, _replay(g.issued_on, state, events, problems))
    # Guarantees already in the database: their recorded history plus the file's new events.
    plan.existing = _existing_replays(plan, problems)


@dataclass
class _Existing:
    id: int
    program_id: int | None
    branch_id: int
    state: State
    fresh: list[tuple[_E, dict]]  # the file's events not yet recorded, with their movements


def _existing_replays(plan: _Plan, problems: list[Problem] | None) -> dict[str, _Existing]:
    """For each guarantee of the files that is already in the database: replay the recorded
    events together with the file's new ones (by date), so that a new event is checked — and
    its amounts computed — against everything that happened to the guarantee, in order."""
    numbers = [
        no
        for no in plan.events
        if no not in plan.guarantees or plan.guarantees[no].existing_id is not None
    ]
    rows = Guarantee.objects.filter(guarantee_no__in=numbers).values_list(
        "guarantee_no",
        "id",
        "issued_on",
        "matures_on",
        "guaranteed_amount_krw",
        "program_id",
        "branch_id",
    )
    info = {row[0]: row[1:] for row in rows}
    counts = _existing_event_counts(pk for pk, *_ in info.values())
    fresh_by_no = {}
    for no, (gid, *_rest) in info.items():
        events = sorted(plan.events[no], key=lambda e: (e.date, e.line))
        fresh_by_no[no] = _new_events(events, counts, gid)
    recorded: dict[int, list[_E]] = defaultdict(list)
    need = [info[no][0] for no, fresh in fresh_by_no.items() if fresh]
    for gid, date, kind, amount, new_maturity in GuaranteeEvent.objects.filter(
        guarantee_id__in=need
    ).values_list("guarantee_id", "date", "kind", "amount_krw", "new_matures_on"):
        # termination and cancellation take whatever is left: replay them that way
        amount = 0 if kind in ("termination", "cancellation") else amount
        recorded[gid].append(_E(0, "", date, kind, amount, new_maturity, ""))
    out: dict[str, _Existing] = {}
    for no, (gid, issued_on, matures_on, amount, program_id, branch_id) in info.items():
        fresh = fresh_by_no[no]
        state = _State(exposure=amount, matures_on=matures_on)
        if not fresh:
            out[no] = _Existing(gid, program_id, branch_id, state, [])
            continue
        found: list[Problem] = []
        replayed = _replay(issued_on, state, recorded[gid] + fresh, found)
        if problems is not None:
            for problem in found:
                if problem.row == 0:  # a recorded event no longer fits after the new ones
                    problem = Problem(
                        "events.csv",
                        fresh[0].line,
                        "date",
                        "이미 기록된 이 보증의 사건 이력과 맞지 않습니다: " + problem.reason,
                    )
                problems.append(problem)
        fresh_ids = {id(e) for e in fresh}
        out[no] = _Existing(
            gid, program_id, branch_id, state, [(e, m) for e, m in replayed if id(e) in fresh_ids]
        )
    return out


def _event_signature(e: _E) -> tuple:
    return (e.date, e.kind, e.amount, e.new_matures_on)


def _existing_event_counts(guarantee_ids: Iterable[int]) -> Counter:
    ids = list(guarantee_ids)
    counts: Counter = Counter()
    if not ids:
        return counts
    rows = GuaranteeEvent.objects.filter(guarantee_id__in=ids).values_list(
        "guarantee_id", "date", "kind", "amount_krw", "new_matures_on"
    )
    for gid, date, kind, amount, new_maturity in rows.iterator(chunk_size=20_000):
        counts[(gid, date, kind, amount, new_maturity)] += 1
    return counts


def _new_events(events: list[_E], existing: Counter, guarantee_id: int | None) -> list[_E]:
    """The events not yet in the database (identical rows counted one by one)."""
    if guarantee_id is None:
        return list(events)
    seen: Counter = Counter()
    fresh = []
    for e in events:
        key = (guarantee_id, *_event_signature(e))
        seen[key] += 1
        if seen[key] > existing.get(key, 0):
            fresh.append(e)
    return fresh


# ----------------------------------------------------------------------------- loading


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

    # Businesses: reuse by number, create the others.
    numbers = {g.business_no: g.business_name for g in plan.guarantees.values()}
    business_ids = dict(
        Business.objects.filter(business_no__in=list(numbers)).values_list("business_no", "id")
    )
    new_numbers = [n for n in numbers if n not in business_ids]
    for number, pk in zip(
        new_numbers, _allocate_ids("guarantees_business", len(new_numbers)), strict=True
    ):
        business_ids[number] = pk
    result.businesses = _copy(
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

    result.guarantees = _copy(
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
    result.skipped_guarantees = len(plan.guarantees) - len(fresh_g)
    if len(entry_ids) >= BULK_CHECK_MIN_ENTRIES:
        _analyze(result)
    result.timings["copy"] = time.perf_counter() - started
    return result


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
                sido="인천광역시", name=district[:20], defaults={"branch": unit}
            )
    year = timezone.localdate().year
    for code, name, funding, multiple, limit, ratio, fee in plan.programs:
        Program.objects.get_or_create(
            code=code,
            defaults={
                "name": name[:100],
                "summary": name[:300],
                "year": year,
                "funding_krw": funding,
                "multiple": multiple,
                "per_business_limit_krw": limit,
                "guarantee_ratio_pct": ratio,
                "fee_rate_pct": fee,
                "term_months": 60,
            },
        )


def import_tables(tables: dict[str, Sequence[tuple]], *, dry_run: bool = False) -> LoadResult:
    """Validate, then load all-or-nothing in the caller's transaction. Raises
    BookImportError with every problem; with `dry_run` validates only."""
    import time

    started = time.perf_counter()
    plan, problems = validate(tables)
    if problems:
        raise BookImportError(problems)
    if dry_run:
        return LoadResult(
            guarantees=len(plan.guarantees), events=sum(len(v) for v in plan.events.values())
        )
    validated = time.perf_counter() - started
    result = load(plan)
    result.timings = {"validate": validated, **{f"load.{k}": v for k, v in result.timings.items()}}
    return result
