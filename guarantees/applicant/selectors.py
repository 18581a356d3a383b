"""Reads for the applicant journey: always scoped to the signed-in applicant, so another
applicant's application, document, agreement or certificate is a 404, never a 403."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from common.foundation import foundation
from common.money import apply_percent, format_rate
from programs.eligibility import RuleResult, evaluate
from programs.models import FeePayment, Program, RequiredDocument

from ..models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationStatus,
    Business,
    Guarantee,
)

S = ApplicationStatus

# Statuses that do not use up the per-business limit.
_NOT_COUNTED = (S.DRAFT, S.REJECTED, S.WITHDRAWN, S.EXPIRED)


def applicant_business(user) -> Business | None:
    if not user.is_authenticated:
        return None
    return user.businesses.select_related("industry", "district__branch").first()


def own_application(user, pk: int) -> Application:
    """The user's own application or 404 (the same answer whether it exists or not)."""
    queryset = Application.objects.filter(applicant=user)
    return get_object_or_404(
        queryset.select_related("program", "business", "bank", "branch"), pk=pk
    )


def own_document(user, pk: int) -> ApplicationDocument:
    return get_object_or_404(
        ApplicationDocument.objects.select_related("application"),
        pk=pk,
        application__applicant=user,
    )


def own_guarantee(user, application_pk: int) -> Guarantee:
    guarantee = (
        Guarantee.objects.select_related("business", "program", "branch", "application")
        .filter(application__pk=application_pk, application__applicant=user)
        .first()
    )
    if guarantee is None:
        raise Http404("보증서를 찾을 수 없습니다.")
    return guarantee


def eligibility(program: Program, business: Business | None) -> list[RuleResult] | None:
    return evaluate(program, business.facts()) if business is not None else None


def used_limit_krw(*, business: Business, program: Program, exclude_pk: int | None) -> int:
    """What this business already asked or holds in this programme (counts against its limit)."""
    queryset = Application.objects.filter(business=business, program=program).exclude(
        status__in=_NOT_COUNTED
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.aggregate(total=Sum("amount_krw"))["total"] or 0


@dataclass(frozen=True)
class DocumentSlot:
    required: RequiredDocument
    current: ApplicationDocument | None


def document_slots(application: Application) -> list[DocumentSlot]:
    current = {
        d.required_document_id: d
        for d in application.documents.filter(supplement_answer__isnull=True)
    }
    return [
        DocumentSlot(required=r, current=current.get(r.pk))
        for r in application.program.documents.all()
    ]


def supplement_request(application: Application) -> ApplicationEvent | None:
    """The latest staff supplement request (its reason is what they ask for)."""
    return application.events.filter(action="request_supplement").order_by("-created_at").first()


# What the applicant reads for each step; staff-internal notes are not shown except where the
# reason is addressed to the applicant.
ACTION_LABELS = {
    "submit": "신청서를 제출했습니다.",
    "withdraw": "신청을 취하했습니다.",
    "request_supplement": "재단이 서류 보완을 요청했습니다.",
    "answer_supplement": "보완 서류를 제출했습니다.",
    "verify_documents": "제출 서류 확인을 마쳤습니다.",
    "start_survey": "현장조사를 시작했습니다.",
    "skip_survey": "현장조사 없이 심사를 진행합니다.",
    "record_survey": "현장조사를 마쳤습니다.",
    "send_for_approval": "보증심사를 마치고 승인 단계로 넘겼습니다.",
    "approve": "보증이 승인되었습니다. 전자약정을 진행해 주세요.",
    "approve_pending_audit": "승인 전 사전감사를 진행합니다.",
    "clear_pre_audit": "사전감사를 마쳤습니다. 보증이 승인되었습니다.",
    "object_pre_audit": "사전감사 의견에 따라 다시 검토합니다.",
    "reject": "보증 신청이 거절되었습니다.",
    "refer_back": "이전 단계에서 다시 검토합니다.",
    "sign_agreement": "전자약정에 서명했습니다.",
    "issue": "보증서가 발급되었습니다.",
    "expire": "약정 기한이 지나 승인이 취소되었습니다.",
}
_SHOW_REASON = {"request_supplement", "answer_supplement", "reject", "withdraw", "expire"}


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime
    status_label: str
    text: str
    reason: str


def timeline(application: Application) -> list[TimelineItem]:
    return [
        TimelineItem(
            at=event.created_at,
            status_label=str(ApplicationStatus(event.to_status).label),
            text=ACTION_LABELS.get(event.action, event.action),
            reason=event.reason if event.action in _SHOW_REASON else "",
        )
        for event in application.events.all()
    ]


def signing_deadline(application: Application) -> dt.date | None:
    if application.decided_at is None:
        return None
    decided = application.decided_at.date()
    return decided + dt.timedelta(days=application.program.signing_deadline_days)


def subsidy_text(step) -> str:
    what = "이자 전액" if step.covers_full_interest else f"{format_rate(step.rate_pct)}%p"
    return f"{step.years_text} {what}"


def agreement_terms(application: Application) -> dict:
    """The terms the applicant signs: plain values (strings for decimals) so that the snapshot
    and its SHA-256 are reproducible."""
    program = application.program
    business = application.business
    loan = application.approved_amount_krw or application.amount_krw or 0
    ratio = program.guarantee_ratio_pct
    guaranteed = apply_percent(loan, ratio)
    term = application.term_months or program.term_months
    if program.fee_payment == FeePayment.UP_FRONT:
        # 보증료 = 보증금액 × 연 보증료율 × 보증기간(년), rounded down to the won (common.money).
        fee = apply_percent(guaranteed, program.fee_rate_pct * Decimal(term) / Decimal(12))
        fee_rule = f"보증기간 {term}개월분 일시 납부"
    else:
        fee = apply_percent(guaranteed, program.fee_rate_pct)
        fee_rule = "1년분씩 매년 납부"
    deadline = signing_deadline(application)
    return {
        "tracking_no": application.tracking_no,
        "foundation": foundation().name,
        "program_code": program.code,
        "program_name": program.name,
        "business_no": business.business_no,
        "business_name": business.name,
        "representative_name": business.representative_name,
        "bank": application.bank.name if application.bank is not None else "",
        "loan_amount_krw": loan,
        "guarantee_ratio_pct": format_rate(ratio),
        "guaranteed_amount_krw": guaranteed,
        "fee_rate_pct": format_rate(program.fee_rate_pct),
        "fee_payment": program.get_fee_payment_display(),
        "fee_rule": fee_rule,
        "fee_krw": fee,
        "term_months": term,
        "grace_months": program.grace_months,
        "subsidy": [subsidy_text(step) for step in program.subsidy_steps.all()],
        "signing_deadline": deadline.isoformat() if deadline else None,
    }
