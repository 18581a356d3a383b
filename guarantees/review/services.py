"""Staff workflow services (심사·승인): every state change of the review, one function each.

Each service locks the application row (`select_for_update`), checks who acts and the state,
applies its own rules, moves the application through `guarantees.workflow.transition` (which
writes the ApplicationEvent) and notifies the applicant after commit. A forbidden case raises
`WorkflowError` with a Korean message the view shows as is.
"""

from __future__ import annotations

import calendar
import datetime as dt
from contextlib import contextmanager
from decimal import ROUND_DOWN, Decimal
from functools import partial

import pghistory
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import Role
from common.foundation import foundation
from common.korean import with_particle
from common.money import apply_percent, format_korean_amount, round_half_up
from ledger import chart
from ledger.services import Line, journal_post
from programs.eligibility import evaluate
from programs.models import FeePayment
from programs.services import CapacityExhausted, capacity_release, capacity_reserve

from ..applicant import uploads
from ..applicant.certificate import certificate_issue
from ..models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ApprovalAuthority,
    Business,
    CommitteeDecision,
    CreditBureau,
    CreditReport,
    FeeInstalment,
    FieldSurvey,
    Guarantee,
    PreAuditDecision,
    PreAuditOutcome,
    ReviewApproval,
    ReviewPolicy,
    ScorecardFactor,
    Screening,
    SurveyAppointment,
    SurveyDecision,
    SurveyDecisionKind,
)
from ..workflow import PREVIOUS_STEP, WorkflowError, transition
from . import notifications, rules
from .rules import Verdict

S = ApplicationStatus

# Statuses whose amount counts against the business's limit in a programme.
LIMIT_STATUSES = (S.PRE_AUDIT, S.APPROVED, S.AGREEMENT_SIGNED, S.ISSUED)
# Statuses holding a capacity reservation (released when they leave without issuance).
RESERVED_STATUSES = (S.PRE_AUDIT, S.APPROVED, S.AGREEMENT_SIGNED)


class ReviewPermissionError(WorkflowError):
    """The actor may not do this to this application (role, branch or four eyes)."""


# ---------------------------------------------------------------------------------------------
# helpers


@contextmanager
def _audited(actor):
    """The service's durable transaction, with pghistory's context naming who acted (the
    trigger-made history rows then say who, not only what)."""
    with (
        transaction.atomic(durable=True),
        pghistory.context(user=actor.pk if actor is not None else None),
    ):
        yield


def _lock(application_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "business", "branch", "bank")
        .get(pk=application_id)
    )


def _require_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(f"{with_particle(what, '을')} 입력해 주세요.")
    return value


def _require_branch_staff(actor, application: Application) -> None:
    """Reviewers and branch managers act on their own branch's applications only."""
    if not actor.has_role(Role.REVIEWER, Role.BRANCH_MANAGER):
        raise ReviewPermissionError("지점 심사역 또는 지점장만 처리할 수 있습니다.")
    if actor.branch is None or actor.branch.pk != application.branch_id:
        raise ReviewPermissionError("다른 지점의 신청은 처리할 수 없습니다.")


def _require_decider(actor, application: Application) -> None:
    """Approve / reject / refer back at the approval step: the branch's manager or HQ."""
    if actor.has_role(Role.HQ_SALES):
        return
    if actor.has_role(Role.BRANCH_MANAGER) and actor.branch is not None:
        if actor.branch.pk == application.branch_id:
            return
        raise ReviewPermissionError("다른 지점의 신청은 처리할 수 없습니다.")
    raise ReviewPermissionError("지점장 또는 영업본부만 처리할 수 있습니다.")


def _notify_after_commit(event: ApplicationEvent) -> None:
    """After commit: through a Celery job when `NOTIFICATIONS_VIA_CELERY` is set (production,
    so a slow mail server never holds a request), otherwise right away."""
    if getattr(settings, "NOTIFICATIONS_VIA_CELERY", False):
        from .tasks import notify_status_change

        transaction.on_commit(partial(notify_status_change.delay, event.pk))
    else:
        transaction.on_commit(partial(notifications.notify_status_change, event_id=event.pk))


