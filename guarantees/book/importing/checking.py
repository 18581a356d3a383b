"""Phase 1, validation: every row of every table, then each guarantee's events replayed in
date order through the one rule table (rules.py), against what the database already holds."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from branches.models import OrgUnit, UnitKind
from common.money import apply_percent
from ledger.models import BaseAssetCategory
from programs.models import Program

from ...interchange import COLUMNS
from ...models import (
    Guarantee,
    GuaranteeEvent,
)
from ..rules import RuleError, State, apply_moves, event_moves
from ..vocabulary import INTERCHANGE_CODES
from .cells import _brn, _date, _decimal, _int, _Rows, _text
from .problems import Problem


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
class _S:
    """A subsidy payment (subsidies.csv) to record."""

    line: int
    program: str
    no: str
    period_start: dt.date
    period_end: dt.date
    amount: int
    paid_on: dt.date


@dataclass
class _Plan:
    branches: list[tuple] = field(default_factory=list)
    programs: list[tuple] = field(default_factory=list)
    base_assets: list[tuple] = field(default_factory=list)
    program_lines: dict[str, int] = field(default_factory=dict)
    guarantees: dict[str, _G] = field(default_factory=dict)
    events: dict[str, list[_E]] = field(default_factory=lambda: defaultdict(list))
    # new guarantees' replays from validation, reused by load: (final state, [(event, moves)])
    replays: dict[str, tuple] = field(default_factory=dict)
    existing: dict | None = None  # guarantees already in the database (_existing_replays)
    subsidies: list[_S] = field(default_factory=list)  # new payments only
    skipped_subsidies: int = 0  # rows already recorded with the same amount and date


def validate(tables: dict[str, Sequence[tuple]]) -> tuple[_Plan, list[Problem]]:
    """Every problem of every row; the parsed plan (usable only when there is none).

    The checks run in the files' order, each reading what the earlier ones found (a branch or
    programme defined in the files is known to the guarantees after it)."""
    check = _Check(
        tables=tables,
        problems=[],
        plan=_Plan(),
        today=timezone.localdate(),  # what happened cannot have happened after today
        branch_codes=set(
            OrgUnit.objects.filter(kind=UnitKind.BRANCH).values_list("code", flat=True)
        ),
        program_codes=set(Program.objects.values_list("code", flat=True)),
    )
    _check_branches(check)
    _check_programs(check)
    _check_base_assets(check)
    _check_program_funding(check.plan, tables, check.problems)
    _check_guarantees(check)
    known_elsewhere = _check_events(check)
    _replay_all(check.plan, check.problems, existing_only=known_elsewhere)
    _check_subsidies(
        check.plan,
        check.tables,
        check.problems,
        program_codes=check.program_codes,
        today=check.today,
    )
    return check.plan, _in_file_order(check.problems)


@dataclass
class _Check:
    """What the checks share: the tables, the problems found so far, the plan being built,
    the codes known (the database's and the files'), the guarantees already recorded."""

    tables: dict[str, Sequence[tuple]]
    problems: list[Problem]
    plan: _Plan
    today: dt.date
    branch_codes: set[str]
    program_codes: set[str]
    existing: dict[str, tuple] = field(default_factory=dict)  # no → (pk, issued, amount)

    def rows(self, table: str) -> tuple[_Rows, Iterable[tuple[int, tuple]]]:
        """The table's problem recorder and its rows numbered as in the file (header = 1)."""
        return _Rows(table, self.problems), enumerate(self.tables.get(table, ()), start=2)


def _check_branches(check: _Check) -> None:
    rows, lines = check.rows("branches")
    for line, row in lines:
        code, name, districts = (_text(c) for c in row)
        if not code:
            rows.add(line, "branch_code", "비어 있습니다")
            continue
        check.branch_codes.add(code)
        check.plan.branches.append(
            (code, name or code, [d.strip() for d in districts.split(";") if d])
        )


def _check_programs(check: _Check) -> None:
    rows, lines = check.rows("programs")
    for line, row in lines:
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
        check.program_codes.add(code)
        check.plan.program_lines[code] = line
        check.plan.programs.append(
            (code, _text(row[1]) or code, funding, multiple, limit, ratio, fee)
        )


