"""Applicant pages: thin function views. Plain HTML forms work without JavaScript; htmx only
adds the draft's autosave ("저장됨 HH:MM") and partial responses (`#main`) for HX-Request.

Every read goes through the selectors that scope to the signed-in applicant, so another
applicant's application, document, agreement or certificate answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import Role
from accounts.permissions import post_only, role_required
from common.korean import with_particle
from common.net import client_ip
from common.ratelimit import over_limit
from programs.models import Program

from ..models import Application, ApplicationStatus
from ..rounds.selectors import applicant_round
from ..workflow import allowed_actions
from . import services, uploads
from .certificate import certificate_pdf, certificate_verify
from .forms import (
    AgreementForm,
    ApplicationForm,
    BusinessProfileForm,
    CertificateVerifyForm,
    SupplementAnswerForm,
    WithdrawForm,
)
from .selectors import (
    agreement_terms,
    applicant_business,
    document_slots,
    own_application,
    own_document,
    own_guarantee,
    signing_deadline,
    supplement_request,
    timeline,
)

S = ApplicationStatus
applicant_only = role_required(Role.APPLICANT)
# POST-only views: another applicant's application is a 404 whatever the method.
post_only_own = post_only(lambda request, pk: own_application(request.user, pk))


def _page(request, template: str, context: dict, status: int = 200):
    """The whole page, or only its `main` partial for an htmx request."""
    name = f"{template}#main" if request.htmx else template
    return render(request, name, context, status=status)


def _redirect(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# ---------------------------------------------------------------------------------------------
# Home and business profile


@require_GET
@applicant_only
def home(request):
    """내 신청: the applicant's own applications and what to do next."""
    applications = (
        Application.objects.filter(applicant=request.user)
        .select_related("program", "branch", "round_entry__call_round")
        .order_by("-created_at")
    )
    return _page(
        request,
        "guarantees/applicant/home.html",
        {"applications": applications, "business": applicant_business(request.user)},
    )


