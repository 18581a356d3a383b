"""Reads over the guarantee book, all from the journal (DESIGN.md "The council report").

Definitions, so that every figure is reproducible:
- supply in Y = issuance entries + extension entries dated in Y: count of entries, amount =
  their debits on `memo.exposure` (an extension re-books the exposure it renews);
- balance at the end of Y = guarantees whose `memo.exposure` balance is > 0 on 12-31;
- accidents / normalisations = `accident` / `normalization` entries in Y, amount = their
  debit on `memo.accident` / `memo.accident_contra`;
- subrogations (구상채권 발생) = `subrogation` entries, amount = their debit on recourse claims;
- recoveries / write-offs = `recovery` / `write_off` entries, amount = their credit on recourse
  claims;
- recourse-claim balance and base assets = account balances on 12-31.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, TypedDict

from django.db import connection

from common.errors import DomainError
from ledger import chart
from ledger.models import EntryKind
from ledger.selectors import balance, base_assets
from ledger.services import account_id

from .vocabulary import SUPPLY_ENTRY_KINDS

if TYPE_CHECKING:
    from programs.models import Program

# metric → (entry kinds, account, sign of the postings that carry the amount)
_FLOWS: dict[str, tuple[tuple[str, ...], str, int]] = {
    "supply": (
        (EntryKind.GUARANTEE_ISSUE, *sorted(SUPPLY_ENTRY_KINDS)),
        chart.EXPOSURE,
        +1,
    ),
    "accidents": ((EntryKind.ACCIDENT,), chart.ACCIDENT_MEMO, +1),
    "normalizations": ((EntryKind.NORMALIZATION,), chart.ACCIDENT_CONTRA, +1),
    "subrogations": ((EntryKind.SUBROGATION,), chart.RECOURSE_CLAIMS, +1),
    "recoveries": ((EntryKind.RECOVERY,), chart.RECOURSE_CLAIMS, -1),
    "write_offs": ((EntryKind.WRITE_OFF,), chart.RECOURSE_CLAIMS, -1),
}


def flow(*, metric: str, start: dt.date, end: dt.date, **dimensions) -> dict[str, int]:
    """{count, amount_krw} of one flow metric between two dates (inclusive)."""
    kinds, account, sign = _FLOWS[metric]
    # e.date repeats p.entry_date (the database keeps them equal): it lets the entries be
    # read through their (kind, date) index instead of all of them (docs/performance.md).
    where = [
        "p.account_id = %s",
        "p.entry_date BETWEEN %s AND %s",
        "e.date BETWEEN %s AND %s",
        "e.kind = ANY(%s)",
    ]
    params: list = [account_id(account), start, end, start, end, [str(k) for k in kinds]]
    where.append("p.amount_krw > 0" if sign > 0 else "p.amount_krw < 0")
    for name, value in dimensions.items():
        where.append(f"p.{name} = %s")  # name comes from code (branch_id, program_id)
        params.append(value)
    sql = (
        "SELECT count(DISTINCT p.entry_id), coalesce(sum(abs(p.amount_krw)), 0) "  # nosec B608  # column names from code; values are parameters
        "FROM ledger_posting p JOIN ledger_journalentry e ON e.id = p.entry_id "
        f"WHERE {' AND '.join(where)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, amount = cursor.fetchone()
    return {"count": int(count), "amount_krw": int(amount)}


def outstanding_guarantees(*, at: dt.date) -> dict[str, int]:
    """보증잔액: {count of guarantees with exposure > 0, total exposure} at `at`."""
    return outstanding_guarantees_at([at])[at]


def outstanding_guarantees_at(dates: list[dt.date]) -> dict[dt.date, dict[str, int]]:
    """보증잔액 at several dates from one pass over the exposure postings (a guarantee's
    balance at each date is a filtered sum of the same rows): the council report compares
    two year ends, and this pass is most of its data time (docs/performance.md)."""
    dates = sorted(set(dates))
    sums = ", ".join(
        f"sum(amount_krw) FILTER (WHERE entry_date <= %s) AS t{i}" for i in range(len(dates))
    )
    figures = ", ".join(
        f"count(*) FILTER (WHERE t{i} > 0), coalesce(sum(t{i}) FILTER (WHERE t{i} > 0), 0)"
        for i in range(len(dates))
    )
    sql = (
        f"SELECT {figures} FROM ("  # nosec B608  # fragments built from code; dates are parameters
        f"  SELECT guarantee_id, {sums} FROM ledger_posting"
        "  WHERE account_id = %s AND entry_date <= %s GROUP BY guarantee_id"
        ") g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*dates, account_id(chart.EXPOSURE), dates[-1]])
        row = cursor.fetchone()
    return {
        at: {"count": int(row[2 * i]), "amount_krw": int(row[2 * i + 1])}
        for i, at in enumerate(dates)
    }


def book_summary(*, year: int) -> dict:
    """The year's book figures in won (the `book_summary --json` dict)."""
    return book_summaries(years=[year])[year]


