"""Pledge figures (공약 실적) per programme and year, in the shape of the contributors' own
reports (seeds 000, 003, 004). Computed from records, never typed: a flat number of aggregate
queries whatever the size of the book.

- guarantees, amount_krw: that year's new guarantees under the programme (issued_on in the
  year; amount = guaranteed amount), businesses: the distinct businesses among them;
- subsidy_krw, subsidy_businesses: 이차보전 payments made in the year (paid_on) and the
  distinct businesses they went to;
- consultations: consultations recorded for the programme in the year.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from common.money import percent
from guarantees.models import Consultation, Guarantee, SubsidyPayment
from programs.models import Program, ProgramYearTarget

KEYS = (
    "businesses",
    "guarantees",
    "amount_krw",
    "subsidy_businesses",
    "subsidy_krw",
    "consultations",
)


def pledge_years(program: Program, *, until: dt.date | None = None) -> list[dict]:
    """[{"year", "businesses", "guarantees", "amount_krw", "subsidy_businesses",
    "subsidy_krw", "consultations"}] for every year with a record, oldest first; records after
    `until` (e.g. a half-year report's 6월말) are left out. Four queries."""
    guarantees = Guarantee.objects.filter(program=program)
    subsidies = SubsidyPayment.objects.filter(program=program)
    consultations = Consultation.objects.filter(program=program)
    if until is not None:
        guarantees = guarantees.filter(issued_on__lte=until)
        subsidies = subsidies.filter(paid_on__lte=until)
        consultations = consultations.filter(date__lte=until)
    years: dict[int, dict] = {}

    def row(year: int) -> dict:
        return years.setdefault(year, {"year": year, **dict.fromkeys(KEYS, 0)})

    for g in (
        guarantees.annotate(y=ExtractYear("issued_on"))
        .values("y")
        .annotate(
            n=Count("id"),
            amount=Sum("guaranteed_amount_krw"),
            businesses=Count("business_id", distinct=True),
        )
    ):
        r = row(g["y"])
        r["guarantees"], r["amount_krw"], r["businesses"] = (
            g["n"],
            int(g["amount"]),
            g["businesses"],
        )
    for s in (
        subsidies.annotate(y=ExtractYear("paid_on"))
        .values("y")
        .annotate(
            amount=Sum("amount_krw"), businesses=Count("guarantee__business_id", distinct=True)
        )
    ):
        r = row(s["y"])
        r["subsidy_krw"], r["subsidy_businesses"] = int(s["amount"]), s["businesses"]
    for c in consultations.annotate(y=ExtractYear("date")).values("y").annotate(n=Count("id")):
        row(c["y"])["consultations"] = c["n"]
    return [years[y] for y in sorted(years)]


def pledge_report(program: Program, *, until: dt.date | None = None) -> dict:
    """The `pledge_report --json` document."""
    return {"program_code": program.code, "years": pledge_years(program, until=until)}


def pledge_rows(program: Program, *, until: dt.date | None = None) -> list[dict]:
    """The page's rows: each year's figures with the yearly target (금액, 건수), 달성률 and the
    cumulative amount and count (누계). Five queries."""
    targets = {t.year: t for t in ProgramYearTarget.objects.filter(program=program)}
    rows, total_amount, total_count = [], 0, 0
    years = {r["year"]: r for r in pledge_years(program, until=until)}
    for year in sorted(set(years) | set(targets)):
        figures = years.get(year) or {"year": year, **dict.fromkeys(KEYS, 0)}
        target = targets.get(year)
        total_amount += figures["amount_krw"]
        total_count += figures["guarantees"]
        rows.append(
            {
                **figures,
                "target_amount_krw": target.amount_krw if target else None,
                "target_count": target.count if target else None,
                "amount_rate": percent(figures["amount_krw"], target.amount_krw)
                if target
                else None,
                "count_rate": percent(figures["guarantees"], target.count) if target else None,
                "cumulative_amount_krw": total_amount,
                "cumulative_guarantees": total_count,
            }
        )
    return rows


def funded_program_ids(contributor: str) -> list[int]:
    """The programmes a contributor funds: those its contributions are booked to (journal)."""
    from ledger.models import Posting

    return list(
        Posting.objects.filter(
            account__is_base_asset=True, contributor=contributor, program__isnull=False
        )
        .values_list("program_id", flat=True)
        .distinct()
    )


def contributor_programs(contributor: str, *, today: dt.date | None = None) -> list[dict]:
    """Each programme the contributor funds: its funding (and the contributor's own part),
    capacity, use (committed), remaining, outstanding guarantees, 이차보전 paid, and its
    pledge rows. A flat number of queries per programme."""
    from django.db.models import Q

    from ledger import chart
    from ledger.models import Posting
    from programs.funding import capacity_for, funding_by_program

    ids = funded_program_ids(contributor)
    programs = list(Program.objects.filter(id__in=ids).order_by("code"))
    funding = funding_by_program(at=today, program_ids=ids)
    own = dict(
        Posting.objects.filter(
            account__is_base_asset=True, contributor=contributor, program_id__in=ids
        )
        .values_list("program_id")
        .annotate(total=Sum("amount_krw"))
    )
    outstanding = dict(
        Posting.objects.filter(account__code=chart.EXPOSURE, program_id__in=ids)
        .filter(Q(entry_date__lte=today) if today else Q())
        .values_list("program_id")
        .annotate(total=Sum("amount_krw"))
    )
    subsidy = dict(
        SubsidyPayment.objects.filter(program_id__in=ids)
        .values_list("program_id")
        .annotate(total=Sum("amount_krw"))
    )
    result = []
    for program in programs:
        krw = funding.get(program.id, 0)
        capacity = capacity_for(program, krw)
        result.append(
            {
                "program": program,
                "funding_krw": krw,
                "own_funding_krw": -int(own.get(program.id) or 0),
                "capacity_krw": capacity,
                "committed_krw": program.committed_krw,
                "remaining_krw": max(capacity - program.committed_krw, 0),
                "use_pct": percent(program.committed_krw, capacity),
                "outstanding_krw": int(outstanding.get(program.id) or 0),
                "subsidy_paid_krw": int(subsidy.get(program.id) or 0),
                "rows": pledge_rows(program),
            }
        )
    return result


def subsidy_budget_rows(*, year: int, program_ids: list[int] | None = None) -> list[dict]:
    """이차보전 예산 집행: per programme with a subsidy schedule or a budget for `year` — the
    budget, the approved and paid claims (used), the pending ones, what is paid and what is
    left. Three queries whatever the number of guarantees or claims."""
    from django.db.models import Q

    from programs.models import SubsidyBudget

    from ..models import SubsidyClaim, SubsidyClaimStatus

    programs = Program.objects.filter(
        Q(subsidy_steps__isnull=False) | Q(subsidy_budgets__year=year)
    ).distinct()
    if program_ids is not None:
        programs = programs.filter(id__in=program_ids)
    ordered = list(programs.order_by("code"))
    ids = [p.id for p in ordered]
    budgets = dict(
        SubsidyBudget.objects.filter(program_id__in=ids, year=year).values_list(
            "program_id", "amount_krw"
        )
    )
    totals: dict[int, dict] = {}
    for r in (
        SubsidyClaim.objects.filter(program_id__in=ids, period_start__year=year)
        .values("program_id", "status")
        .annotate(total=Sum("amount_krw"), n=Count("id"))
    ):
        totals.setdefault(r["program_id"], {})[r["status"]] = int(r["total"])
    rows = []
    for program in ordered:
        t = totals.get(program.id, {})
        budget = budgets.get(program.id)
        approved = t.get(SubsidyClaimStatus.APPROVED, 0)
        paid = t.get(SubsidyClaimStatus.PAID, 0)
        used = approved + paid
        rows.append(
            {
                "program": program,
                "budget_krw": budget,
                "pending_krw": t.get(SubsidyClaimStatus.PENDING, 0),
                "approved_krw": approved,
                "paid_krw": paid,
                "used_krw": used,
                "left_krw": None if budget is None else max(budget - used, 0),
                "used_pct": percent(used, budget) if budget else None,
            }
        )
    return rows