@require_http_methods(["GET", "POST"])
@applicant_only
def profile(request):
    """사업자 정보: one business per account; eligibility is evaluated from it."""
    business = applicant_business(request.user)
    if request.method == "POST":
        form = BusinessProfileForm(request.POST, instance=business)
        if form.is_valid():
            services.business_profile_save(
                business=form.save(commit=False),
                owner=request.user,
                sido=form.cleaned_data["sido"],
            )
            messages.success(
                request, "사업자 정보를 저장했습니다. 상품별 지원 자격을 확인해 보세요."
            )
            next_url = request.POST.get("next", "")
            if next_url.startswith("/") and not next_url.startswith("//"):
                return _redirect(request, next_url)
            return _redirect(request, reverse("programs:catalogue"))
        status = 400
    else:
        form = BusinessProfileForm(instance=business)
        status = 200
    return _page(
        request,
        "guarantees/applicant/profile.html",
        {"form": form, "business": business, "next": request.GET.get("next", "")},
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Draft, documents, submission


@applicant_only
@post_only(lambda request, code: get_object_or_404(Program, code=code))
def start(request, code: str):
    """신청하기 (from the catalogue): create or resume the draft for this programme."""
    program = get_object_or_404(Program, code=code)
    business = applicant_business(request.user)
    if business is None:
        messages.info(request, "먼저 사업자 정보를 입력해 주세요.")
        return _redirect(
            request,
            f"{reverse('guarantees:applicant:profile')}?next="
            f"{reverse('programs:detail', args=[code])}",
        )
    try:
        application = services.application_start_draft(
            user=request.user, business=business, program=program
        )
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
        return _redirect(request, reverse("programs:detail", args=[code]))
    return _redirect(request, reverse("guarantees:applicant:edit", args=[application.pk]))


def _edit_context(application: Application, form, doc_errors: dict) -> dict:
    slots = document_slots(application)
    return {
        "application": application,
        "program": application.program,
        "form": form,
        "slots": [
            {
                "required": slot.required,
                "current": slot.current,
                "field": f"doc_{slot.required.code}",
                "errors": doc_errors.get(f"doc_{slot.required.code}", []),
            }
            for slot in slots
        ],
        "doc_errors": doc_errors,
        "max_mb": uploads.MAX_UPLOAD_BYTES // (1024 * 1024),
        "allowed_label": uploads.ALLOWED_LABEL,
        "appointments": list(application.survey_appointments.select_related("visitor"))
        if application.status == S.FIELD_SURVEY
        else [],
    }


def _initial(application: Application) -> dict:
    return {
        "amount": f"{application.amount_krw:,}" if application.amount_krw else "",
        "purpose": application.purpose,
        "bank": application.bank_id,
        "term_months": application.term_months,
    }


def _save_fields(request, application, form) -> bool:
    if not form.is_valid():
        return False
    try:
        services.application_save_draft(
            application_id=application.pk,
            actor=request.user,
            amount_krw=form.cleaned_data["amount"],
            purpose=form.cleaned_data["purpose"],
            bank=form.cleaned_data["bank"],
            term_months=form.cleaned_data["term_months"],
        )
    except services.ApplicationIncomplete as exc:
        for field, message in exc.errors:
            form.add_error(field, message)
        return False
    except services.ApplicationError as exc:
        form.add_error(None, str(exc))
        return False
    return True


def _store_documents(request, application, doc_errors: dict) -> None:
    """Check every uploaded file and name each one's problem; store them all or none (one
    refused or dropped file keeps the others of the same request out: nothing half-stored)."""
    capped = getattr(request, "_capped_upload", None)
    for field_name, message in capped.problems() if capped else []:
        doc_errors.setdefault(field_name, []).append(message)
    checked = {}
    for slot in document_slots(application):
        key = f"doc_{slot.required.code}"
        uploaded = request.FILES.get(key)
        if uploaded is None:
            continue
        try:
            checked[key] = (slot.required, uploads.check_upload(uploaded))
        except ValidationError as exc:
            doc_errors.setdefault(key, []).extend(exc.messages)
    if doc_errors:
        for key, (_required, upload) in checked.items():
            doc_errors.setdefault(key, []).append(
                f"{with_particle(f'‘{upload.name}’', '은')} 문제가 없지만, 같이 올린 다른 파일에 문제가 있어 "
                "저장하지 않았습니다. 문제를 고친 뒤 함께 다시 올려 주세요."
            )
        return
    for key, (required, upload) in checked.items():
        try:
            services.application_attach_document(
                application_id=application.pk,
                actor=request.user,
                required_document=required,
                checked=upload,
            )
        except services.ApplicationError as exc:
            doc_errors[key] = [str(exc)]


_with_upload_cap = uploads.with_upload_cap


@require_http_methods(["GET", "POST"])
@applicant_only
@_with_upload_cap
def edit(request, pk: int):
    """신청서 작성: amount, purpose, bank, term and the programme's documents, in one form
    (임시저장 or 제출하기). Errors stay next to their field with the values as typed."""
    application = own_application(request.user, pk)
    if application.status != S.DRAFT:
        if request.method == "POST" and "submit" in request.POST:
            messages.warning(
                request,
                f"이미 제출된 신청입니다(접수번호 {application.tracking_no}). "
                "다시 제출하지 않아도 됩니다.",
            )
        return _redirect(request, reverse("guarantees:applicant:status", args=[pk]))
    doc_errors: dict[str, list[str]] = {}
    if request.method == "GET":
        form = ApplicationForm(initial=_initial(application), application=application)
        return _page(
            request, "guarantees/applicant/edit.html", _edit_context(application, form, doc_errors)
        )

    form = ApplicationForm(request.POST, application=application)
    _store_documents(request, application, doc_errors)
    if request.POST.get("remove"):
        try:
            services.application_remove_document(
                application_id=application.pk,
                actor=request.user,
                document_id=int(request.POST["remove"]),
            )
        except (services.ApplicationError, ValueError):
            form.add_error(None, "지울 서류를 찾을 수 없습니다.")
    saved = _save_fields(request, application, form)
    if saved and not doc_errors and "submit" in request.POST:
        try:
            services.application_submit(application_id=application.pk, actor=request.user)
        except services.ApplicationIncomplete as exc:
            for field, message in exc.errors:
                if field and field.startswith("doc_"):
                    doc_errors.setdefault(field, []).append(message)
                else:
                    form.add_error(field if field in form.fields else None, message)
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            return _redirect(request, reverse("guarantees:applicant:done", args=[pk]))
    if saved and not doc_errors and not form.errors:
        stamp = timezone.localtime().strftime("%H:%M")
        messages.success(
            request, f"저장됨 {stamp}. 다른 기기에서도 ‘내 신청’에서 이어서 쓸 수 있습니다."
        )
        return _redirect(request, reverse("guarantees:applicant:edit", args=[pk]))
    application.refresh_from_db()
    return _page(
        request,
        "guarantees/applicant/edit.html",
        _edit_context(application, form, doc_errors),
        status=400,
    )


@applicant_only
@post_only_own
def autosave(request, pk: int):
    """htmx autosave of the draft's fields: answers the "저장됨 HH:MM" fragment."""
    application = own_application(request.user, pk)
    if not request.htmx:
        return redirect("guarantees:applicant:edit", pk=pk)
    form = ApplicationForm(request.POST, application=application)
    error = ""
    if application.status != S.DRAFT:
        error = "이미 제출된 신청서입니다."
    elif not _save_fields(request, application, form):
        first = next(iter(form.errors.values()), ["입력값을 확인해 주세요."])
        error = first[0]
    return render(
        request,
        "guarantees/applicant/edit.html#save-status",
        {"saved_at": None if error else timezone.localtime(), "save_error": error},
    )


@require_GET
@applicant_only
def done(request, pk: int):
    """접수 완료: the tracking number and what happens next."""
    application = own_application(request.user, pk)
    if application.tracking_no is None:
        return redirect("guarantees:applicant:edit", pk=pk)
    return _page(request, "guarantees/applicant/done.html", {"application": application})


# ---------------------------------------------------------------------------------------------
# Status, supplement, withdrawal


def _status_context(application, supplement_form=None) -> dict:
    guarantee = getattr(application, "guarantee", None) if application.status == S.ISSUED else None
    return {
        "application": application,
        "timeline": timeline(application),
        "documents": application.documents.select_related("required_document"),
        "supplement_request": (
            supplement_request(application)
            if application.status == S.SUPPLEMENT_REQUESTED
            else None
        ),
        "supplement_form": supplement_form or SupplementAnswerForm(),
        "can_withdraw": "withdraw" in allowed_actions(application.status),
        "agreement": getattr(application, "agreement", None),
        "guarantee": guarantee,
        "signing_deadline": signing_deadline(application)
        if application.status == S.APPROVED
        else None,
        "allowed_label": uploads.ALLOWED_LABEL,
        "appointments": list(application.survey_appointments.select_related("visitor"))
        if application.status == S.FIELD_SURVEY
        else [],
        "round_entry": applicant_round(application),  # 공고·심의 (issue 13)
    }


@require_GET
@applicant_only
def status(request, pk: int):
    """진행 상황: every step in Korean, and what the applicant can do now."""
    application = own_application(request.user, pk)
    return _page(request, "guarantees/applicant/status.html", _status_context(application))


@applicant_only
@post_only_own
@_with_upload_cap
def answer_supplement(request, pk: int):
    application = own_application(request.user, pk)
    form = SupplementAnswerForm(request.POST, request.FILES)
    for _field, message in request._capped_upload.problems():
        form.add_error("files", message)
    if form.is_valid():
        checked = []
        for uploaded in form.cleaned_data["files"]:
            try:
                checked.append(uploads.check_upload(uploaded))
            except ValidationError as exc:
                form.add_error("files", exc.messages)
        if not form.errors:
            try:
                services.application_answer_supplement(
                    application_id=application.pk,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    files=checked,
                )
            except services.ApplicationIncomplete as exc:
                for field, message in exc.errors:
                    form.add_error(field if field in form.fields else None, message)
            except services.ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, "보완 답변을 제출했습니다. 담당 지점이 이어서 검토합니다."
                )
                return _redirect(request, reverse("guarantees:applicant:status", args=[pk]))
    return _page(
        request,
        "guarantees/applicant/status.html",
        _status_context(application, supplement_form=form),
        status=400,
    )