def _move(application, action, actor, reason="", to_status=None) -> ApplicationEvent:
    event = transition(
        application=application, action=action, actor=actor, reason=reason, to_status=to_status
    )
    _notify_after_commit(event)
    return event


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# documents, supplement, survey


def current_credit_report(app: Application) -> CreditReport | None:
    """The latest verified credit grade recorded for the application (None: not verified).
    Reads `app.credit_reports.all()` (in recording order), so a page that prefetched them
    asks nothing more."""
    reports = list(app.credit_reports.all())
    return reports[-1] if reports else None


def current_survey_decision(app: Application) -> SurveyDecision | None:
    """The latest by-hand survey decision of the application (None: the rule decides)."""
    decisions = list(app.survey_decisions.all())
    return decisions[-1] if decisions else None


def survey_verdict(app: Application) -> Verdict:
    """Whether the field survey is needed, and why: the rule (guarantees.review.rules.survey)
    on the VERIFIED credit score and any decision by hand. The applicant's declared score is
    not an input."""
    report = current_credit_report(app)
    manual = current_survey_decision(app)
    return rules.survey(
        bar=app.program.survey_skip_min_credit_score,
        verified_score=report.score if report is not None else None,
        program_name=app.program.name,
        source=(
            f"{report.get_bureau_display()} {report.report_date:%Y-%m-%d} 조회"
            if report is not None
            else ""
        ),
        manual_decision=manual.decision if manual is not None else None,
        manual_reason=manual.reason if manual is not None else "",
    )


def _skip_survey(app: Application, actor, verdict: Verdict) -> None:
    """Record the skip (with the verdict's reason) and move on to screening."""
    FieldSurvey.objects.create(
        application=app, surveyor=actor, skipped=True, findings=verdict.reason
    )
    _move(app, "skip_survey", actor, reason=verdict.reason)


def application_verify_documents(*, application: Application, actor, note: str = "") -> Application:
    """서류 확인. When the survey verdict lets it be skipped (a verified credit score at or
    above the programme's bar, or staff's decision by hand), the skip is recorded with its
    reason in the same transaction."""
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        _move(app, "verify_documents", actor, reason=note.strip())
        verdict = survey_verdict(app)
        if not verdict.required:
            _skip_survey(app, None, verdict)
        return app


# Where a verified credit grade may be recorded: from receipt until the approval request (it
# decides the survey, and the screener and approver read it).
CREDIT_REPORT_STATUSES = (
    S.SUBMITTED,
    S.SUPPLEMENT_REQUESTED,
    S.DOCS_VERIFIED,
    S.FIELD_SURVEY,
    S.SCREENING,
)
# Where a survey may still be skipped or required by hand.
SURVEY_DECISION_STATUSES = (S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.DOCS_VERIFIED)


def credit_report_record(
    *,
    application: Application,
    actor,
    bureau: str,
    score: int,
    report_date: dt.date,
    checked: uploads.CheckedUpload,
    grade: int | None = None,
) -> CreditReport:
    """확인된 신용등급 기록: the bureau, grade, score and report date staff read from the credit
    bureau report, with the report file (checked by `uploads.check_upload`, stored under
    PRIVATE_MEDIA_ROOT). If the row fails, the file is removed (no orphan on disk)."""
    if bureau not in CreditBureau.values:
        raise WorkflowError("신용조회회사를 선택해 주세요.", code="credit_bureau_unknown")
    if not 0 <= score <= 1000:
        raise WorkflowError("신용점수는 0~1000점이어야 합니다.", code="credit_score_range")
    if grade is not None and not 1 <= grade <= 10:
        raise WorkflowError("신용등급은 1~10등급이어야 합니다.", code="credit_grade_range")
    if report_date > today():
        raise WorkflowError("조회 기준일이 오늘보다 늦을 수 없습니다.", code="credit_report_future")
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        if app.status not in CREDIT_REPORT_STATUSES:
            raise WorkflowError(
                f"지금 상태({app.get_status_display()})의 신청에는 신용등급을 기록할 수 "
                "없습니다 (접수부터 보증심사까지 기록할 수 있습니다).",
                code="credit_report_status",
            )
        relative = uploads.store(checked, application_id=app.pk)
        try:
            return CreditReport.objects.create(
                application=app,
                bureau=bureau,
                grade=grade,
                score=score,
                report_date=report_date,
                original_name=checked.name,
                kind=checked.kind,
                content_type=checked.content_type,
                size_bytes=checked.size_bytes,
                sha256=checked.sha256,
                storage_path=relative,
                recorded_by=actor,
            )
        except Exception:
            uploads.remove(relative)
            raise


