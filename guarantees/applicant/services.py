"""State changes of the applicant journey. Each top-level service owns its transaction
(`atomic(durable=True)`), locks the application row, checks the state through the workflow
table and writes the event; emails go out after commit.

Errors are Korean sentences for the page: `ApplicationError` (one message) and
`ApplicationIncomplete` (a message per form field, so the page can show each where it belongs).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
from collections.abc import Sequence

from django.core.cache import cache
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from common.foundation import foundation, sender
from common.korean import with_particle
from common.money import format_korean_amount
from common.site import absolute_reverse
from programs.eligibility import evaluate, is_eligible
from programs.models import Program, ProgramStatus, RequiredDocument
from programs.selectors import open_programs

from ..models import (
    Agreement,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Business,
    SupplementAnswer,
)
from ..rounds.services import RoundError, entry_register, round_problem
from ..workflow import WorkflowError, transition
from . import uploads
from .selectors import agreement_terms, signing_deadline, used_limit_krw

logger = logging.getLogger(__name__)
S = ApplicationStatus


class ApplicationError(WorkflowError):
    """A rule of the journey refused the action; the message is shown to the applicant."""


class ApplicationIncomplete(ApplicationError):
    """Submission refused: `errors` is a list of (form field or None, Korean message)."""

    def __init__(self, errors: list[tuple[str | None, str]]):
        self.errors = errors
        super().__init__(" ".join(message for _, message in errors))


def _lock(application_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "business", "business__district__branch", "bank")
        .get(pk=application_id)
    )


def _is_open(program: Program) -> bool:
    return open_programs().filter(pk=program.pk).exists()


def _ineligible_message(program: Program, business: Business) -> str | None:
    results = evaluate(program, business.facts())
    if is_eligible(results):
        return None
    failed = "; ".join(f"{r.explanation} ({r.reason})" for r in results if not r.passed)
    return f"‘{program.name}’의 지원 자격을 충족하지 않아 신청할 수 없습니다. 미충족: {failed}"


# ---------------------------------------------------------------------------------------------
# Drafts


def business_profile_save(*, business: Business, owner, sido: str) -> Business:
    """사업자 정보 저장: the applicant's one business (a validated, unsaved form instance),
    recorded in the history with who saved it (pghistory's context)."""
    import pghistory

    with transaction.atomic(), pghistory.context(user=owner.pk):
        business.owner = owner
        business.sido = sido
        business.save()
    return business


def application_start_draft(*, user, business: Business, program: Program) -> Application:
    """신청 시작: a draft for this business and programme (the existing draft if there is one,
    so the applicant resumes it from any device)."""
    with transaction.atomic(durable=True):
        Business.objects.select_for_update().get(pk=business.pk)  # one draft per programme
        draft = Application.objects.filter(
            business=business, program=program, status=S.DRAFT
        ).first()
        if draft is not None:
            return draft
        if program.status != ProgramStatus.OPEN or not _is_open(program):
            raise ApplicationError(
                f"{with_particle(f'‘{program.name}’', '은')} 지금 신청을 받지 않습니다."
            )
        problem = round_problem(program)  # a programme called in rounds (공고), issue 13
        if problem:
            raise ApplicationError(problem)
        if business.district_id is None:
            raise ApplicationError("사업장 주소(군·구)를 먼저 입력해 주세요.")
        message = _ineligible_message(program, business)
        if message:
            raise ApplicationError(message)
        in_progress = (
            Application.objects.filter(business=business, program=program)
            .exclude(status__in=[S.DRAFT, S.REJECTED, S.WITHDRAWN, S.EXPIRED, S.ISSUED])
            .first()
        )
        if in_progress is not None:
            raise ApplicationError(
                f"이 상품으로 진행 중인 신청(접수번호 {in_progress.tracking_no})이 있습니다."
            )
        return Application.objects.create(
            business=business,
            applicant=user,
            program=program,
            branch=business.branch,
            term_months=program.term_months,
        )


def amount_problems(*, application: Application, amount_krw: int | None) -> list[str]:
    """The limits an amount must respect: minimum, per-business limit (less what the business
    already asked in this programme), remaining programme capacity."""
    if amount_krw is None:
        return []
    program = application.program
    problems = []
    if amount_krw < program.min_amount_krw:
        problems.append(
            f"신청 금액은 {format_korean_amount(program.min_amount_krw)} 이상이어야 합니다."
        )
    used = used_limit_krw(business=application.business, program=program, exclude_pk=application.pk)
    available = max(program.per_business_limit_krw - used, 0)
    if amount_krw > available:
        limit = format_korean_amount(program.per_business_limit_krw)
        if used:
            room = (
                f"업체당 한도 {limit} 중 이미 {with_particle(format_korean_amount(used), '을')} 신청·보증받아 "
                f"{format_korean_amount(available)}까지 신청할 수 있습니다."
            )
        else:
            room = f"이 상품은 업체당 {limit}까지 신청할 수 있습니다."
        problems.append(
            f"신청 금액 {with_particle(format_korean_amount(amount_krw), '이')} 업체당 한도를 넘습니다. {room}"
        )
    elif amount_krw > program.remaining_krw:
        problems.append(
            f"이 상품의 남은 보증 한도는 {format_korean_amount(program.remaining_krw)}입니다. "
            "금액을 줄여 주세요."
        )
    return problems


def application_save_draft(
    *,
    application_id: int,
    actor,
    amount_krw: int | None,
    purpose: str,
    bank,
    term_months: int | None,
) -> Application:
    """임시저장: the fields as typed (each may still be empty). Only a draft can be saved."""
    with transaction.atomic(durable=True):
        application = _lock(application_id)
        if application.applicant_id != actor.pk:
            raise ApplicationError("본인의 신청서만 저장할 수 있습니다.")
        if application.status != S.DRAFT:
            raise ApplicationError("이미 제출된 신청서는 고칠 수 없습니다.")
        problems = amount_problems(application=application, amount_krw=amount_krw)
        if problems:
            raise ApplicationIncomplete([("amount", p) for p in problems])
        application.amount_krw = amount_krw
        application.purpose = purpose
        application.bank = bank
        application.term_months = term_months
        application.save(
            update_fields=["amount_krw", "purpose", "bank", "term_months", "updated_at"]
        )
        return application


def _document_store(
    *, application: Application, checked: uploads.CheckedUpload, actor, **owner
) -> ApplicationDocument:
    """Write the checked file under PRIVATE_MEDIA_ROOT and its row; if the row fails, the file
    is removed, so no orphan stays on disk. `owner`: required_document= or supplement_answer=."""
    relative = uploads.store(checked, application_id=application.pk)
    try:
        return ApplicationDocument.objects.create(
            application=application,
            original_name=checked.name,
            kind=checked.kind,
            content_type=checked.content_type,
            size_bytes=checked.size_bytes,
            sha256=checked.sha256,
            storage_path=relative,
            uploaded_by=actor,
            **owner,
        )
    except Exception:
        uploads.remove(relative)
        raise


def _check_quota(
    application: Application,
    adding: list[uploads.CheckedUpload],
    replacing: Sequence[ApplicationDocument] = (),
) -> None:
    """Per-application limits (count and bytes), under the application's row lock."""
    kept = application.documents.exclude(pk__in=[d.pk for d in replacing])
    totals = kept.aggregate(n=Count("id"), size=Sum("size_bytes"))
    problem = uploads.application_quota_problem(
        count=totals["n"], total_bytes=totals["size"] or 0, adding=adding
    )
    if problem:
        raise ApplicationError(problem)


def application_attach_document(
    *,
    application_id: int,
    actor,
    required_document: RequiredDocument,
    checked: uploads.CheckedUpload,
) -> ApplicationDocument:
    """서류 올리기 (draft): stores the file and replaces the previous one for that document."""
    with transaction.atomic(durable=True):
        application = _lock(application_id)
        if application.applicant_id != actor.pk:
            raise ApplicationError("본인의 신청서에만 서류를 올릴 수 있습니다.")
        if application.status != S.DRAFT:
            raise ApplicationError("제출한 뒤에는 보완 요청이 있을 때만 서류를 올릴 수 있습니다.")
        if required_document.program_id != application.program_id:
            raise ApplicationError("이 상품의 제출 서류가 아닙니다.")
        previous = list(
            application.documents.filter(
                required_document=required_document, supplement_answer__isnull=True
            )
        )
        _check_quota(application, [checked], replacing=previous)
        document = _document_store(
            application=application,
            checked=checked,
            actor=actor,
            required_document=required_document,
        )
        for old in previous:
            path = old.storage_path
            old.delete()
            transaction.on_commit(functools.partial(uploads.remove, path))
        return document


def application_remove_document(*, application_id: int, actor, document_id: int) -> None:
    with transaction.atomic(durable=True):
        application = _lock(application_id)
        if application.applicant_id != actor.pk or application.status != S.DRAFT:
            raise ApplicationError("제출한 뒤에는 서류를 지울 수 없습니다.")
        document = application.documents.filter(
            pk=document_id, supplement_answer__isnull=True
        ).first()
        if document is None:
            raise ApplicationError("지울 서류를 찾을 수 없습니다.")
        path = document.storage_path
        document.delete()
        transaction.on_commit(lambda: uploads.remove(path))


# ---------------------------------------------------------------------------------------------
# Submission


def _next_tracking_no() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('guarantees_application_tracking_seq')")
        (number,) = cursor.fetchone()
    year = timezone.localdate().year
    return f"{foundation().code}-{year}-{number:06d}"


def _submission_errors(application: Application, actor) -> list[tuple[str | None, str]]:
    program = application.program
    business = application.business
    errors: list[tuple[str | None, str]] = []
    if actor.email_verified_at is None:
        errors.append(
            (None, "이메일 인증을 마쳐야 제출할 수 있습니다. 받은 메일의 링크를 눌러 주세요.")
        )
    if not _is_open(program):
        errors.append(
            (None, f"{with_particle(f'‘{program.name}’', '은')} 지금 신청을 받지 않습니다.")
        )
    problem = round_problem(program)
    if problem:
        errors.append((None, problem))
    message = _ineligible_message(program, business)
    if message:
        errors.append((None, message))
    if business.district_id is None:
        errors.append((None, "사업장 주소(군·구)를 입력해야 담당 지점이 정해집니다."))
    if application.amount_krw is None:
        errors.append(("amount", "신청 금액을 입력해 주세요."))
    else:
        errors.extend(
            ("amount", p)
            for p in amount_problems(application=application, amount_krw=application.amount_krw)
        )
    if not application.purpose.strip():
        errors.append(("purpose", "자금 용도를 입력해 주세요."))
    if application.bank_id is None:
        errors.append(("bank", "대출받을 은행을 골라 주세요."))
    elif not program.banks.filter(pk=application.bank_id).exists():
        errors.append(("bank", "이 상품의 협약은행이 아닙니다. 다른 은행을 골라 주세요."))
    if not application.term_months:
        errors.append(("term_months", "보증기간을 골라 주세요."))
    elif application.term_months > program.term_months:
        errors.append(("term_months", f"보증기간은 {program.term_months}개월까지입니다."))
    present = set(
        application.documents.filter(supplement_answer__isnull=True).values_list(
            "required_document_id", flat=True
        )
    )
    for required in program.documents.filter(is_mandatory=True):
        if required.pk not in present:
            errors.append(
                (
                    f"doc_{required.code}",
                    f"필수 서류 {with_particle(f'‘{required.name}’', '을')} 올려 주세요.",
                )
            )
    return errors


def application_submit(*, application_id: int, actor) -> Application:
    """제출: every check passes, then a tracking number, the transition and an email.

    The number is taken last (after every check) so a refused submission never consumes one;
    the row lock makes a double submit wait and then find the application already submitted.
    """
    with transaction.atomic(durable=True):
        application = _lock(application_id)
        if application.applicant_id != actor.pk:
            raise ApplicationError("본인의 신청서만 제출할 수 있습니다.")
        if application.status != S.DRAFT:
            raise ApplicationError(
                f"이미 제출된 신청입니다(접수번호 {application.tracking_no}). 다시 제출하지 않아도 됩니다."
            )
        errors = _submission_errors(application, actor)
        if errors:
            raise ApplicationIncomplete(errors)
        application.branch = application.business.branch
        application.submitted_at = timezone.now()
        application.tracking_no = _next_tracking_no()
        application.save(update_fields=["branch", "submitted_at", "tracking_no", "updated_at"])
        transition(application=application, action="submit", actor=actor)
        try:
            entry_register(application=application)  # gathered into its round (공고)
        except RoundError as exc:
            raise ApplicationIncomplete([(None, str(exc))]) from exc
        application_id = application.pk
        transaction.on_commit(lambda: _send_submitted_email(application_id))
        return application


def _send_submitted_email(application_id: int) -> None:
    application = Application.objects.select_related("program", "applicant", "branch").get(
        pk=application_id
    )
    status_url = absolute_reverse("guarantees:applicant:status", application.pk)
    body = (
        f"{application.applicant} 님, 보증 신청이 접수되었습니다.\n\n"
        f"접수번호: {application.tracking_no}\n"
        f"상품: {application.program.name}\n"
        f"신청 금액: {format_korean_amount(application.amount_krw) if application.amount_krw is not None else '-'}\n"
        f"담당 지점: {application.branch.name if application.branch else '-'}\n\n"
        f"진행 상황은 보증 포털의 ‘내 신청’({status_url})에서 확인할 수 있습니다.\n"
        "이 메일은 주민등록번호 등 민감한 정보를 담지 않습니다.\n"
    )
    try:
        send_mail(
            f"[{foundation().name}] 보증 신청 접수 ({application.tracking_no})",
            body,
            sender(),
            [application.applicant.email],
        )
    except Exception:  # the submission stands; a failed email is logged, not a 500
        logger.exception("submission email failed for application %s", application_id)


# ---------------------------------------------------------------------------------------------
# After submission


def application_withdraw(*, application_id: int, actor, reason: str = "") -> Application:
    """취하: before a decision only (the workflow table says which states allow it)."""
    with transaction.atomic(durable=True):
        application = _lock(application_id)
        if application.applicant_id != actor.pk:
            raise ApplicationError("본인의 신청만 취하할 수 있습니다.")
        if application.status == S.WITHDRAWN:
            raise ApplicationError("이미 취하한 신청입니다.")
        try:
            transition(
                application=application,
                action="withdraw",
                actor=actor,
                reason=reason or "신청인이 취하했습니다.",
            )
        except WorkflowError as exc:
            raise ApplicationError(
                "결정이 내려진 뒤에는 온라인으로 취하할 수 없습니다. 담당 지점에 문의해 주세요."
            ) from exc
        return application


def application_answer_supplement(
    *, application_id: int, actor, note: str, files: list[uploads.CheckedUpload]
) -> SupplementAnswer:
    """보완 답변: a note and documents; the application returns to the step that asked."""
    with transaction.atomic(durable=True):
        application = _lock(application_id)
        if application.applicant_id != actor.pk:
            raise ApplicationError("본인의 신청에만 답변할 수 있습니다.")
        if application.status != S.SUPPLEMENT_REQUESTED:
            raise ApplicationError("지금은 보완 요청이 없습니다.")
        if not note.strip() and not files:
            raise ApplicationIncomplete([("note", "답변 내용을 적거나 서류를 올려 주세요.")])
        request_event = (
            application.events.filter(action="request_supplement").order_by("-created_at").first()
        )
        if request_event is None:
            raise ApplicationError("보완 요청 기록을 찾을 수 없습니다. 담당 지점에 문의해 주세요.")
        _check_quota(application, files)
        answer = SupplementAnswer.objects.create(
            application=application, request_event=request_event, note=note, answered_by=actor
        )
        stored: list[str] = []
        # If a later file or the transition fails, the transaction rolls the rows back; the
        # files already written go with them (nothing half-stored).
        try:
            for checked in files:
                document = _document_store(
                    application=application, checked=checked, actor=actor, supplement_answer=answer
                )
                stored.append(document.storage_path)
            back_to = application.supplement_return_status or request_event.from_status
            transition(
                application=application,
                action="answer_supplement",
                actor=actor,
                reason=note[:500],
                to_status=back_to,
            )
            application.supplement_return_status = ""
            application.save(update_fields=["supplement_return_status", "updated_at"])
        except Exception:
            for path in stored:
                uploads.remove(path)
            raise
        return answer


# ---------------------------------------------------------------------------------------------
# 전자약정

REQUIRED_CONSENTS = {
    "terms": "위 약정 조건(보증금액·보증비율·보증료·기간)을 확인했고 이에 동의합니다.",
    "credit_info": "보증 심사와 사후관리를 위한 개인(신용)정보 조회·제공에 동의합니다.",
    "fee": "보증료를 정해진 방식대로 납부하는 데 동의합니다.",
}
_STEP_UP_LIMIT = 5
_STEP_UP_WINDOW = 15 * 60


def terms_digest(terms: dict) -> str:
    canonical = json.dumps(terms, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def agreement_sign(
    *,
    application_id: int,
    actor,
    password: str,
    consents: dict[str, bool],
    ip_address: str | None,
    user_agent: str,
    now: dt.datetime | None = None,
) -> Agreement:
    """전자약정 서명: step-up re-authentication (password again), every consent, then an
    immutable record of the terms as signed, their SHA-256, time, IP and browser."""
    failures_key = f"agreement-stepup-failures:{actor.pk}"
    if (cache.get(failures_key) or 0) >= _STEP_UP_LIMIT:
        raise ApplicationIncomplete(
            [("password", "비밀번호를 여러 번 틀렸습니다. 15분 뒤에 다시 시도해 주세요.")]
        )
    if not actor.check_password(password or ""):
        cache.set(failures_key, (cache.get(failures_key) or 0) + 1, _STEP_UP_WINDOW)
        raise ApplicationIncomplete(
            [("password", "비밀번호가 맞지 않습니다. 로그인할 때 쓰는 비밀번호를 입력해 주세요.")]
        )
    cache.delete(failures_key)
    missing = [key for key in REQUIRED_CONSENTS if not consents.get(key)]
    if missing:
        raise ApplicationIncomplete(
            [(key, "약정하려면 이 항목에 동의해야 합니다.") for key in missing]
        )
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        application = _lock(application_id)
        if application.applicant_id != actor.pk:
            raise ApplicationError("본인의 신청만 약정할 수 있습니다.")
        if (
            application.status == S.AGREEMENT_SIGNED
            or Agreement.objects.filter(application=application).exists()
        ):
            raise ApplicationError("이미 전자약정에 서명했습니다.")
        if application.status != S.APPROVED:
            raise ApplicationError("승인된 신청만 약정할 수 있습니다.")
        deadline = signing_deadline(application)
        if deadline is not None and timezone.localdate(now) > deadline:
            raise ApplicationError(
                f"약정 기한({deadline:%Y-%m-%d})이 지났습니다. 담당 지점에 문의해 주세요."
            )
        terms = agreement_terms(application)
        agreement = Agreement.objects.create(
            application=application,
            terms=terms,
            terms_sha256=terms_digest(terms),
            consents={key: REQUIRED_CONSENTS[key] for key in REQUIRED_CONSENTS},
            signed_by=actor,
            signed_at=now,
            ip_address=ip_address,
            user_agent=(user_agent or "")[:500],
        )
        transition(
            application=application,
            action="sign_agreement",
            actor=actor,
            reason=f"약정 조건 SHA-256 {agreement.terms_sha256[:16]}…",
        )
        return agreement
