"""The review's rules as pure functions (guarantees.review.rules): each boundary, each code,
the reason in Korean with the exact figures. No database: the rules read none."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from guarantees.review import rules
from guarantees.workflow import WorkflowError

EOK = 100_000_000
MAN = 10_000


# --- pre-audit --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "required", "code"),
    [
        (EOK - 1, False, "pre_audit_not_required"),
        (EOK, False, "pre_audit_not_required"),  # exactly 1억: not above the threshold
        (EOK + 1, True, "pre_audit_required"),
        (3 * EOK, True, "pre_audit_required"),
    ],
)
def test_pre_audit_above_the_threshold_only(amount, required, code):
    verdict = rules.pre_audit(amount_krw=amount, threshold_krw=EOK)
    assert (verdict.required, verdict.code, verdict.allowed) == (required, code, True)
    assert verdict.figures == {"amount_krw": amount, "threshold_krw": EOK}
    assert "사전감사 기준 금액(1억원)" in verdict.reason


def test_pre_audit_reason_names_the_amount_exactly():
    verdict = rules.pre_audit(amount_krw=EOK + 1, threshold_krw=EOK)
    assert verdict.reason == (
        "승인 금액 100,000,001원이 사전감사 기준 금액(1억원)을 넘어 승인 후 감사실 사전감사를 "
        "거칩니다."
    )
    assert rules.pre_audit(amount_krw=EOK + 3000 * MAN, threshold_krw=EOK).reason.startswith(
        "승인 금액 1억 3,000만원이 사전감사 기준 금액(1억원)을 넘어"
    )


# --- monitoring -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "required"), [(3000 * MAN, False), (3000 * MAN + 1, True), (EOK, True)]
)
def test_monitoring_above_the_threshold_only(amount, required):
    verdict = rules.monitoring(amount_krw=amount, threshold_krw=3000 * MAN)
    assert verdict.required is required
    assert "3,000만원" in verdict.reason


def test_monitoring_title_comes_from_the_threshold():
    assert rules.monitoring_title(3000 * MAN) == "3,000만원 초과 보증 일일 모니터링"
    assert rules.monitoring_title(5000 * MAN) == "5,000만원 초과 보증 일일 모니터링"


# --- amounts and the per-business limit ---------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "requested", "allowed", "code"),
    [
        (0, 5 * EOK, False, "amount_not_positive"),
        (-1, 5 * EOK, False, "amount_not_positive"),
        (1, 5 * EOK, True, "amount_ok"),
        (5 * EOK, 5 * EOK, True, "amount_ok"),
        (5 * EOK + 1, 5 * EOK, False, "amount_over_request"),
        (9 * EOK, None, True, "amount_ok"),  # no requested amount: nothing to compare
    ],
)
def test_amount_within_request(amount, requested, allowed, code):
    verdict = rules.amount_within_request(
        amount_krw=amount, requested_krw=requested, what="승인 금액"
    )
    assert (verdict.allowed, verdict.code) == (allowed, code)


def test_amount_reasons_use_the_right_particle():
    assert (
        rules.amount_within_request(amount_krw=0, requested_krw=1, what="승인 금액").reason
        == "승인 금액은 0원보다 커야 합니다."
    )


@pytest.mark.parametrize(
    ("used", "amount", "allowed"),
    [
        (0, 3 * EOK, True),  # exactly the limit
        (0, 3 * EOK + 1, False),
        (2 * EOK, EOK, True),
        (2 * EOK, EOK + 1, False),
    ],
)
def test_business_limit_allows_exactly_the_limit(used, amount, allowed):
    verdict = rules.business_limit(amount_krw=amount, used_krw=used, limit_krw=3 * EOK)
    assert verdict.allowed is allowed
    assert verdict.code == ("within_business_limit" if allowed else "over_business_limit")
    assert verdict.figures["total_krw"] == used + amount
    assert verdict.figures["room_krw"] == 3 * EOK - used


def test_business_limit_reason_names_what_is_used():
    verdict = rules.business_limit(amount_krw=EOK + 500 * MAN, used_krw=2 * EOK, limit_krw=3 * EOK)
    assert verdict.reason == "업체당 한도(3억원)를 넘습니다: 이미 승인된 2억원 + 이번 1억 500만원."
    alone = rules.business_limit(amount_krw=3 * EOK + 500 * MAN, limit_krw=3 * EOK)
    assert alone.reason == "이번 금액 3억 500만원이 업체당 한도(3억원)를 넘습니다."


def test_recommended_amount_checks_request_then_limit():
    assert rules.recommended_amount(amount_krw=0, requested_krw=EOK, limit_krw=EOK).code == (
        "amount_not_positive"
    )
    over_request = rules.recommended_amount(amount_krw=EOK + 1, requested_krw=EOK, limit_krw=EOK)
    assert over_request.reason == "추천 금액은 신청 금액을 넘을 수 없습니다."
    over_limit = rules.recommended_amount(amount_krw=EOK + 1, requested_krw=None, limit_krw=EOK)
    assert (over_limit.code, over_limit.reason) == (
        "over_business_limit",
        "추천 금액이 업체당 한도(1억원)를 넘습니다.",
    )
    assert rules.recommended_amount(amount_krw=EOK, requested_krw=EOK, limit_krw=EOK).allowed


@pytest.mark.parametrize(
    ("remaining", "amount", "allowed"), [(EOK, EOK, True), (EOK, EOK + 1, False), (0, 1, False)]
)
def test_capacity_allows_exactly_what_is_left(remaining, amount, allowed):
    verdict = rules.capacity(amount_krw=amount, remaining_krw=remaining)
    assert verdict.allowed is allowed
    assert verdict.figures["remaining_after_krw"] == remaining - amount
    if not allowed:
        assert verdict.reason.startswith("남은 보증 한도가 부족하여")


def test_enforce_raises_with_the_reason_and_the_code():
    verdict = rules.business_limit(amount_krw=2, limit_krw=1)
    with pytest.raises(WorkflowError, match="업체당 한도") as caught:
        verdict.enforce()
    assert caught.value.code == "over_business_limit"
    ok = rules.business_limit(amount_krw=1, limit_krw=1)
    assert ok.enforce() is ok


# --- four eyes --------------------------------------------------------------------------------


def test_four_eyes():
    assert rules.four_eyes(actor_id=1, screener_ids=[1], approver_ids=[]).code == (
        "screener_cannot_approve"
    )
    assert rules.four_eyes(actor_id=2, screener_ids=[1], approver_ids=[2]).code == (
        "already_approved"
    )
    verdict = rules.four_eyes(actor_id=3, screener_ids=[1], approver_ids=[2])
    assert verdict.allowed and verdict.code == "four_eyes_ok"


# --- approval authority -----------------------------------------------------------------------


@dataclass
class Row:
    max_amount_krw: int | None
    requires_committee: bool = False


@dataclass
class Decision:
    approved: bool
    amount_krw: int


MANAGER = [Row(EOK)]
HQ = [Row(3 * EOK), Row(None, requires_committee=True)]


@pytest.mark.parametrize(
    ("rows", "amount", "code", "allowed"),
    [
        (MANAGER, EOK, "within_authority", True),  # exactly 1억: the manager's limit
        (MANAGER, EOK + 1, "over_authority", False),
        (HQ, 3 * EOK, "within_authority", True),  # exactly 3억
        (HQ, 3 * EOK + 1, "committee_required", False),
        ([], 1, "over_authority", False),
    ],
)
def test_approval_authority_boundaries(rows, amount, code, allowed):
    verdict = rules.approval_authority(amount_krw=amount, authorities=rows)
    assert (verdict.code, verdict.allowed) == (code, allowed)


def test_the_smallest_covering_limit_is_the_one_used():
    rows = [Row(3 * EOK), Row(EOK)]
    verdict = rules.approval_authority(amount_krw=EOK, authorities=rows)
    assert verdict.figures["authority"] is rows[1] and verdict.figures["limit_krw"] == EOK


def test_over_authority_names_the_highest_limit():
    verdict = rules.approval_authority(amount_krw=2 * EOK, authorities=MANAGER)
    assert verdict.reason == "승인 금액 2억원이 전결 한도(1억원)를 넘어 승인할 수 없습니다."
    nothing = rules.approval_authority(amount_krw=1, authorities=[])
    assert "전결 한도(없음)" in nothing.reason


def test_a_committee_decision_for_at_least_the_amount_allows_it():
    amount = 4 * EOK
    refused = Decision(approved=False, amount_krw=5 * EOK)
    too_small = Decision(approved=True, amount_krw=amount - 1)
    enough = Decision(approved=True, amount_krw=amount)
    assert (
        rules.approval_authority(
            amount_krw=amount, authorities=HQ, committee_decisions=[refused, too_small]
        ).code
        == "committee_required"
    )
    verdict = rules.approval_authority(
        amount_krw=amount, authorities=HQ, committee_decisions=[too_small, enough]
    )
    assert verdict.allowed and verdict.code == "committee_decision_recorded"
    assert verdict.figures["decision"] is enough
    assert verdict.figures["authority"] is HQ[1]


# --- the field survey -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bar", "score", "required", "code"),
    [
        (700, None, True, "survey_not_verified"),
        (700, 699, True, "survey_below_bar"),
        (700, 700, False, "survey_skip_verified"),  # exactly the bar skips
        (700, 950, False, "survey_skip_verified"),
        (None, 950, True, "survey_no_bar"),
    ],
)
def test_survey_uses_the_verified_score(bar, score, required, code):
    verdict = rules.survey(bar=bar, verified_score=score, program_name="시험 특례보증")
    assert (verdict.required, verdict.code) == (required, code)


def test_survey_reasons_say_which_figure_was_used():
    skip = rules.survey(
        bar=700, verified_score=720, program_name="시험보증", source="NICE평가정보 2026-11-30 조회"
    )
    assert skip.reason == (
        "확인된 신용점수 720점 (NICE평가정보 2026-11-30 조회)이 '시험보증'의 현장조사 생략 "
        "기준(700점 이상)을 충족하여 현장조사를 생략합니다."
    )
    missing = rules.survey(bar=700, verified_score=None)
    assert "확인된 신용등급이 없어 현장조사가 필요합니다" in missing.reason
    assert "신청인 신고 점수는 쓰지 않습니다" in missing.reason


def test_a_decision_by_hand_wins_over_the_score():
    required = rules.survey(
        bar=700, verified_score=900, manual_decision="require", manual_reason="사업성 미흡"
    )
    assert required.required and required.code == "survey_required_by_staff"
    assert required.reason.endswith("사업성 미흡")
    skipped = rules.survey(
        bar=None, verified_score=None, manual_decision="skip", manual_reason="기존 거래처"
    )
    assert not skipped.required and skipped.code == "survey_skipped_by_staff"