def survey_decide(*, application: Application, actor, decision: str, reason: str) -> SurveyDecision:
    """현장조사 판단 by hand (reason mandatory): skip or require the survey whatever the score
    says (seed 001, finding 20-3). Before the documents check it is recorded and the check
    applies it; once the documents are verified a skip moves the application to screening
    at once (recorded as the skip, with who and why)."""
    reason = _require_text(reason, "판단 사유")
    if decision not in SurveyDecisionKind.values:
        raise WorkflowError("현장조사 생략 또는 실시를 선택해 주세요.", code="survey_decision_kind")
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        if app.status not in SURVEY_DECISION_STATUSES:
            raise WorkflowError(
                "현장조사 판단은 서류 확인을 마치고 현장조사를 시작하기 전까지만 할 수 있습니다.",
                code="survey_decision_status",
            )
        record = SurveyDecision.objects.create(
            application=app, decision=decision, reason=reason, decided_by=actor
        )
        if app.status == S.DOCS_VERIFIED and decision == SurveyDecisionKind.SKIP:
            _skip_survey(app, actor, survey_verdict(app))
        return record


def survey_skip(*, application: Application, actor) -> Application:
    """현장조사 생략 after the documents check, when the verdict now allows it (a verified
    credit score recorded since then meets the bar). Refused, with the verdict's reason,
    when the survey is required."""
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        if app.status != S.DOCS_VERIFIED:
            raise WorkflowError(
                "서류 확인을 마친 신청만 현장조사를 생략할 수 있습니다.", code="survey_skip_status"
            )
        verdict = survey_verdict(app)
        if verdict.required:
            raise WorkflowError(verdict.reason, code=verdict.code)
        _skip_survey(app, actor, verdict)
        return app


def application_request_supplement(*, application: Application, actor, reason: str) -> Application:
    """보완 요청: the applicant answers, and the application returns to the step that asked."""
    reason = _require_text(reason, "보완 요청 사유")
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        return_to = app.status
        _move(app, "request_supplement", actor, reason=reason)
        app.supplement_return_status = return_to
        app.save(update_fields=["supplement_return_status", "updated_at"])
        return app


# The foundation's office hours: a survey visit starts between 09:00 and 18:00.
OFFICE_OPENS = dt.time(9, 0)
OFFICE_CLOSES = dt.time(18, 0)


class AppointmentInvalid(WorkflowError):
    """A survey appointment the rules refuse; `field` names the form field it is about."""

    code = "survey_appointment_invalid"

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


def check_visit_at(visit_at) -> dt.datetime:
    """The visit's date and time, refused when missing, past or outside office hours."""
    if visit_at is None:
        raise AppointmentInvalid("방문 날짜와 시각을 입력해 주세요.", field="visit_date")
    if timezone.is_naive(visit_at):
        visit_at = timezone.make_aware(visit_at)
    local = timezone.localtime(visit_at)
    if local <= timezone.now():
        raise AppointmentInvalid(
            "방문 일시가 이미 지났습니다. 오늘 이후의 날짜와 시각을 입력해 주세요.",
            field="visit_date",
        )
    if not (OFFICE_OPENS <= local.time() < OFFICE_CLOSES):
        raise AppointmentInvalid(
            "방문 시각은 업무 시간(09:00~18:00) 안이어야 합니다.", field="visit_time"
        )
    return visit_at


