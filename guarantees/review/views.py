"""Staff pages (심사·승인): queues, the application page, one POST view per action, the
audit office's pre-audit queue and daily monitoring (with CSV export).

Views are thin: a form parses, one service acts, a WorkflowError becomes a message on the
page (never a 500). Each page works as plain HTML; with htmx only a region is swapped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from accounts.access_log import logs_personal_data
from accounts.models import AccessAction, Role
from accounts.permissions import post_only, role_required
from common.csv_export import csv_download
from common.money import format_korean_amount
from common.spreadsheet import xlsx_download
from programs.eligibility import evaluate

from ..applicant import uploads
from ..models import (
    Application,
    ApplicationStatus,
    PreAuditOutcome,
    ReviewPolicy,
    ScorecardFactor,
)
from ..workflow import PREVIOUS_STEP, TRANSITIONS, WorkflowError
from . import rules, selectors, services
from .forms import (
    ApprovalForm,
    CommitteeDecisionForm,
    CreditReportForm,
    MonitoringForm,
    NoteForm,
    PreAuditForm,
    QueueFilterForm,
    ReasonForm,
    ScreeningForm,
    SurveyAppointmentForm,
    SurveyDecisionForm,
    SurveyForm,
)

S = ApplicationStatus
BRANCH = (Role.REVIEWER, Role.BRANCH_MANAGER)
STAFF_READERS = (Role.REVIEWER, Role.BRANCH_MANAGER, Role.HQ_SALES, Role.AUDITOR)
PAGE_SIZE = 20
SUPPLEMENTABLE = tuple(TRANSITIONS["request_supplement"][0])


def _partial(request) -> bool:
    """htmx swaps a region, except when it restores history (it then needs the full page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


# ---------------------------------------------------------------------------------------------
# queues


def _queue(request, *, scope: str, title: str, caption: str):
    base = selectors.queue_scope(request.user, scope)
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    extra = {}
    if scope == "audit":
        data = {**data, "include_closed": True}
        extra["monitoring_title"] = rules.monitoring_title(
            ReviewPolicy.current().monitoring_threshold_krw
        )
    qs = selectors.filter_queue(base, data)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(app, selectors.waited_days(app, now)) for app in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "title": title,
        "caption": caption,
        "scope": scope,
        "branch": request.user.branch,
        "form": form,
        "page": page,
        "rows": rows,
        "counts": selectors.status_counts(base),
        "querystring": params.urlencode(),
        "advanced_open": any(
            request.GET.get(k)
            for k in (
                "program",
                "amount_min",
                "amount_max",
                "submitted_from",
                "submitted_to",
                "waiting_days",
                "include_closed",
            )
        ),
        "self_url": request.path,
        **extra,
    }
    template = "guarantees/review/queue.html"
    return render(request, f"{template}#results" if _partial(request) else template, context)


@require_GET
@role_required(*BRANCH)
def branch_queue(request):
    """지점 심사함: this branch's applications only."""
    branch = request.user.branch
    name = branch.name if branch else "지점"
    return _queue(request, scope="branch", title=f"{name} 심사함", caption="지점에 접수된 신청")


@require_GET
@role_required(Role.HQ_SALES)
def hq_queue(request):
    """본부 승인함: applications at the approval step in every branch."""
    return _queue(
        request,
        scope="hq",
        title="본부 승인함",
        caption="승인 단계의 신청 (전 지점, 지점장 전결 한도 초과 건은 본부 승인)",
    )


@require_GET
@role_required(Role.AUDITOR)
def audit_queue(request):
    """감사실 사전감사함: approvals above the threshold waiting for the audit office."""
    return _queue(
        request,
        scope="audit",
        title="감사실 사전감사함",
        caption="사전감사를 기다리는 승인 건",
    )


# ---------------------------------------------------------------------------------------------
# the application page


def _get_app(request, pk: int) -> Application:
    try:
        return selectors.application_for_page(request.user, pk)
    except Application.DoesNotExist as exc:
        # Another branch's application does not exist for this user.
        raise Http404("신청을 찾을 수 없습니다.") from exc