def _check_base_assets(check: _Check) -> None:
    rows, lines = check.rows("base_assets")
    categories = set(BaseAssetCategory.values)
    for line, row in lines:
        date = rows.cell(line, "date", _date, row[0], latest=check.today)
        kind, category, program = _text(row[1]), _text(row[2]), _text(row[4])
        if kind not in ("contribution", "loss"):
            rows.add(line, "kind", f"contribution 또는 loss여야 합니다: {kind!r}")
        if kind == "contribution" and category not in categories:
            rows.add(line, "category", f"알 수 없는 출연 구분입니다: {category!r}")
        if program and program not in check.program_codes:
            rows.add(line, "program_code", f"알 수 없는 상품 코드입니다: {program!r}")
        amount = rows.cell(line, "amount_krw", _int, row[5], minimum=1)
        check.plan.base_assets.append(
            (date, kind, category, _text(row[3]), program, amount, _text(row[6]))
        )


def _check_guarantees(check: _Check) -> None:
    check.existing = {
        no: (pk, issued, amount)
        for no, pk, issued, amount in Guarantee.objects.values_list(
            "guarantee_no", "id", "issued_on", "guaranteed_amount_krw"
        )
    }
    rows, lines = check.rows("guarantees")
    for line, row in lines:
        before = len(check.problems)
        g = _guarantee_row(check, rows, line, row)
        if len(check.problems) > before or g is None:
            continue
        if g.no in check.existing:
            pk, issued_db, amount_db = check.existing[g.no]
            if (issued_db, amount_db) != (g.issued_on, g.amount):
                rows.add(line, "guarantee_no", "이미 있는 보증과 발급일 또는 보증금액이 다릅니다")
                continue
            g.existing_id = pk
        check.plan.guarantees[g.no] = g


