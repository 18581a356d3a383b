"""이차보전 청구 (interest-subsidy claims): the one way a programme's subsidy becomes money.

    prepare (전략기획부: the period's lines, one per guarantee, from the rate the bank reported
             at loan execution and the programme's steps; within the year's budget)
      → approve (a second person: Dr memo.subsidy_payable / Cr contra, within the budget)
        | reject (reason; nothing booked, the period may be claimed again)
      → pay (the contributor officer or staff: the payable reversed, one SubsidyPayment per
             line, each booked Dr memo.subsidy_paid / Cr contra)

Invariants: a period of a programme is claimed once (every status but 반려 holds it); the
approved and paid claims of a year never exceed that year's SubsidyBudget (the budget row is
locked while a claim is prepared or approved, so two approvals cannot both fit in the last
won); each step's rows and journal entries are written in one transaction or not at all.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from common.errors import DomainError
from common.money import format_won
from ledger import chart
from ledger.models import EntryKind, Posting
from ledger.services import Line, journal_post
from programs.models import InterestSubsidyStep, Program, SubsidyBudget, SubsidyClaimFrequency

from ..book.selectors import subsidy_between
from ..models import (
    Guarantee,
    SubsidyClaim,
    SubsidyClaimLine,
    SubsidyClaimStatus,
    SubsidyPayment,
)
from ..models.contributors import LIVE_CLAIM
from .services import subsidy_payment_record

# the statuses that use a year's budget (a pending claim is counted when a new one is made)
USING_BUDGET = (SubsidyClaimStatus.APPROVED, SubsidyClaimStatus.PAID)


class SubsidyClaimError(DomainError):
    code = "subsidy_claim_invalid"


def claim_period(program: Program, *, year: int, number: int) -> tuple[dt.date, dt.date]:
    """The days of period `number` of `year` under the programme's claim frequency: month
    1–12 or quarter 1–4."""
    if program.subsidy_claim_frequency == SubsidyClaimFrequency.MONTHLY:
        if not 1 <= number <= 12:
            raise SubsidyClaimError(
                f"월별 청구 상품의 기간은 1~12월입니다({number}).", code="subsidy_claim_period"
            )
        first_month, months = number, 1
    else:
        if not 1 <= number <= 4:
            raise SubsidyClaimError(
                f"분기별 청구 상품의 기간은 1~4분기입니다({number}).", code="subsidy_claim_period"
            )
        first_month, months = 3 * (number - 1) + 1, 3
    last_month = first_month + months - 1
    return (
        dt.date(year, first_month, 1),
        dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def period_label(program: Program, start: dt.date) -> str:
    if program.subsidy_claim_frequency == SubsidyClaimFrequency.MONTHLY:
        return f"{start.year}년 {start.month}월"
    return f"{start.year}년 {(start.month - 1) // 3 + 1}분기"


def program_contributor(program_id: int) -> str:
    """The contributor that pays the programme's subsidy: the one whose contributions booked
    to it are the largest (journal); '' when none is booked."""
    row = (
        Posting.objects.filter(account__is_base_asset=True, program_id=program_id)
        .exclude(contributor="")
        .values("contributor")
        .annotate(total=Sum("amount_krw"))
        .order_by("total", "contributor")  # credits: the most negative is the largest
        .first()
    )
    return row["contributor"] if row else ""


def claim_lines_compute(
    program: Program, *, start: dt.date, end: dt.date
) -> tuple[list[SubsidyClaimLine], int]:
    """The unsaved lines of a claim for start..end and the number of the programme's
    guarantees the bank has not reported as executed (not claimed: their rate is unknown).
    Four queries whatever the number of guarantees. A guarantee already paid for a period
    overlapping this one (e.g. imported history) is left out."""
    steps = list(InterestSubsidyStep.objects.filter(program=program).order_by("from_year"))
    if not steps:
        raise SubsidyClaimError(
            f"{with_program(program)} 이차보전 단계가 없어 청구할 수 없습니다.",
            code="subsidy_claim_no_steps",
        )
    guarantees = list(
        Guarantee.objects.filter(program=program, issued_on__lte=end, matures_on__gt=start)
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
    paid = set(
        SubsidyPayment.objects.filter(
            program=program, period_start__lte=end, period_end__gte=start
        ).values_list("guarantee_id", flat=True)
    )
    executed = {g.id for g in guarantees if getattr(g, "loan_execution", None) is not None}
    movements = defaultdict(list)
    for guarantee_id, day, amount in Posting.objects.filter(
        guarantee_id__in=executed - paid, account__code=chart.EXPOSURE, entry_date__lte=end
    ).values_list("guarantee_id", "entry_date", "amount_krw"):
        movements[guarantee_id].append((day, amount))
    lines, not_executed = [], 0
    for g in guarantees:
        if g.id in paid:
            continue
        if g.id not in executed:
            not_executed += 1
            continue
        rate = g.loan_execution.interest_rate_pct
        amount = subsidy_between(
            guarantee=g,
            first_day=start,
            last_day=end,
            loan_rate_pct=rate,
            steps=steps,
            movements=movements[g.id],
        )
        if amount > 0:
            lines.append(SubsidyClaimLine(guarantee=g, loan_rate_pct=rate, amount_krw=amount))
    return lines, not_executed


def with_program(program: Program) -> str:
    from common.korean import with_particle

    return with_particle(f"‘{program.name}’", "은")


def _budget_locked(program: Program, year: int) -> SubsidyBudget:
    budget = SubsidyBudget.objects.select_for_update().filter(program=program, year=year).first()
    if budget is None:
        raise SubsidyClaimError(
            f"{program.name}의 {year}년 이차보전 예산이 정해지지 않아 청구할 수 없습니다.",
            code="subsidy_no_budget",
        )
    return budget


def _year_claims(program: Program, year: int, *, exclude_id: int | None = None) -> dict:
    rows = (
        SubsidyClaim.objects.filter(program=program, period_start__year=year)
        .exclude(id=exclude_id)
        .values("status")
        .annotate(total=Sum("amount_krw"))
    )
    return {r["status"]: int(r["total"]) for r in rows}


def _over_budget(program, budget, *, used, pending, amount) -> SubsidyClaimError:
    left = max(budget.amount_krw - used - pending, 0)
    waiting = f", 승인 대기 {format_won(pending)}" if pending else ""
    return SubsidyClaimError(
        f"{program.name}의 {budget.year}년 이차보전 예산이 부족합니다: 예산 "
        f"{format_won(budget.amount_krw)}, 사용 {format_won(used)}{waiting}, 남은 예산 "
        f"{format_won(left)}으로 이번 청구 {format_won(amount)}을 감당할 수 없습니다.",
        code="subsidy_over_budget",
    )


def subsidy_claim_prepare(*, program_id: int, year: int, number: int, prepared_by) -> SubsidyClaim:
    """이차보전 청구 작성: gather period `number` of `year` into a pending claim."""
    with transaction.atomic(durable=True):
        program = Program.objects.select_for_update().get(id=program_id)
        start, end = claim_period(program, year=year, number=number)
        if end >= timezone.localdate():
            raise SubsidyClaimError(
                f"{period_label(program, start)}이 끝나지 않아 아직 청구할 수 없습니다.",
                code="subsidy_claim_period_open",
            )
        budget = _budget_locked(program, year)
        if SubsidyClaim.objects.filter(
            LIVE_CLAIM, program=program, period_start__lte=end, period_end__gte=start
        ).exists():
            raise SubsidyClaimError(
                f"{program.name}의 {period_label(program, start)} 이차보전은 이미 청구되었습니다.",
                code="subsidy_period_claimed",
            )
        lines, not_executed = claim_lines_compute(program, start=start, end=end)
        amount = sum(line.amount_krw for line in lines)
        if amount <= 0:
            raise SubsidyClaimError(
                f"{program.name}의 {period_label(program, start)}에는 청구할 이차보전이 "
                f"없습니다(대출실행 미보고 {not_executed}건).",
                code="subsidy_claim_empty",
            )
        totals = _year_claims(program, year)
        used = sum(totals.get(s, 0) for s in USING_BUDGET)
        pending = totals.get(SubsidyClaimStatus.PENDING, 0)
        if used + pending + amount > budget.amount_krw:
            raise _over_budget(program, budget, used=used, pending=pending, amount=amount)
        try:
            with transaction.atomic():
                claim = SubsidyClaim.objects.create(
                    program=program,
                    contributor=program_contributor(program.id),
                    period_start=start,
                    period_end=end,
                    amount_krw=amount,
                    guarantees_count=len(lines),
                    not_executed_count=not_executed,
                    prepared_by=prepared_by,
                )
        except IntegrityError as exc:  # the same period, claimed by someone at the same time
            raise SubsidyClaimError(
                f"{program.name}의 {period_label(program, start)} 이차보전은 이미 청구되었습니다.",
                code="subsidy_period_claimed",
            ) from exc
        for line in lines:
            line.claim = claim
        SubsidyClaimLine.objects.bulk_create(lines)
        return claim


def _claim_locked(claim_id: int) -> SubsidyClaim:
    return SubsidyClaim.objects.select_for_update().select_related("program").get(id=claim_id)


def _decidable(claim: SubsidyClaim, user) -> None:
    if claim.status != SubsidyClaimStatus.PENDING:
        raise SubsidyClaimError(
            f"이 청구는 이미 ‘{claim.get_status_display()}’ 상태라 다시 결정할 수 없습니다.",
            code="subsidy_claim_decided",
        )
    if claim.prepared_by_id == user.id:
        raise SubsidyClaimError(
            "청구를 작성한 사람은 승인하거나 반려할 수 없습니다(다른 담당자가 결정합니다).",
            code="subsidy_four_eyes",
        )


def subsidy_claim_approve(*, claim_id: int, approver) -> SubsidyClaim:
    """승인: a second person; books the claim as payable by the contributor, within the
    year's budget."""
    with transaction.atomic(durable=True):
        claim = _claim_locked(claim_id)
        _decidable(claim, approver)
        program = claim.program
        budget = _budget_locked(program, claim.period_start.year)
        totals = _year_claims(program, budget.year, exclude_id=claim.id)
        used = sum(totals.get(s, 0) for s in USING_BUDGET)
        if used + claim.amount_krw > budget.amount_krw:
            raise _over_budget(program, budget, used=used, pending=0, amount=claim.amount_krw)
        today = timezone.localdate()
        dims = {"program_id": program.id, "contributor": claim.contributor}
        claim.payable_entry = journal_post(
            date=today,
            kind=EntryKind.SUBSIDY_CLAIM,
            memo=f"이차보전 청구 승인 {program.code}, 기간 {claim.period_start}부터 {claim.period_end}까지",
            idempotency_key=f"subsidy-claim:{claim.id}:payable",
            created_by=approver,
            lines=[
                Line(chart.SUBSIDY_PAYABLE, claim.amount_krw, **dims),
                Line(chart.SUBSIDY_PAYABLE_CONTRA, -claim.amount_krw, **dims),
            ],
        )
        claim.status = SubsidyClaimStatus.APPROVED
        claim.decided_by, claim.decided_at = approver, timezone.now()
        claim.save(update_fields=["status", "decided_by", "decided_at", "payable_entry"])
        return claim