# POST-only actions: another branch's application is a 404 whatever the method.
post_only_app = post_only(lambda request, pk: _get_app(request, pk))


def _detail_context(request, app: Application, **forms) -> dict:
    user = request.user
    status = app.status
    screening = None
    screenings = list(app.screenings.all())
    if status in (S.SCREENING, S.AWAITING_APPROVAL, S.PRE_AUDIT):
        screening = services.current_screening(app) if screenings else None
    approval_amount = (
        app.approved_amount_krw
        or (screening.recommended_amount_krw if screening else None)
        or app.amount_krw
        or 0
    )
    branch_staff = user.has_role(*BRANCH) and user.branch and user.branch.pk == app.branch_id
    decider = user.has_role(Role.HQ_SALES) or (user.has_role(Role.BRANCH_MANAGER) and branch_staff)
    eligibility = evaluate(app.program, app.business.facts())
    four_eyes = rules.four_eyes(
        actor_id=user.pk,
        screener_ids=[s.screener_id for s in screenings],
        approver_ids=[a.approver_id for a in app.approvals.all()],
    )
    context = {
        "app": app,
        "business": app.business,
        "program": app.program,
        "waited": selectors.waited_days(app),
        "eligibility": eligibility,
        "required_documents": list(app.program.documents.all()),
        "documents": selectors.application_documents(app),
        "events": list(app.events.all()),
        "ineligible": [r for r in eligibility if not r.passed],
        "surveys": list(app.field_surveys.all()),
        "appointments": list(app.survey_appointments.select_related("visitor").all()),
        "appointment_form": forms.get("appointment_form")
        or SurveyAppointmentForm(branch=app.branch, actor=user),
        "reschedule_form": forms.get("reschedule_form")
        or SurveyAppointmentForm(
            branch=app.branch, actor=user, reschedule=True, auto_id="reschedule_%s"
        ),
        "survey": services.survey_verdict(app),
        "credit_report": services.current_credit_report(app),
        "credit_reports": list(app.credit_reports.all()),
        "survey_decisions": list(app.survey_decisions.all()),
        "can_record_credit": bool(branch_staff) and status in services.CREDIT_REPORT_STATUSES,
        "can_decide_survey": bool(branch_staff) and status in services.SURVEY_DECISION_STATUSES,
        "credit_form": forms.get("credit_form") or CreditReportForm(),
        "survey_decision_form": forms.get("survey_decision_form") or SurveyDecisionForm(),
        "screenings": screenings,
        "screening": screening,
        "four_eyes": four_eyes,
        "screened_by_me": four_eyes.code == "screener_cannot_approve",
        "approvals": list(app.approvals.all()),
        "pre_audits": list(app.pre_audits.all()),
        "committee_decisions": list(app.committee_decisions.all()),
        "branch_staff": bool(branch_staff),
        "decider": bool(decider),
        "is_auditor": user.has_role(Role.AUDITOR),
        "is_hq": user.has_role(Role.HQ_SALES),
        # Refer back: branch staff at the review steps; at the approval step the approvers.
        "can_refer_back": status in PREVIOUS_STEP
        and (decider if status == S.AWAITING_APPROVAL else bool(branch_staff)),
        "S": S,
        "note_form": forms.get("note_form") or NoteForm(),
        "refer_form": forms.get("refer_form") or ReasonForm(auto_id="refer_%s"),
        "supplement_form": forms.get("supplement_form") or ReasonForm(auto_id="supplement_%s"),
        "reject_form": forms.get("reject_form") or ReasonForm(auto_id="reject_%s"),
        "SUPPLEMENTABLE": SUPPLEMENTABLE,
        "survey_form": forms.get("survey_form") or SurveyForm(),
        "screening_form": forms.get("screening_form")
        or (_screening_form(app, screening) if status == S.SCREENING else None),
        "approval_form": forms.get("approval_form")
        or ApprovalForm(initial={"amount": f"{approval_amount:,}"}),
        "pre_audit_form": forms.get("pre_audit_form") or PreAuditForm(),
        "committee_form": forms.get("committee_form"),
        "error": forms.get("error"),
        "notice": forms.get("notice"),
        "deadline": services.signing_deadline(app) if status == S.APPROVED else None,
    }
    if status == S.AWAITING_APPROVAL and decider:
        context["projection"] = selectors.approval_projection(app, approval_amount)
        # Tell the approver before they click whether their authority covers the amount.
        authority = services.authority_verdict(
            actor=user, application=app, amount_krw=approval_amount
        )
        context["authority"] = authority
        if not authority.allowed:
            context["authority_problem"] = authority.reason
        context["needs_committee"] = authority.code == "committee_required"
        if context["is_hq"] and context["committee_form"] is None:
            context["committee_form"] = CommitteeDecisionForm(
                initial={"amount": f"{approval_amount:,}", "held_on": timezone.localdate()}
            )
    if status == S.ISSUED and hasattr(app, "guarantee"):
        context["guarantee"] = app.guarantee
        context["fees"] = list(app.guarantee.fee_instalments.all())
    return context