def _guarantee_row(check: _Check, rows: _Rows, line: int, row: tuple) -> _G | None:
    """One row of guarantees.csv, every cell checked (None without a guarantee number)."""
    no = _text(row[0])
    if not no:
        rows.add(line, "guarantee_no", "비어 있습니다")
    elif no in check.plan.guarantees:
        rows.add(
            line, "guarantee_no", f"중복된 보증번호입니다 ({check.plan.guarantees[no].line}행)"
        )
    business_no = rows.cell(line, "business_no", _brn, row[1])
    if not _text(row[2]):
        rows.add(line, "business_name", "비어 있습니다")
    branch, program = _text(row[3]), _text(row[4])
    if branch not in check.branch_codes:
        rows.add(line, "branch_code", f"알 수 없는 지점 코드입니다: {branch!r}")
    if program and program not in check.program_codes:
        rows.add(line, "program_code", f"알 수 없는 상품 코드입니다: {program!r}")
    if not _text(row[5]):
        rows.add(line, "bank", "비어 있습니다")
    issued = rows.cell(line, "issued_on", _date, row[6], latest=check.today)
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
    if not no:
        return None
    return _G(
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


def _check_events(check: _Check) -> set[str]:
    """events.csv, row by row; returns the guarantees the events name that are recorded in
    the database but not in these files (their new events are replayed on their history)."""
    plan = check.plan
    known_elsewhere = set(check.existing) - set(plan.guarantees)
    bad_guarantees = {
        _text(r[0])
        for r in check.tables.get("guarantees", ())
        if _text(r[0]) not in plan.guarantees
    }
    rows, lines = check.rows("events")
    for line, row in lines:
        before = len(check.problems)
        no = _text(row[0])
        if no not in plan.guarantees and no not in known_elsewhere:
            if no not in bad_guarantees:  # its own row already carries the problem
                rows.add(line, "guarantee_no", f"알 수 없는 보증번호입니다: {no!r}")
            continue
        event = _event_row(check, rows, line, row, no)
        if len(check.problems) > before:
            continue
        plan.events[no].append(event)
    return known_elsewhere


def _event_row(check: _Check, rows: _Rows, line: int, row: tuple, no: str) -> _E:
    """One row of events.csv, every cell checked."""
    date = rows.cell(line, "date", _date, row[1], latest=check.today)
    kind = _text(row[2])
    if kind not in INTERCHANGE_CODES:
        rows.add(line, "event", f"알 수 없는 사건 구분입니다: {kind!r}")
    amount = rows.cell(line, "amount_krw", _int, row[3], blank=0)
    new_maturity = rows.cell(line, "new_matures_on", _date, row[4], required=False)
    if kind == "extension" and not new_maturity and _text(row[4]) == "":
        rows.add(line, "new_matures_on", "기한연장에는 새 만기일이 필요합니다")
    if kind not in ("termination",) and amount == 0 and kind in INTERCHANGE_CODES:
        rows.add(line, "amount_krw", "금액이 0원입니다")
    return _E(line, no, date, kind, amount, new_maturity, _text(row[5]))


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems by file (in the interchange's order of files), then by row."""
    problems.sort(
        key=lambda p: (list(COLUMNS).index(p.file[:-4]) if p.file[:-4] in COLUMNS else 99, p.row)
    )
    return problems


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


def _check_program_funding(plan: _Plan, tables, problems: list[Problem]) -> None:
    """programs.csv's `funding_krw` is a check, not a figure: a programme's funding is the
    contributions booked to it. Refuse a programme whose column disagrees with the
    contributions this import books to it (base_assets.csv), or, when the import books none,
    with what the journal already holds for it; name both figures."""
    from programs.funding import funding_by_program

    booked_here: dict[str, int] = {}
    for _on, kind, _category, _who, code, amount, _memo in plan.base_assets:
        if kind == "contribution" and code and isinstance(amount, int):
            booked_here[code] = booked_here.get(code, 0) + amount
    in_journal = {
        code: funding_by_program(program_ids=[pk]).get(pk, 0)
        for code, pk in Program.objects.filter(
            code__in=[p[0] for p in plan.programs if p[0] not in booked_here]
        ).values_list("code", "id")
    }
    for program in plan.programs:
        code, funding = program[0], program[2]
        line = plan.program_lines[code]
        if not isinstance(funding, int):
            continue  # already reported as a bad cell
        booked = booked_here.get(code, in_journal.get(code, 0))
        if funding != booked:
            problems.append(
                Problem(
                    "programs",
                    line,
                    "funding_krw",
                    f"재원 {funding:,}원이 출연금 기록 {booked:,}원과 다릅니다"
                    " (재원은 base_assets.csv의 이 상품 출연금 합계입니다)",
                )
            )


def _check_subsidies(plan: _Plan, tables, problems: list[Problem], *, program_codes, today):
    """subsidies.csv: each payment names a programme guarantee of this book or of the
    database, under that programme, for a period within the guarantee's life, paid after the
    period began. A payment already recorded (same guarantee and period) with the same amount
    and date is skipped; with another amount or date it is a problem (a correction is a
    reversing entry, not a second import)."""
    from ...models import SubsidyPayment

    source = tables.get("subsidies", ())
    if not source:
        return
    rows = _Rows("subsidies", problems)
    numbers = {_text(r[1]) for r in source}
    in_db = {
        no: (pk, code or "", issued)
        for no, pk, code, issued in Guarantee.objects.filter(guarantee_no__in=numbers).values_list(
            "guarantee_no", "id", "program__code", "issued_on"
        )
    }
    recorded = {
        (no, start, end): (amount, paid_on)
        for no, start, end, amount, paid_on in SubsidyPayment.objects.filter(
            guarantee__guarantee_no__in=numbers
        ).values_list(
            "guarantee__guarantee_no", "period_start", "period_end", "amount_krw", "paid_on"
        )
    }
    seen: dict[tuple, int] = {}
    for line, row in enumerate(source, start=2):
        before = len(problems)
        program, no = _text(row[0]), _text(row[1])
        if program not in program_codes:
            rows.add(line, "program_code", f"알 수 없는 상품 코드입니다: {program!r}")
        g = plan.guarantees.get(no)
        if g is not None:
            g_program, issued = g.program, g.issued_on
        elif no in in_db:
            _pk, g_program, issued = in_db[no]
        else:
            g_program = issued = None
            rows.add(line, "guarantee_no", f"알 수 없는 보증번호입니다: {no!r}")
        if g_program is not None and program in program_codes and g_program != program:
            rows.add(
                line,
                "program_code",
                f"보증 {no}의 상품은 {g_program or '일반보증'}입니다: {program!r}",
            )
        start = rows.cell(line, "period_start", _date, row[2], latest=today)
        end = rows.cell(line, "period_end", _date, row[3])
        amount = rows.cell(line, "amount_krw", _int, row[4], minimum=1)
        paid_on = rows.cell(line, "paid_on", _date, row[5], latest=today)
        if start and end and end < start:
            rows.add(line, "period_end", "대상 기간의 끝이 시작보다 이릅니다")
        if start and issued and start < issued:
            rows.add(line, "period_start", f"보증 발급일({issued}) 전입니다")
        if start and paid_on and paid_on < start:
            rows.add(line, "paid_on", "대상 기간 시작 전에 지급할 수 없습니다")
        if len(problems) > before:
            continue
        key = (no, start, end)
        if key in seen:
            rows.add(line, "period_start", f"같은 보증·기간의 지급이 {seen[key]}행에도 있습니다")
            continue
        seen[key] = line
        if key in recorded:
            if recorded[key] != (amount, paid_on):
                rows.add(
                    line,
                    "amount_krw",
                    "이미 기록된 같은 보증·기간의 지급과 금액 또는 지급일이 다릅니다",
                )
            else:
                plan.skipped_subsidies += 1
            continue
        plan.subsidies.append(_S(line, program, no, start, end, amount, paid_on))