def next_visit_slot(hour: int = 10) -> dt.datetime:
    """The next weekday (from tomorrow) at `hour`:00 local time: the form's suggestion and the
    demo's appointments."""
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def survey_contacts(visitor, branch) -> tuple[str, str]:
    """(the visitor's contact, whom to call to change the date) from the organisation data:
    the visitor's own phone when recorded, else the branch's 대표전화; the branch by name and
    대표전화 for a change."""
    branch_phone = (branch.phone or "").strip()
    visitor_contact = (visitor.mobile or "").strip() or branch_phone
    change = f"{branch.name} {branch_phone}".strip() if branch_phone else branch.name
    return visitor_contact, change


def _appointment(app, actor, visit_at, visitor, reason="") -> SurveyAppointment:
    visit_at = check_visit_at(visit_at)
    visitor = visitor or actor
    if not visitor.has_role(Role.REVIEWER, Role.BRANCH_MANAGER) or (
        visitor.branch is None or visitor.branch.pk != app.branch_id
    ):
        raise AppointmentInvalid(
            "방문 직원은 이 지점의 심사역 또는 지점장이어야 합니다.", field="visitor"
        )
    visitor_contact, change_contact = survey_contacts(visitor, app.branch)
    return SurveyAppointment.objects.create(
        application=app,
        visit_at=visit_at,
        visitor=visitor,
        visitor_contact=visitor_contact,
        change_contact=change_contact,
        reason=reason,
        recorded_by=actor,
    )


def appointment_text(appointment: SurveyAppointment) -> str:
    """The appointment in one sentence, for the timeline and the notification."""
    local = timezone.localtime(appointment.visit_at)
    visitor = appointment.visitor.get_full_name() or appointment.visitor.get_username()
    contact = f" (연락처 {appointment.visitor_contact})" if appointment.visitor_contact else ""
    return (
        f"방문 일시 {local:%Y-%m-%d %H:%M}, 방문 직원 {visitor}{contact}. "
        f"일정 변경 문의: {appointment.change_contact}"
    )


def survey_start(*, application: Application, actor, visit_at, visitor=None) -> SurveyAppointment:
    """현장조사 착수: records the visit appointment (date and time within office hours, the
    visiting staff member, the contacts) and tells the applicant."""
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        appointment = _appointment(app, actor, visit_at, visitor)
        _move(app, "start_survey", actor, reason=appointment_text(appointment))
        return appointment


def survey_reschedule(
    *, application: Application, actor, visit_at, reason: str, visitor=None
) -> SurveyAppointment:
    """현장조사 일정 변경: a new appointment (the earlier one is kept as 변경됨) and a notice to
    the applicant. Only while the survey is under way."""
    reason = _require_text(reason, "변경 사유")
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        if app.status != S.FIELD_SURVEY:
            current = ApplicationStatus(app.status).label
            raise WorkflowError(f"현재 상태({current})에서는 현장조사 일정을 바꿀 수 없습니다.")
        appointment = _appointment(app, actor, visit_at, visitor, reason=reason)
        if getattr(settings, "NOTIFICATIONS_VIA_CELERY", False):
            from .tasks import notify_survey_rescheduled

            transaction.on_commit(partial(notify_survey_rescheduled.delay, appointment.pk))
        else:
            transaction.on_commit(
                partial(notifications.notify_survey_rescheduled, appointment_id=appointment.pk)
            )
        return appointment


def survey_record(*, application: Application, actor, findings: str) -> FieldSurvey:
    """현장조사 결과 기록 → 보증심사."""
    findings = _require_text(findings, "현장조사 결과")
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        _move(app, "record_survey", actor, reason=findings[:200])
        return FieldSurvey.objects.create(application=app, surveyor=actor, findings=findings)


# ---------------------------------------------------------------------------------------------
# screening


def scorecard_score(points: dict[str, int], factors: list[ScorecardFactor]) -> Decimal:
    """Σ (points ÷ max × weight) ÷ Σ weight × 100, one decimal half up."""
    total_weight = sum((f.weight for f in factors), Decimal(0))
    if not total_weight:
        raise WorkflowError("심사표 항목의 가중치가 설정되어 있지 않습니다.")
    weighted = sum(
        (Decimal(points[f.code]) / Decimal(f.max_points) * f.weight for f in factors), Decimal(0)
    )
    return round_half_up(weighted / total_weight * 100, 1)


