"""The review's rules, decided once (issue 15 item 5).

Each rule is a pure function: plain values in (amounts, thresholds, ids, rows already read),
a `Verdict` out — whether the thing is allowed or required, a stable `code`, the reason in
Korean and the figures it used. Nothing here reads or writes the database.

The services ENFORCE the verdicts (`verdict.enforce()` raises the WorkflowError the page
shows); the views and templates only DISPLAY them (`verdict.reason`, `verdict.code`), so the
page never decides a rule a second time, and never guesses one from an error's wording.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from common.korean import with_particle
from common.money import format_korean_amount

from ..workflow import WorkflowError


@dataclass(frozen=True)
class Verdict:
    """A rule's answer. `allowed`: may it be done (False ⇒ the service refuses with `reason`);
    `required`: must the step happen (pre-audit, field survey, monitoring)."""

    code: str
    reason: str
    allowed: bool = True
    required: bool = False
    figures: dict[str, Any] = field(default_factory=dict)

    def enforce(self, error: type[WorkflowError] = WorkflowError) -> Verdict:
        """Raise `error(reason, code=code)` when the verdict does not allow; else self."""
        if not self.allowed:
            raise error(self.reason, code=self.code)
        return self


def _won(amount: int) -> str:
    return format_korean_amount(amount)


# ---------------------------------------------------------------------------------------------
# amounts


def amount_within_request(*, amount_krw: int, requested_krw: int | None, what: str) -> Verdict:
    """An amount (`what`: 추천 금액, 승인 금액) is more than 0 won and not above the requested
    amount (when the application states one)."""
    figures = {"amount_krw": amount_krw, "requested_krw": requested_krw}
    if amount_krw <= 0:
        return Verdict(
            "amount_not_positive",
            f"{with_particle(what, '은')} 0원보다 커야 합니다.",
            allowed=False,
            figures=figures,
        )
    if requested_krw and amount_krw > requested_krw:
        return Verdict(
            "amount_over_request",
            f"{with_particle(what, '은')} 신청 금액을 넘을 수 없습니다.",
            allowed=False,
            figures=figures,
        )
    return Verdict("amount_ok", f"{what} {_won(amount_krw)}", figures=figures)


def business_limit(
    *, amount_krw: int, limit_krw: int, used_krw: int = 0, what: str = "이번"
) -> Verdict:
    """업체당 한도: what the business already holds in the programme (approved, in pre-audit,
    signed, issued) plus this amount may not exceed the programme's per-business limit.
    Exactly the limit is allowed."""
    total = used_krw + amount_krw
    figures = {
        "amount_krw": amount_krw,
        "used_krw": used_krw,
        "limit_krw": limit_krw,
        "total_krw": total,
        "room_krw": max(limit_krw - used_krw, 0),
    }
    if total <= limit_krw:
        return Verdict(
            "within_business_limit",
            f"업체당 한도 {_won(limit_krw)} 중 {_won(total)} 사용 (남는 한도 "
            f"{_won(limit_krw - total)}).",
            figures=figures,
        )
    if used_krw:
        reason = (
            f"업체당 한도({_won(limit_krw)})를 넘습니다: 이미 승인된 {_won(used_krw)} + "
            f"{what} {_won(amount_krw)}."
        )
    else:
        reason = (
            f"{what} 금액 {with_particle(_won(amount_krw), '이')} 업체당 한도"
            f"({_won(limit_krw)})를 넘습니다."
        )
    return Verdict("over_business_limit", reason, allowed=False, figures=figures)


def recommended_amount(*, amount_krw: int, requested_krw: int | None, limit_krw: int) -> Verdict:
    """보증심사의 추천 금액: more than 0, not above the request, not above the business limit."""
    verdict = amount_within_request(
        amount_krw=amount_krw, requested_krw=requested_krw, what="추천 금액"
    )
    if not verdict.allowed:
        return verdict
    if amount_krw > limit_krw:
        return Verdict(
            "over_business_limit",
            f"추천 금액이 업체당 한도({_won(limit_krw)})를 넘습니다.",
            allowed=False,
            figures={**verdict.figures, "limit_krw": limit_krw},
        )
    return verdict


def capacity(*, amount_krw: int, remaining_krw: int) -> Verdict:
    """상품 보증 한도: the programme's remaining capacity must cover the amount (exactly the
    remainder is allowed). For display: the approval enforces it with one guarded UPDATE
    (programs.services.capacity_reserve, the same comparison), safe under concurrency."""
    figures = {
        "amount_krw": amount_krw,
        "remaining_krw": remaining_krw,
        "remaining_after_krw": remaining_krw - amount_krw,
    }
    if amount_krw <= remaining_krw:
        return Verdict(
            "within_capacity",
            f"남은 보증 한도 {_won(remaining_krw)} → 승인 후 {_won(remaining_krw - amount_krw)}",
            figures=figures,
        )
    return Verdict(
        "capacity_exhausted",
        "남은 보증 한도가 부족하여 이 금액으로는 승인할 수 없습니다 "
        f"(남은 한도 {_won(max(remaining_krw, 0))}, 승인 금액 {_won(amount_krw)}).",
        allowed=False,
        figures=figures,
    )


# ---------------------------------------------------------------------------------------------
# pre-audit and monitoring


def pre_audit(*, amount_krw: int, threshold_krw: int) -> Verdict:
    """사전감사: an approval ABOVE the threshold (ReviewPolicy, 1억원 by default) waits for the
    audit office; exactly the threshold does not."""
    figures = {"amount_krw": amount_krw, "threshold_krw": threshold_krw}
    if amount_krw > threshold_krw:
        return Verdict(
            "pre_audit_required",
            f"승인 금액 {with_particle(_won(amount_krw), '이')} 사전감사 기준 금액"
            f"({_won(threshold_krw)})을 넘어 승인 후 감사실 사전감사를 거칩니다.",
            required=True,
            figures=figures,
        )
    return Verdict(
        "pre_audit_not_required",
        f"승인 금액 {with_particle(_won(amount_krw), '이')} 사전감사 기준 금액"
        f"({_won(threshold_krw)}) 이하여서 사전감사 없이 승인됩니다.",
        figures=figures,
    )


def monitoring(*, amount_krw: int, threshold_krw: int) -> Verdict:
    """감사실 일일 모니터링: a guarantee ABOVE the threshold (ReviewPolicy, 3천만원 by default)
    is on the next business day's list. The list's query filters with the same comparison
    (`guaranteed_amount_krw__gt`), tested against this function at the boundary."""
    figures = {"amount_krw": amount_krw, "threshold_krw": threshold_krw}
    if amount_krw > threshold_krw:
        return Verdict(
            "monitoring_required",
            f"보증금액 {with_particle(_won(amount_krw), '이')} 모니터링 기준 금액"
            f"({_won(threshold_krw)})을 넘어 일일 모니터링 대상입니다.",
            required=True,
            figures=figures,
        )
    return Verdict(
        "monitoring_not_required",
        f"보증금액 {with_particle(_won(amount_krw), '이')} 모니터링 기준 금액"
        f"({_won(threshold_krw)}) 이하입니다.",
        figures=figures,
    )


def monitoring_title(threshold_krw: int) -> str:
    """The monitoring list's name, with the policy's threshold (never a figure in a template)."""
    return f"{_won(threshold_krw)} 초과 보증 일일 모니터링"


# ---------------------------------------------------------------------------------------------
# four eyes and the approval authority


def four_eyes(
    *, actor_id: int, screener_ids: Iterable[int], approver_ids: Iterable[int]
) -> Verdict:
    """4-eyes: whoever screened the application cannot approve it; nobody approves twice."""
    if actor_id in set(screener_ids):
        return Verdict(
            "screener_cannot_approve",
            "심사한 사람은 같은 신청을 승인할 수 없습니다 (4-eyes).",
            allowed=False,
        )
    if actor_id in set(approver_ids):
        return Verdict(
            "already_approved",
            "이미 이 신청을 승인한 적이 있어 다시 승인할 수 없습니다.",
            allowed=False,
        )
    return Verdict("four_eyes_ok", "심사자와 다른 사람의 승인입니다.")


class AuthorityRow(Protocol):
    max_amount_krw: int | None
    requires_committee: bool


class CommitteeRow(Protocol):
    approved: bool
    amount_krw: int


def approval_authority(
    *,
    amount_krw: int,
    authorities: Sequence[AuthorityRow],
    committee_decisions: Sequence[CommitteeRow] = (),
) -> Verdict:
    """전결 한도. `authorities`: the ApprovalAuthority rows of the approver's roles;
    `committee_decisions`: the application's committee decisions, newest first.

    - A direct row (no committee) whose limit covers the amount: the smallest such row
      (지점장 ≤ 1억: exactly 1억 is within; 영업본부 ≤ 3억).
    - Else a committee row: allowed only with an approved decision for at least the amount
      (figures["decision"] is that decision), otherwise `committee_required`.
    - Else `over_authority`, naming the actor's highest limit.
    figures["authority"] is the row the approval is made under."""
    figures: dict[str, Any] = {"amount_krw": amount_krw}
    direct = [
        r
        for r in authorities
        if not r.requires_committee
        and r.max_amount_krw is not None
        and r.max_amount_krw >= amount_krw
    ]
    if direct:
        row = min(direct, key=lambda r: r.max_amount_krw or 0)
        limit = row.max_amount_krw or 0
        return Verdict(
            "within_authority",
            f"승인 금액 {with_particle(_won(amount_krw), '이')} 전결 한도({_won(limit)}) 이내입니다.",
            figures={**figures, "authority": row, "decision": None, "limit_krw": limit},
        )
    committee_rows = [r for r in authorities if r.requires_committee]
    if committee_rows:
        decision = next(
            (d for d in committee_decisions if d.approved and d.amount_krw >= amount_krw), None
        )
        figures = {**figures, "authority": committee_rows[0], "decision": decision}
        if decision is None:
            return Verdict(
                "committee_required",
                "전결 한도를 넘는 금액입니다. 보증심사위원회 의결(출석 위원 포함)을 먼저 "
                "기록해 주세요.",
                allowed=False,
                figures=figures,
            )
        return Verdict(
            "committee_decision_recorded",
            f"보증심사위원회가 {with_particle(_won(decision.amount_krw), '을')} 의결하여 "
            "승인할 수 있습니다.",
            figures={**figures, "decision_amount_krw": decision.amount_krw},
        )
    limits = [r.max_amount_krw for r in authorities if r.max_amount_krw]
    limit_text = _won(max(limits)) if limits else "없음"
    return Verdict(
        "over_authority",
        f"승인 금액 {with_particle(_won(amount_krw), '이')} 전결 한도({limit_text})를 넘어 "
        "승인할 수 없습니다.",
        allowed=False,
        figures={**figures, "authority": None, "decision": None, "limit_krw": max(limits or [0])},
    )


# ---------------------------------------------------------------------------------------------
# the field survey


SURVEY_SKIP = "skip"
SURVEY_REQUIRE = "require"


def survey(
    *,
    bar: int | None,
    verified_score: int | None,
    program_name: str = "",
    source: str = "",
    manual_decision: str | None = None,
    manual_reason: str = "",
) -> Verdict:
    """현장조사: `required` unless it may be skipped.

    - A staff decision by hand (`manual_decision` skip/require, with its reason) decides
      first: seed 001 finding 20-3 — a poor business case or low credit ⇒ a field survey,
      whatever the score says.
    - Otherwise only the VERIFIED credit score (from the credit bureau report staff recorded;
      `source` names it) counts, never the applicant's own declaration: no verified score ⇒
      survey required; a score at or above the programme's bar ⇒ skipped; below ⇒ required.
    - A programme without a bar always needs the survey.
    """
    figures = {"bar": bar, "verified_score": verified_score, "manual_decision": manual_decision}
    if manual_decision == SURVEY_REQUIRE:
        return Verdict(
            "survey_required_by_staff",
            f"담당자가 현장조사가 필요하다고 판단했습니다: {manual_reason}",
            required=True,
            figures=figures,
        )
    if manual_decision == SURVEY_SKIP:
        return Verdict(
            "survey_skipped_by_staff",
            f"담당자가 현장조사를 생략하기로 판단했습니다: {manual_reason}",
            figures=figures,
        )
    if bar is None:
        return Verdict(
            "survey_no_bar",
            "이 상품은 현장조사 생략 기준이 없어 현장조사가 필요합니다.",
            required=True,
            figures=figures,
        )
    if verified_score is None:
        return Verdict(
            "survey_not_verified",
            "확인된 신용등급이 없어 현장조사가 필요합니다 (생략 기준: 신용조회 보고서로 확인된 "
            f"신용점수 {bar}점 이상, 신청인 신고 점수는 쓰지 않습니다).",
            required=True,
            figures=figures,
        )
    of = f" ({source})" if source else ""
    if verified_score >= bar:
        where = f"'{program_name}'의 " if program_name else ""
        return Verdict(
            "survey_skip_verified",
            f"확인된 신용점수 {verified_score}점{of}이 {where}현장조사 생략 기준({bar}점 이상)을 "
            "충족하여 현장조사를 생략합니다.",
            figures=figures,
        )
    return Verdict(
        "survey_below_bar",
        f"확인된 신용점수 {verified_score}점{of}이 현장조사 생략 기준({bar}점 이상)에 미달하여 "
        "현장조사가 필요합니다.",
        required=True,
        figures=figures,
    )