def book_summaries(*, years: list[int]) -> dict[int, dict]:
    """book_summary of several years, the year-end balances read in one pass."""
    balances = outstanding_guarantees_at([dt.date(year, 12, 31) for year in years])
    summaries = {}
    for year in years:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        summary: dict = {"year": year}
        summary["supply"] = flow(metric="supply", start=start, end=end)
        summary["balance"] = balances[end]
        for metric in ("accidents", "normalizations", "subrogations", "recoveries", "write_offs"):
            summary[metric] = flow(metric=metric, start=start, end=end)
        summary["claims_balance_krw"] = balance(accounts=[chart.RECOURSE_CLAIMS], at=end)
        summary["base_assets_krw"] = base_assets(end)
        summaries[year] = summary
    return summaries


def guarantee_balances(*, guarantee_id: int, at: dt.date | None = None) -> dict[str, int]:
    """One guarantee's exposure, open accident amount and recourse-claim balance."""
    at = at or dt.date.max
    return {
        "exposure_krw": balance(accounts=[chart.EXPOSURE], at=at, guarantee_id=guarantee_id),
        "accident_krw": balance(accounts=[chart.ACCIDENT_MEMO], at=at, guarantee_id=guarantee_id),
        "claim_krw": balance(accounts=[chart.RECOURSE_CLAIMS], at=at, guarantee_id=guarantee_id),
    }


# ----------------------------------------------------------------------------- 이차보전


def _anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class LoanNotExecuted(DomainError):
    """The bank has not reported the loan's execution, so its rate is unknown."""

    code = "loan_not_executed"


NOT_EXECUTED_MESSAGE = "대출실행 미보고 — 이차보전을 계산할 수 없습니다"


def reported_rate_pct(guarantee):
    """The loan rate the bank reported at execution (`LoanExecution.interest_rate_pct`), or
    None when no execution was reported (never a guessed rate)."""
    from ..models import LoanExecution

    try:
        return guarantee.loan_execution.interest_rate_pct
    except LoanExecution.DoesNotExist:
        return None


def interest_subsidy(*, guarantee, year: int) -> int:
    """이차보전: what the city owes for `year` on one guarantee, under its programme's steps.

    The loan balance is the guarantee's exposure scaled back to the loan (÷ ratio); each day
    of the year earns balance × rate ÷ 365, where the rate is the step of that loan year
    (1st year = the first 12 months after issue): the whole loan rate (the rate the bank
    reported at loan execution, `LoanExecution.interest_rate_pct`) or the step's %p. Rounded
    down once, to the won. Raises `LoanNotExecuted` when the bank has not reported the
    execution: the subsidy is then not computed.
    """
    from programs.models import InterestSubsidyStep

    if guarantee.program_id is None:
        return 0
    steps = list(InterestSubsidyStep.objects.filter(program_id=guarantee.program_id))
    if not steps:
        return 0
    rate = reported_rate_pct(guarantee)
    if rate is None:
        raise LoanNotExecuted(f"{guarantee.guarantee_no}: {NOT_EXECUTED_MESSAGE}")
    movements = list(
        _exposure_postings(guarantee.id)
        .filter(entry_date__lte=dt.date(year, 12, 31))
        .values_list("entry_date", "amount_krw")
    )
    return _subsidy_amount(
        guarantee=guarantee, year=year, loan_rate_pct=rate, steps=steps, movements=movements
    )


class SubsidyRow(TypedDict):
    """One programme's line of `interest_subsidy_by_program`."""

    program: Program
    guarantees: int
    amount_krw: int
    not_executed: int


def _subsidy_amount(*, guarantee, year: int, loan_rate_pct, steps, movements) -> int:
    """The computation of `interest_subsidy`, on rows already read (no query)."""
    return subsidy_between(
        guarantee=guarantee,
        first_day=dt.date(year, 1, 1),
        last_day=dt.date(year, 12, 31),
        loan_rate_pct=loan_rate_pct,
        steps=steps,
        movements=movements,
    )