def screening_record(
    *,
    application: Application,
    actor,
    points: dict[str, int],
    recommended_amount_krw: int,
    comment: str,
) -> Screening:
    """보증심사: scorecard points per factor, recommended amount and a mandatory comment."""
    comment = _require_text(comment, "심사 의견")
    factors = list(ScorecardFactor.objects.filter(is_active=True))
    for factor in factors:
        value = points.get(factor.code)
        if value is None or not 0 <= int(value) <= factor.max_points:
            raise WorkflowError(f"'{factor.name}' 점수는 0~{factor.max_points}점이어야 합니다.")
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        if app.status != S.SCREENING:
            raise WorkflowError("보증심사 단계의 신청만 심사할 수 있습니다.")
        rules.recommended_amount(
            amount_krw=recommended_amount_krw,
            requested_krw=app.amount_krw,
            limit_krw=app.program.per_business_limit_krw,
        ).enforce()
        return Screening.objects.create(
            application=app,
            screener=actor,
            factor_scores=[
                {
                    "code": f.code,
                    "name": f.name,
                    "weight": str(f.weight),
                    "max": f.max_points,
                    "points": int(points[f.code]),
                }
                for f in factors
            ],
            score=scorecard_score({k: int(v) for k, v in points.items()}, factors),
            recommended_amount_krw=recommended_amount_krw,
            comment=comment,
        )


def current_screening(app: Application) -> Screening | None:
    """The screening made since the application last entered the screening step."""
    entered = app.events.filter(to_status=S.SCREENING).order_by("-created_at", "-id").first()
    screenings = app.screenings.order_by("-created_at", "-id")
    if entered is not None:
        screenings = screenings.filter(created_at__gte=entered.created_at)
    return screenings.first()


def application_send_for_approval(*, application: Application, actor) -> Application:
    with _audited(actor):
        app = _lock(application.pk)
        _require_branch_staff(actor, app)
        screening = current_screening(app) if app.status == S.SCREENING else None
        if app.status == S.SCREENING and screening is None:
            raise WorkflowError("심사표를 먼저 작성해 주세요.")
        _move(
            app,
            "send_for_approval",
            actor,
            reason=f"심사 점수 {screening.score}점, 추천 금액 {format_korean_amount(screening.recommended_amount_krw)}"
            if screening
            else "",
        )
        return app


# ---------------------------------------------------------------------------------------------
# approval


def authority_verdict(*, actor, application: Application, amount_krw: int) -> Verdict:
    """The approval-authority rule (rules.approval_authority) on the actor's authority rows and
    the application's committee decisions (newest first). Reads only: the approval enforces
    it, the approval panel shows it before anyone clicks."""
    # newest first; .all() so that a page which prefetched them asks nothing more
    decisions: list[CommitteeDecision] = sorted(
        application.committee_decisions.all(), key=lambda d: (d.created_at, d.pk), reverse=True
    )
    return rules.approval_authority(
        amount_krw=amount_krw,
        authorities=list(ApprovalAuthority.objects.filter(role__in=[r.value for r in actor.roles])),
        committee_decisions=decisions,
    )


def authority_for(
    *, actor, application: Application, amount_krw: int
) -> tuple[ApprovalAuthority, CommitteeDecision | None]:
    """The authority row under which `actor` may approve `amount_krw`, and the committee
    decision it relies on (or None). Raises ReviewPermissionError (with the verdict's code:
    committee_required, over_authority) above the actor's limit."""
    verdict = authority_verdict(actor=actor, application=application, amount_krw=amount_krw)
    verdict.enforce(ReviewPermissionError)
    return verdict.figures["authority"], verdict.figures["decision"]


def business_used_krw(*, business_id: int, program_id: int, exclude_id: int | None = None) -> int:
    """Σ approved amounts of the business in the programme (approved, signed, issued, pre-audit)."""
    qs = Application.objects.filter(
        business_id=business_id, program_id=program_id, status__in=LIMIT_STATUSES
    )
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return int(qs.aggregate(total=Sum("approved_amount_krw"))["total"] or 0)