def _screening_form(app: Application, screening) -> ScreeningForm:
    """Blank, or filled in with the screening already saved at this step."""
    initial = {"recommended_amount": format_korean_amount(app.amount_krw) if app.amount_krw else ""}
    if screening is not None:
        initial = {
            "recommended_amount": format_korean_amount(screening.recommended_amount_krw),
            "comment": screening.comment,
            **{f"factor_{row['code']}": row["points"] for row in screening.factor_scores},
        }
    return ScreeningForm(initial=initial, factors=ScorecardFactor.objects.filter(is_active=True))


def _render_detail(request, app, *, status=200, **forms):
    template = "guarantees/review/application.html"
    name = f"{template}#workspace" if _partial(request) else template
    return render(request, name, _detail_context(request, app, **forms), status=status)


# Every page that shows an application's business and representative: one access-log row.
logs_application = logs_personal_data(data="신청서 상세", object_type="신청서", object_id="pk")


@require_GET
@role_required(*STAFF_READERS)
@logs_application
def application_detail(request, pk: int):
    app = _get_app(request, pk)
    return _render_detail(request, app)


@require_GET
@role_required(*STAFF_READERS)
@logs_personal_data(data="신청 이력", object_type="신청서", object_id="pk")
def application_history(request, pk: int):
    """이력 탭: every transition (who, from, to, when, why) and the decision records."""
    app = _get_app(request, pk)
    context = {**_detail_context(request, app), "db_history": selectors.status_history(app)}
    template = "guarantees/review/history.html"
    return render(request, f"{template}#history" if _partial(request) else template, context)


_INLINE_KINDS = {"pdf", "jpg", "png"}


@require_GET
@role_required(*STAFF_READERS)
@xframe_options_sameorigin  # shown in the application page's preview frame
@logs_personal_data(
    action=AccessAction.DOWNLOAD,
    data="제출서류 다운로드",
    object_type="제출서류",
    object_id="document_id",
)
def document(request, pk: int, document_id: int):
    """An applicant's uploaded file, to staff who may open the application (else 404).
    PDFs and images open in the page (sandboxed: no scripts, no same-origin rights); HWP and
    HWPX download."""
    app = _get_app(request, pk)
    doc = get_object_or_404(app.documents.all(), pk=document_id)
    return _private_file(doc.storage_path, doc.kind, doc.original_name, doc.content_type)