@require_http_methods(["GET", "POST"])
@applicant_only
def withdraw(request, pk: int):
    """신청 취하 (before a decision): a confirmation step that works without JavaScript."""
    application = own_application(request.user, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application_id=application.pk,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "신청을 취하했습니다.")
        return _redirect(request, reverse("guarantees:applicant:status", args=[pk]))
    return _page(
        request,
        "guarantees/applicant/withdraw.html",
        {"application": application, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@applicant_only
def document(request, pk: int):
    """A stored document, to its owner only (404 for anyone else)."""
    doc = own_document(request.user, pk)
    path = uploads.absolute_path(doc.storage_path)
    response = FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=doc.original_name,
        content_type=doc.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------
# 전자약정 and 보증서


@require_http_methods(["GET", "POST"])
@applicant_only
def agreement(request, pk: int):
    """전자약정: the terms, the consents, the password again, then the signed record."""
    application = own_application(request.user, pk)
    signed = getattr(application, "agreement", None)
    if signed is None and application.status != S.APPROVED:
        messages.info(request, "전자약정은 보증이 승인된 뒤에 할 수 있습니다.")
        return _redirect(request, reverse("guarantees:applicant:status", args=[pk]))
    form = AgreementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and signed is None and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_sign(
                application_id=application.pk,
                actor=request.user,
                password=data["password"],
                consents={key: data[key] for key in services.REQUIRED_CONSENTS},
                ip_address=client_ip(request),
                user_agent=request.headers.get("user-agent", ""),
            )
        except services.ApplicationIncomplete as exc:
            for field, message in exc.errors:
                form.add_error(field if field in form.fields else None, message)
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "전자약정에 서명했습니다. 보증서가 발급되면 알려 드립니다.")
            return _redirect(request, reverse("guarantees:applicant:agreement", args=[pk]))
    terms = signed.terms if signed else agreement_terms(application)
    consents = [
        {"key": key, "text": text, "field": form[key]}
        for key, text in services.REQUIRED_CONSENTS.items()
    ]
    return _page(
        request,
        "guarantees/applicant/agreement.html",
        {
            "application": application,
            "terms": terms,
            "signed": signed,
            "form": form,
            "consents": consents,
            "deadline": signing_deadline(application),
        },
        status=400 if request.method == "POST" and signed is None else 200,
    )


@require_GET
@applicant_only
def certificate(request, pk: int):
    """보증서 PDF (WeasyPrint through common.pdf.render_pdf), to its owner only."""
    guarantee = own_guarantee(request.user, pk)
    pdf = certificate_pdf(guarantee)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{guarantee.guarantee_no}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def verify_certificate(request):
    """보증서 진위확인 (public): number + check code → genuine or not, and nothing else."""
    form = CertificateVerifyForm(request.GET or None)
    result = None
    checked = False
    if request.GET and form.is_valid():
        # Counted per client (client_ip: the address the trusted proxy saw), 30 per 10 minutes;
        # with Redis down the count is off and the answer still comes from the database.
        if over_limit(f"certificate-verify:{client_ip(request)}", limit=30, window=600):
            form.add_error(None, "조회가 너무 많습니다. 10분 뒤에 다시 시도해 주세요.")
        else:
            checked = True
            result = certificate_verify(
                guarantee_no=form.cleaned_data["guarantee_no"],
                check_code=form.cleaned_data["check_code"],
            )
    return _page(
        request,
        "guarantees/applicant/verify.html",
        {"form": form, "result": result, "checked": checked},
    )