def application_approve(
    *, application: Application, actor, amount_krw: int | None = None, comment: str = ""
) -> Application:
    """승인. Four eyes (the screener cannot approve), nobody approves twice, the approver's
    authority, eligibility, the business's limit and the programme's capacity, all in one
    transaction. Above the pre-audit threshold the application waits for the audit office
    (capacity already reserved, released on objection)."""
    with _audited(actor):
        app = _lock(application.pk)
        _require_decider(actor, app)
        if app.status != S.AWAITING_APPROVAL:
            raise WorkflowError(
                f"승인 대기 상태가 아닌 신청은 승인할 수 없습니다 (현재: {app.get_status_display()})."
            )
        screening = current_screening(app)
        if screening is None:
            raise WorkflowError("보증심사 기록이 없는 신청은 승인할 수 없습니다.")
        amount = amount_krw if amount_krw is not None else screening.recommended_amount_krw
        rules.amount_within_request(
            amount_krw=amount, requested_krw=app.amount_krw, what="승인 금액"
        ).enforce()
        rules.four_eyes(
            actor_id=actor.pk,
            screener_ids=app.screenings.values_list("screener_id", flat=True),
            approver_ids=app.approvals.values_list("approver_id", flat=True),
        ).enforce(ReviewPermissionError)
        authority, decision = authority_for(actor=actor, application=app, amount_krw=amount)
        failed = [r for r in evaluate(app.program, app.business.facts()) if not r.passed]
        if failed:
            raise WorkflowError(f"지원 자격을 충족하지 않습니다: {failed[0].reason}")

        # The business's limit: lock the business so two approvals for it serialise here.
        Business.objects.select_for_update().filter(pk=app.business_id).first()
        used = business_used_krw(
            business_id=app.business_id, program_id=app.program_id, exclude_id=app.pk
        )
        rules.business_limit(
            amount_krw=amount, used_krw=used, limit_krw=app.program.per_business_limit_krw
        ).enforce()
        try:
            capacity_reserve(program_id=app.program_id, amount_krw=amount)
        except CapacityExhausted as exc:
            raise WorkflowError(str(exc)) from exc

        ReviewApproval.objects.create(
            application=app,
            approver=actor,
            role=authority.role,
            amount_krw=amount,
            authority=authority,
            committee_decision=decision,
            comment=comment.strip(),
        )
        app.approved_amount_krw = amount
        app.save(update_fields=["approved_amount_krw", "updated_at"])
        audit = rules.pre_audit(
            amount_krw=amount, threshold_krw=ReviewPolicy.current().pre_audit_threshold_krw
        )
        reason = comment.strip() or f"승인 금액 {format_korean_amount(amount)}"
        if audit.required:
            _move(app, "approve_pending_audit", actor, reason=f"{reason} (사전감사 대상)")
        else:
            _move(app, "approve", actor, reason=reason)
        return app


def _release(app: Application) -> None:
    if app.approved_amount_krw:
        capacity_release(program_id=app.program_id, amount_krw=app.approved_amount_krw)


def application_reject(*, application: Application, actor, reason: str) -> Application:
    """거절 (reason mandatory). A rejection during pre-audit releases the reservation."""
    reason = _require_text(reason, "거절 사유")
    with _audited(actor):
        app = _lock(application.pk)
        if app.status in (S.AWAITING_APPROVAL, S.PRE_AUDIT):
            _require_decider(actor, app)
        else:
            _require_branch_staff(actor, app)
        held = app.status == S.PRE_AUDIT
        _move(app, "reject", actor, reason=reason)
        if held:
            _release(app)
        return app


def application_refer_back(*, application: Application, actor, reason: str) -> Application:
    """한 단계 되돌리기 (reason mandatory)."""
    reason = _require_text(reason, "되돌리는 사유")
    with _audited(actor):
        app = _lock(application.pk)
        if app.status == S.AWAITING_APPROVAL:
            _require_decider(actor, app)
        else:
            _require_branch_staff(actor, app)
        target = PREVIOUS_STEP.get(app.status)
        if target is None:
            raise WorkflowError("이 단계에서는 되돌릴 수 없습니다.")
        _move(app, "refer_back", actor, reason=reason, to_status=target)
        return app