def _private_file(storage_path: str, kind: str, name: str, content_type: str) -> FileResponse:
    """A file under PRIVATE_MEDIA_ROOT: PDFs and images inline (sandboxed), the rest as a
    download; never cached."""
    response = FileResponse(
        open(uploads.absolute_path(storage_path), "rb"),
        as_attachment=kind not in _INLINE_KINDS,
        filename=name,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    # Its own policy (the portal's would forbid framing it): no scripts, framed only by us.
    response["Content-Security-Policy"] = "sandbox; frame-ancestors 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------
# actions


def _act(request, pk: int, form, run, success: str | Callable[[Application], str], form_key: str):
    """Validate `form`, run the service, and answer: redirect (plain) or the refreshed
    workspace (htmx). A WorkflowError or an invalid form re-renders with the message."""
    app = _get_app(request, pk)
    if form is not None and not form.is_valid():
        return _render_detail(
            request,
            app,
            status=200 if _partial(request) else 400,
            **{form_key: form, "error": "입력 내용을 확인해 주세요."},
        )
    try:
        run(app, form.cleaned_data if form is not None else {})
    except WorkflowError as exc:
        return _render_detail(
            request,
            app,
            status=200 if _partial(request) else 409,
            **({form_key: form} if form is not None else {}),
            error=str(exc),
        )
    app = _get_app(request, pk)
    if callable(success):  # the message depends on where the application went
        success = success(app)
    if _partial(request):
        return _render_detail(request, app, notice=success)
    messages.success(request, success)
    return redirect("guarantees:review:application", pk=pk)


@role_required(*BRANCH)
@post_only_app
@logs_application
def verify_documents(request, pk: int):
    return _act(
        request,
        pk,
        NoteForm(request.POST),
        lambda app, d: services.application_verify_documents(
            application=app, actor=request.user, note=d["note"]
        ),
        "서류 확인을 완료했습니다.",
        "note_form",
    )


@role_required(*BRANCH)
@uploads.with_upload_cap
@post_only_app
@logs_application
def record_credit_report(request, pk: int):
    """확인된 신용등급 기록: the bureau's grade and score with the report file."""
    form = CreditReportForm(request.POST, request.FILES)
    form.is_valid()
    capped = getattr(request, "_capped_upload", None)
    for _field, message in capped.problems() if capped else []:
        form.add_error("report", message)
    return _act(
        request,
        pk,
        form,
        lambda app, d: services.credit_report_record(
            application=app,
            actor=request.user,
            bureau=d["bureau"],
            grade=d["grade"],
            score=d["score"],
            report_date=d["report_date"],
            checked=d["report"],
        ),
        "확인된 신용등급을 기록했습니다.",
        "credit_form",
    )


@role_required(*BRANCH)
@post_only_app
@logs_application
def decide_survey(request, pk: int):
    """현장조사 판단 by hand (skip or require, reason mandatory)."""
    return _act(
        request,
        pk,
        SurveyDecisionForm(request.POST),
        lambda app, d: services.survey_decide(
            application=app, actor=request.user, decision=d["decision"], reason=d["reason"]
        ),
        _survey_decision_outcome,
        "survey_decision_form",
    )


def _survey_decision_outcome(app: Application) -> str:
    if app.status == S.SCREENING:
        return "현장조사를 생략하고 보증심사 단계로 넘겼습니다."
    return "현장조사 판단을 기록했습니다."


@role_required(*BRANCH)
@post_only_app
@logs_application
def skip_survey(request, pk: int):
    """현장조사 생략 when the verified credit score now meets the programme's bar."""
    return _act(
        request,
        pk,
        None,
        lambda app, d: services.survey_skip(application=app, actor=request.user),
        "현장조사를 생략하고 보증심사 단계로 넘겼습니다.",
        "note_form",
    )


@require_GET
@role_required(*STAFF_READERS)
@xframe_options_sameorigin
@logs_personal_data(
    action=AccessAction.DOWNLOAD,
    data="신용조회 보고서 다운로드",
    object_type="신용조회 보고서",
    object_id="report_id",
)
def credit_report_file(request, pk: int, report_id: int):
    """The credit bureau report staff uploaded, to staff who may open the application."""
    app = _get_app(request, pk)
    report = get_object_or_404(app.credit_reports.all(), pk=report_id)
    return _private_file(
        report.storage_path, report.kind, report.original_name, report.content_type
    )


@role_required(*BRANCH)
@post_only_app
@logs_application
def request_supplement(request, pk: int):
    return _act(
        request,
        pk,
        ReasonForm(request.POST, auto_id="supplement_%s"),
        lambda app, d: services.application_request_supplement(
            application=app, actor=request.user, reason=d["reason"]
        ),
        "신청인에게 보완을 요청했습니다.",
        "supplement_form",
    )


@role_required(*BRANCH)
@post_only_app
@logs_application
def start_survey(request, pk: int):
    app = _get_app(request, pk)
    form = SurveyAppointmentForm(request.POST, branch=app.branch, actor=request.user)
    return _act(
        request,
        pk,
        form,
        lambda app, d: services.survey_start(
            application=app, actor=request.user, visit_at=d["visit_at"], visitor=d["visitor"]
        ),
        "현장조사를 시작하고 방문 일정을 신청인에게 알렸습니다.",
        "appointment_form",
    )


@role_required(*BRANCH)
@post_only_app
@logs_application
def reschedule_survey(request, pk: int):
    app = _get_app(request, pk)
    form = SurveyAppointmentForm(
        request.POST,
        branch=app.branch,
        actor=request.user,
        reschedule=True,
        auto_id="reschedule_%s",
    )
    return _act(
        request,
        pk,
        form,
        lambda app, d: services.survey_reschedule(
            application=app,
            actor=request.user,
            visit_at=d["visit_at"],
            visitor=d["visitor"],
            reason=d["reason"],
        ),
        "현장조사 일정을 바꾸고 신청인에게 알렸습니다.",
        "reschedule_form",
    )


@role_required(*BRANCH)
@post_only_app
@logs_application
def record_survey(request, pk: int):
    return _act(
        request,
        pk,
        SurveyForm(request.POST),
        lambda app, d: services.survey_record(
            application=app, actor=request.user, findings=d["findings"]
        ),
        "현장조사 결과를 기록했습니다.",
        "survey_form",
    )


@role_required(*BRANCH)
@post_only_app
@logs_application
def screen(request, pk: int):
    form = ScreeningForm(request.POST, factors=ScorecardFactor.objects.filter(is_active=True))
    return _act(
        request,
        pk,
        form,
        lambda app, d: services.screening_record(
            application=app,
            actor=request.user,
            points=form.points(),
            recommended_amount_krw=d["recommended_amount"],
            comment=d["comment"],
        ),
        "심사표를 저장했습니다. 승인 요청을 보낼 수 있습니다.",
        "screening_form",
    )


@role_required(*BRANCH)
@post_only_app
@logs_application
def send_for_approval(request, pk: int):
    return _act(
        request,
        pk,
        None,
        lambda app, d: services.application_send_for_approval(application=app, actor=request.user),
        "승인을 요청했습니다.",
        "note_form",
    )


@role_required(Role.BRANCH_MANAGER, Role.HQ_SALES)
@post_only_app
@logs_application
def decide(request, pk: int):
    """승인 / 거절: two named submit buttons of one form."""
    decision = request.POST.get("decision")
    form = ApprovalForm(request.POST)
    if decision == "reject":

        def reject_run(app, d):
            services.application_reject(application=app, actor=request.user, reason=d["comment"])

        return _act(request, pk, form, reject_run, "신청을 거절했습니다.", "approval_form")

    def approve_run(app, d):
        services.application_approve(
            application=app, actor=request.user, amount_krw=d["amount"], comment=d["comment"]
        )

    return _act(request, pk, form, approve_run, _approval_outcome, "approval_form")


def _approval_outcome(app: Application) -> str:
    """What 승인 did: approved, or — above the pre-audit threshold — sent to 사전감사."""
    if app.status == S.PRE_AUDIT:
        return (
            f"승인 금액 {format_korean_amount(app.approved_amount_krw or app.amount_krw or 0)}"
            "이 사전감사 기준을 넘어 감사실 사전감사로 넘겼습니다. 감사실이 이상 없음을 "
            "확인하면 승인됩니다."
        )
    return "승인했습니다."


@role_required(*BRANCH, Role.HQ_SALES)
@post_only_app
@logs_application
def reject(request, pk: int):
    return _act(
        request,
        pk,
        ReasonForm(request.POST, auto_id="reject_%s"),
        lambda app, d: services.application_reject(
            application=app, actor=request.user, reason=d["reason"]
        ),
        "신청을 거절했습니다.",
        "reject_form",
    )


@role_required(*BRANCH, Role.HQ_SALES)
@post_only_app
@logs_application
def refer_back(request, pk: int):
    return _act(
        request,
        pk,
        ReasonForm(request.POST, auto_id="refer_%s"),
        lambda app, d: services.application_refer_back(
            application=app, actor=request.user, reason=d["reason"]
        ),
        "이전 단계로 되돌렸습니다.",
        "refer_form",
    )


@role_required(Role.HQ_SALES)
@post_only_app
@logs_application
def record_committee(request, pk: int):
    form = CommitteeDecisionForm(request.POST)
    return _act(
        request,
        pk,
        form,
        lambda app, d: services.committee_decision_record(
            application=app,
            actor=request.user,
            committee=d["committee"],
            members_present=list(d["members_present"]),
            held_on=d["held_on"],
            approved=d["approved"],
            amount_krw=d["amount"],
            minutes=d["minutes"],
        ),
        "위원회 의결을 기록했습니다.",
        "committee_form",
    )


@role_required(Role.AUDITOR)
@post_only_app
@logs_application
def pre_audit(request, pk: int):
    outcome = (
        PreAuditOutcome.OBJECTED
        if request.POST.get("decision") == "object"
        else PreAuditOutcome.CLEARED
    )
    return _act(
        request,
        pk,
        PreAuditForm(request.POST),
        lambda app, d: services.pre_audit_decide(
            application=app, actor=request.user, outcome=outcome, reason=d["reason"]
        ),
        "사전감사 결과를 기록했습니다.",
        "pre_audit_form",
    )


@role_required(*BRANCH)
@post_only_app
@logs_application
def issue(request, pk: int):
    return _act(
        request,
        pk,
        None,
        lambda app, d: services.guarantee_issue(application=app, actor=request.user),
        "보증서를 발급했습니다.",
        "note_form",
    )


# ---------------------------------------------------------------------------------------------
# monitoring


def _monitoring_day(request) -> dt.date:
    form = MonitoringForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        return form.cleaned_data["date"]
    return selectors.previous_business_day(timezone.localdate())


@require_GET
@role_required(Role.AUDITOR)
@logs_personal_data(data="모니터링 목록", object_type="보증 목록")
def monitoring(request):
    """일일 모니터링: guarantees over the policy's threshold (ReviewPolicy, 3천만원 by default)
    issued on the previous business day."""
    on = _monitoring_day(request)
    data = selectors.monitoring_list(on=on)
    context = {
        **data,
        "title": rules.monitoring_title(data["threshold_krw"]),
        "form": MonitoringForm(initial={"date": on}),
        "csv_url": reverse("guarantees:review:monitoring_csv") + f"?date={on:%Y-%m-%d}",
    }
    template = "guarantees/review/monitoring.html"
    return render(request, f"{template}#list" if _partial(request) else template, context)


MONITORING_HEADER = [
    "감사그룹",
    "지점",
    "보증번호",
    "상호",
    "사업자등록번호",
    "상품",
    "은행",
    "발급일",
    "보증금액(원)",
]


def _monitoring_rows(on):
    data = selectors.monitoring_list(on=on)
    return (
        [
            group["name"],
            g.branch.name,
            g.guarantee_no,
            g.business.name,
            g.business.business_no,
            g.program.name if g.program else "일반보증",
            g.bank_name,
            g.issued_on,
            g.guaranteed_amount_krw,
        ]
        for group in data["groups"]
        for g in group["rows"]
    )


@require_GET
@role_required(Role.AUDITOR)
@logs_personal_data(action=AccessAction.EXPORT, data="모니터링 CSV", object_type="보증 목록")
def monitoring_csv(request):
    on = _monitoring_day(request)
    return csv_download(f"monitoring-{on:%Y%m%d}.csv", MONITORING_HEADER, _monitoring_rows(on))


@require_GET
@role_required(Role.AUDITOR)
@logs_personal_data(action=AccessAction.EXPORT, data="모니터링 엑셀", object_type="보증 목록")
def monitoring_xlsx(request):
    on = _monitoring_day(request)
    return xlsx_download(
        f"monitoring-{on:%Y%m%d}.xlsx",
        MONITORING_HEADER,
        _monitoring_rows(on),
        title=f"일일 모니터링 ({on:%Y. %m. %d.} 발급)",
        won_columns={8},
    )