def subsidy_claim_reject(*, claim_id: int, approver, reason: str) -> SubsidyClaim:
    """반려: nothing is booked; the period may be claimed again."""
    reason = reason.strip()
    if not reason:
        raise SubsidyClaimError("반려 사유를 적어 주세요.", code="subsidy_reject_reason")
    with transaction.atomic(durable=True):
        claim = _claim_locked(claim_id)
        _decidable(claim, approver)
        claim.status = SubsidyClaimStatus.REJECTED
        claim.decided_by, claim.decided_at = approver, timezone.now()
        claim.decision_reason = reason[:300]
        claim.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        return claim


def subsidy_claim_pay(*, claim_id: int, paid_on: dt.date, paid_by) -> SubsidyClaim:
    """지급: the contributor paid an approved claim on `paid_on`. Reverses the payable and
    records one SubsidyPayment per line (each booked to memo.subsidy_paid)."""
    with transaction.atomic(durable=True):
        claim = _claim_locked(claim_id)
        if claim.status != SubsidyClaimStatus.APPROVED:
            raise SubsidyClaimError(
                f"‘{claim.get_status_display()}’ 상태의 청구는 지급할 수 없습니다"
                "(재단이 승인한 청구만 지급합니다).",
                code="subsidy_claim_not_approved",
            )
        approved_on = timezone.localtime(claim.decided_at).date()
        if paid_on < approved_on:
            raise SubsidyClaimError(
                f"지급일({paid_on})이 승인일({approved_on}) 전입니다.", code="subsidy_paid_on"
            )
        if paid_on > timezone.localdate():
            raise SubsidyClaimError(f"지급일({paid_on})이 오늘 이후입니다.", code="subsidy_paid_on")
        program = claim.program
        dims = {"program_id": program.id, "contributor": claim.contributor}
        claim.settlement_entry = journal_post(
            date=paid_on,
            kind=EntryKind.SUBSIDY_PAYMENT,
            memo=f"이차보전 청구 지급 {program.code}, 기간 {claim.period_start}부터 {claim.period_end}까지",
            idempotency_key=f"subsidy-claim:{claim.id}:paid",
            created_by=paid_by,
            lines=[
                Line(chart.SUBSIDY_PAYABLE, -claim.amount_krw, **dims),
                Line(chart.SUBSIDY_PAYABLE_CONTRA, claim.amount_krw, **dims),
            ],
        )
        lines = list(claim.lines.select_related("guarantee"))
        for line in lines:
            g = line.guarantee
            line.payment = subsidy_payment_record(
                guarantee=g,
                period_start=max(claim.period_start, g.issued_on),
                period_end=min(claim.period_end, g.matures_on - dt.timedelta(days=1)),
                amount_krw=line.amount_krw,
                paid_on=paid_on,
                contributor=claim.contributor,
                created_by=paid_by,
            )
        SubsidyClaimLine.objects.bulk_update(lines, ["payment"])
        claim.status = SubsidyClaimStatus.PAID
        claim.paid_on, claim.paid_by = paid_on, paid_by
        claim.save(update_fields=["status", "paid_on", "paid_by", "settlement_entry"])
        return claim
