"""TEST-ONLY stand-ins for the staff workflow (issue #4): verify documents, skip the survey,
send for approval, approve, request a supplement, issue the guarantee.

They drive `guarantees.workflow.transition` directly (and, for issuance, create the Guarantee
and post its exposure with `ledger.services.journal_post`, idempotency key
`guarantee_issue:<guarantee_no>`). At merge time the lead swaps these for the real services
(application_verify_documents, …_approve, guarantee_issue) which add authority, four eyes and
the capacity reservation.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from guarantees.models import Application, ApplicationStatus, Guarantee
from guarantees.workflow import transition
from ledger import chart
from ledger.money import apply_percent
from ledger.services import Line, journal_post
from programs.models import Program


def _step(application_id: int, action: str, actor, reason: str = "", **changes) -> Application:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        for field, value in changes.items():
            setattr(application, field, value)
        if changes:
            application.save(update_fields=[*changes, "updated_at"])
        transition(application=application, action=action, actor=actor, reason=reason)
        return application


def verify(application_id: int, actor) -> Application:
    return _step(application_id, "verify_documents", actor)


def request_supplement(application_id: int, actor, reason: str) -> Application:
    application = Application.objects.get(pk=application_id)
    return _step(
        application_id,
        "request_supplement",
        actor,
        reason,
        supplement_return_status=application.status,
    )


def approve(application_id: int, actor, amount_krw: int | None = None) -> Application:
    """verify (if needed) → skip survey → screening → approve, reserving capacity."""
    application = Application.objects.get(pk=application_id)
    if application.status == ApplicationStatus.SUBMITTED:
        verify(application_id, actor)
    _step(application_id, "skip_survey", actor, "신용점수 기준 충족으로 현장조사 생략")
    _step(application_id, "send_for_approval", actor, "심사 의견: 적정")
    amount = amount_krw or application.amount_krw
    Program.objects.filter(pk=application.program_id).update(
        committed_krw=F("committed_krw") + amount
    )
    return _step(application_id, "approve", actor, "승인", approved_amount_krw=amount)


def issue(application_id: int, actor, *, on: dt.date | None = None) -> Guarantee:
    on = on or timezone.localdate()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("program", "bank", "business")
            .get(pk=application_id)
        )
        program = application.program
        loan = application.approved_amount_krw or application.amount_krw
        guarantee_no = f"ICGF-G-{on.year}-{application.pk:06d}"
        guarantee = Guarantee.objects.create(
            guarantee_no=guarantee_no,
            business=application.business,
            application=application,
            branch=application.branch,
            program=program,
            bank_name=application.bank.name,
            issued_on=on,
            matures_on=on + dt.timedelta(days=round(application.term_months * 365 / 12)),
            loan_amount_krw=loan,
            guaranteed_amount_krw=apply_percent(loan, program.guarantee_ratio_pct),
            guarantee_ratio_pct=program.guarantee_ratio_pct,
            fee_rate_pct=program.fee_rate_pct,
        )
        dims = {
            "branch_id": guarantee.branch_id,
            "program_id": program.pk,
            "guarantee_id": guarantee.pk,
        }
        journal_post(
            date=on,
            kind="guarantee_issue",
            lines=[
                Line(chart.EXPOSURE, guarantee.guaranteed_amount_krw, **dims),
                Line(chart.EXPOSURE_CONTRA, -guarantee.guaranteed_amount_krw, **dims),
            ],
            idempotency_key=f"guarantee_issue:{guarantee_no}",
            memo=f"보증 발급 {guarantee_no}",
            created_by=actor,
        )
        transition(application=application, action="issue", actor=actor, reason=guarantee_no)
        return guarantee