def subsidy_between(
    *, guarantee, first_day: dt.date, last_day: dt.date, loan_rate_pct, steps, movements
) -> int:
    """이차보전 of one guarantee for the days first_day..last_day (both included), on rows
    already read (no query): `steps` of its programme, `movements` its exposure postings as
    (date, amount). Rounded down once, to the won (see `interest_subsidy`)."""
    from decimal import ROUND_DOWN, Decimal

    start = max(first_day, guarantee.issued_on)
    end = min(last_day, guarantee.matures_on - dt.timedelta(days=1))
    if end < start:
        return 0
    movements = [(d, amount) for d, amount in movements if d <= end]
    loan_per_exposure = Decimal(guarantee.loan_amount_krw) / Decimal(
        guarantee.guaranteed_amount_krw
    )
    cuts = {start, end + dt.timedelta(days=1)}
    cuts |= {d for d, _ in movements if start < d <= end}
    n = 1
    while (a := _anniversary(guarantee.issued_on, n)) <= end:
        if a > start:
            cuts.add(a)
        n += 1
    points = sorted(cuts)
    total = Decimal(0)
    for left, right in itertools.pairwise(points):
        exposure = sum(amount for d, amount in movements if d <= left)
        if exposure <= 0:
            continue
        loan_year = 1
        while _anniversary(guarantee.issued_on, loan_year) <= left:
            loan_year += 1
        step = next((s for s in steps if s.from_year <= loan_year <= s.to_year), None)
        if step is None:
            continue
        rate = Decimal(loan_rate_pct) if step.covers_full_interest else step.rate_pct
        total += exposure * loan_per_exposure * rate / 100 * (right - left).days / 365
    return int(total.to_integral_value(rounding=ROUND_DOWN))


def _exposure_postings(guarantee_id: int):
    from ledger.models import Posting

    return Posting.objects.filter(guarantee_id=guarantee_id, account__code=chart.EXPOSURE)


def interest_subsidy_by_program(*, year: int) -> dict:
    """The year's 이차보전 per programme that has a subsidy schedule, at the rate each bank
    reported at loan execution. Set-based: three queries whatever the number of guarantees
    (the steps, the guarantees with their execution, the exposure postings).

    Returns {"rows": [{program, guarantees, amount_krw, not_executed}], "not_executed":
    [guarantee, ...]} — a guarantee without an execution report is not computed, it is
    counted in its programme's `not_executed` and listed.
    """
    from collections import defaultdict

    from ledger.models import Posting
    from programs.models import InterestSubsidyStep

    from ..models import Guarantee

    steps_by_program: defaultdict[int | None, list[InterestSubsidyStep]] = defaultdict(list)
    programs = {}
    for step in InterestSubsidyStep.objects.select_related("program").order_by(
        "program__code", "from_year"
    ):
        steps_by_program[step.program_id].append(step)
        programs[step.program_id] = step.program
    guarantees = list(
        Guarantee.objects.filter(
            program_id__in=list(programs),
            issued_on__lte=dt.date(year, 12, 31),
            matures_on__gt=dt.date(year, 1, 1),
        )
        .select_related("loan_execution")
        .only(
            "id",
            "guarantee_no",
            "program_id",
            "issued_on",
            "matures_on",
            "loan_amount_krw",
            "guaranteed_amount_krw",
            "loan_execution__id",
            "loan_execution__interest_rate_pct",
        )
        .order_by("guarantee_no")
    )
    executed = {g.id for g in guarantees if reported_rate_pct(g) is not None}
    movements = defaultdict(list)
    if executed:
        for guarantee_id, day, amount in Posting.objects.filter(
            guarantee_id__in=executed,
            account__code=chart.EXPOSURE,
            entry_date__lte=dt.date(year, 12, 31),
        ).values_list("guarantee_id", "entry_date", "amount_krw"):
            movements[guarantee_id].append((day, amount))
    rows: dict[int | None, SubsidyRow] = {
        pid: {"program": program, "guarantees": 0, "amount_krw": 0, "not_executed": 0}
        for pid, program in programs.items()
    }
    not_executed = []
    for g in guarantees:
        row = rows[g.program_id]
        if g.id not in executed:
            row["not_executed"] += 1
            not_executed.append(g)
            continue
        amount = _subsidy_amount(
            guarantee=g,
            year=year,
            loan_rate_pct=g.loan_execution.interest_rate_pct,
            steps=steps_by_program[g.program_id],
            movements=movements[g.id],
        )
        if amount:
            row["guarantees"] += 1
            row["amount_krw"] += amount
    return {"rows": list(rows.values()), "not_executed": not_executed}