def committee_decision_record(
    *,
    application: Application,
    actor,
    committee,
    members_present: list,
    held_on: dt.date,
    approved: bool,
    amount_krw: int,
    minutes: str,
) -> CommitteeDecision:
    """보증심사위원회 의결 기록: quorum is a majority of the committee's size."""
    minutes = _require_text(minutes, "의결 요지")
    if not actor.has_role(Role.HQ_SALES):
        raise ReviewPermissionError("위원회 의결은 영업본부가 기록합니다.")
    if any(m.committee_id != committee.pk for m in members_present):
        raise WorkflowError("다른 위원회의 위원이 포함되어 있습니다.")
    if len(members_present) * 2 <= committee.size:
        raise WorkflowError(
            f"출석 위원이 과반({committee.size // 2 + 1}명 이상)에 미달하여 의결할 수 없습니다."
        )
    with _audited(actor):
        app = _lock(application.pk)
        if app.status != S.AWAITING_APPROVAL:
            raise WorkflowError("승인 대기 중인 신청에만 위원회 의결을 기록할 수 있습니다.")
        decision = CommitteeDecision.objects.create(
            application=app,
            committee=committee,
            held_on=held_on,
            approved=approved,
            amount_krw=amount_krw,
            minutes=minutes,
            recorded_by=actor,
        )
        decision.members_present.set(members_present)
        return decision


# ---------------------------------------------------------------------------------------------
# pre-audit


def pre_audit_decide(
    *, application: Application, actor, outcome: str, reason: str = ""
) -> PreAuditDecision:
    """사전감사: clear (the approval stands) or object with a reason (back to awaiting
    approval; the approval is superseded and the capacity released)."""
    if not actor.has_role(Role.AUDITOR):
        raise ReviewPermissionError("감사실만 사전감사를 처리할 수 있습니다.")
    if outcome == PreAuditOutcome.OBJECTED:
        reason = _require_text(reason, "이의 사유")
    with _audited(actor):
        app = _lock(application.pk)
        if app.status != S.PRE_AUDIT:
            raise WorkflowError("사전감사 중인 신청이 아닙니다.")
        decision = PreAuditDecision.objects.create(
            application=app, auditor=actor, outcome=outcome, reason=reason.strip()
        )
        if outcome == PreAuditOutcome.CLEARED:
            _move(app, "clear_pre_audit", actor, reason=reason.strip() or "사전감사 이상 없음")
        else:
            _release(app)
            app.approvals.filter(superseded_at__isnull=True).update(superseded_at=timezone.now())
            app.approved_amount_krw = None
            app.decided_at = None
            app.save(update_fields=["approved_amount_krw", "decided_at", "updated_at"])
            _move(app, "object_pre_audit", actor, reason=reason)
        return decision


# ---------------------------------------------------------------------------------------------
# expiry


def approved_on(app: Application) -> dt.date | None:
    event = app.events.filter(to_status=S.APPROVED).order_by("-created_at", "-id").first()
    return timezone.localdate(event.created_at) if event else None


def signing_deadline(app: Application) -> dt.date | None:
    start = approved_on(app)
    return start + dt.timedelta(days=app.program.signing_deadline_days) if start else None


def applications_expire_unsigned(*, on: dt.date | None = None) -> int:
    """약정 기한 경과: approved but unsigned after the programme's deadline → expired, capacity
    released. Safe to run twice (a second run finds nothing to do)."""
    on = on or today()
    count = 0
    for app_id in Application.objects.filter(status=S.APPROVED).values_list("pk", flat=True):
        with _audited(None):
            app = _lock(app_id)
            if app.status != S.APPROVED:
                continue
            deadline = signing_deadline(app)
            if deadline is None or on <= deadline:
                continue
            _move(
                app,
                "expire",
                None,
                reason=f"약정 기한({deadline:%Y-%m-%d})까지 약정이 이루어지지 않았습니다.",
            )
            _release(app)
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# issuance


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def fee_schedule(
    *, guaranteed_krw: int, rate_pct: Decimal, term_months: int, issued_on: dt.date, payment: str
) -> list[dict]:
    """보증료: rate per year on the guaranteed amount, rounded down to the won. Up front: the
    whole term at issuance; annual: one instalment per year (the last one pro rata)."""
    if payment == FeePayment.UP_FRONT:
        amount = apply_percent(guaranteed_krw, rate_pct * term_months / 12)
        return [
            {
                "seq": 1,
                "due_on": issued_on,
                "period_start": issued_on,
                "period_end": add_months(issued_on, term_months),
                "amount_krw": amount,
            }
        ]
    rows, start, seq = [], 0, 1
    while start < term_months:
        months = min(12, term_months - start)
        begin = add_months(issued_on, start)
        rows.append(
            {
                "seq": seq,
                "due_on": begin,
                "period_start": begin,
                "period_end": add_months(issued_on, start + months),
                "amount_krw": apply_percent(guaranteed_krw, rate_pct * months / 12),
            }
        )
        start += months
        seq += 1
    return rows


def _next_guarantee_no(issued_on: dt.date) -> str:
    """보증번호 `ICGF-G2026-0000001`: the `G` keeps it apart from the tracking number of the
    application (`ICGF-2026-000001`) that a bank or an applicant might otherwise confuse."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('guarantee_no_seq')")
        (seq,) = cursor.fetchone()
    return f"{foundation().code}-G{issued_on:%Y}-{seq:07d}"


def guarantee_issue(*, application: Application, actor) -> Guarantee:
    """보증서 발급 after the agreement is signed: the Guarantee (number from a PostgreSQL
    sequence), its fee schedule and the exposure posted to the ledger, in one transaction."""
    with _audited(actor):
        app = _lock(application.pk)
        if actor is not None:
            _require_branch_staff(actor, app)
        if app.status != S.AGREEMENT_SIGNED:
            raise WorkflowError("약정이 완료된 신청만 보증서를 발급할 수 있습니다.")
        guaranteed = app.approved_amount_krw
        branch = app.branch
        if guaranteed is None:
            raise WorkflowError("승인 금액이 없는 신청은 보증서를 발급할 수 없습니다.")
        if branch is None:
            raise WorkflowError("담당 지점이 정해지지 않은 신청은 보증서를 발급할 수 없습니다.")
        program = app.program
        issued_on = today()
        term = app.term_months or program.term_months
        # 대출 금액 = 보증 금액 ÷ 보증비율, rounded down (never below the guaranteed amount).
        loan = int(
            (Decimal(guaranteed) * 100 / program.guarantee_ratio_pct).to_integral_value(
                rounding=ROUND_DOWN
            )
        )
        guarantee = Guarantee.objects.create(
            guarantee_no=_next_guarantee_no(issued_on),
            business=app.business,
            application=app,
            branch=branch,
            program=program,
            bank_name=app.bank.name if app.bank is not None else "미지정",
            issued_on=issued_on,
            matures_on=add_months(issued_on, term),
            loan_amount_krw=loan,
            guaranteed_amount_krw=guaranteed,
            guarantee_ratio_pct=program.guarantee_ratio_pct,
            fee_rate_pct=program.fee_rate_pct,
        )
        certificate_issue(guarantee)
        FeeInstalment.objects.bulk_create(
            FeeInstalment(guarantee=guarantee, **row)
            for row in fee_schedule(
                guaranteed_krw=guaranteed,
                rate_pct=program.fee_rate_pct,
                term_months=term,
                issued_on=issued_on,
                payment=program.fee_payment,
            )
        )
        dims = partial(Line, guarantee_id=guarantee.pk, branch_id=branch.pk, program_id=program.pk)
        journal_post(
            date=issued_on,
            kind="guarantee_issue",
            idempotency_key=f"guarantee_issue:{guarantee.guarantee_no}",
            memo=f"보증 발급 {guarantee.guarantee_no} {app.business.name}",
            created_by=actor,
            lines=[
                dims(chart.EXPOSURE, guaranteed),
                dims(chart.EXPOSURE_CONTRA, -guaranteed),
            ],
        )
        _move(app, "issue", actor, reason=f"보증번호 {guarantee.guarantee_no}")
        return guarantee
