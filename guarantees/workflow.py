"""The application workflow: one explicit transitions table and the one function that moves
an application along it (DESIGN.md, "Applications: the workflow").

    draft → submitted → docs_verified → field_survey | (survey skipped, with its reason)
          → screening → awaiting_approval → (pre_audit when amount > audit threshold)
          → approved → agreement_signed → issued
    terminal: rejected, withdrawn, expired
    side loop: supplement_requested → (applicant answers) → back to the step that asked

Services (guarantees/services/…) add each action's own rules (who may act, four eyes,
capacity) and call `transition` inside their transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from common.errors import DomainError

from .models import Application, ApplicationEvent, ApplicationStatus

S = ApplicationStatus

# action → (allowed from-states, to-state). `None` as to-state: decided by the service
# (supplement answers return to `supplement_return_status`; refer-back to the previous step).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "withdraw": (
        frozenset(
            {
                S.DRAFT,
                S.SUBMITTED,
                S.SUPPLEMENT_REQUESTED,
                S.DOCS_VERIFIED,
                S.FIELD_SURVEY,
                S.SCREENING,
                S.AWAITING_APPROVAL,
            }
        ),
        S.WITHDRAWN,
    ),
    "request_supplement": (
        frozenset({S.SUBMITTED, S.DOCS_VERIFIED, S.FIELD_SURVEY, S.SCREENING}),
        S.SUPPLEMENT_REQUESTED,
    ),
    "answer_supplement": (frozenset({S.SUPPLEMENT_REQUESTED}), None),
    "verify_documents": (frozenset({S.SUBMITTED}), S.DOCS_VERIFIED),
    "start_survey": (frozenset({S.DOCS_VERIFIED}), S.FIELD_SURVEY),
    "skip_survey": (frozenset({S.DOCS_VERIFIED}), S.SCREENING),
    "record_survey": (frozenset({S.FIELD_SURVEY}), S.SCREENING),
    "send_for_approval": (frozenset({S.SCREENING}), S.AWAITING_APPROVAL),
    "approve": (frozenset({S.AWAITING_APPROVAL}), S.APPROVED),
    "approve_pending_audit": (frozenset({S.AWAITING_APPROVAL}), S.PRE_AUDIT),
    "clear_pre_audit": (frozenset({S.PRE_AUDIT}), S.APPROVED),
    "object_pre_audit": (frozenset({S.PRE_AUDIT}), S.AWAITING_APPROVAL),
    "reject": (
        frozenset(
            {
                S.SUBMITTED,
                S.DOCS_VERIFIED,
                S.FIELD_SURVEY,
                S.SCREENING,
                S.AWAITING_APPROVAL,
                S.PRE_AUDIT,
            }
        ),
        S.REJECTED,
    ),
    "refer_back": (
        frozenset({S.DOCS_VERIFIED, S.FIELD_SURVEY, S.SCREENING, S.AWAITING_APPROVAL}),
        None,
    ),
    "sign_agreement": (frozenset({S.APPROVED}), S.AGREEMENT_SIGNED),
    "issue": (frozenset({S.AGREEMENT_SIGNED}), S.ISSUED),
    "expire": (frozenset({S.APPROVED}), S.EXPIRED),
}

# Where "refer back a step" returns to.
PREVIOUS_STEP: dict[str, str] = {
    S.DOCS_VERIFIED: S.SUBMITTED,
    S.FIELD_SURVEY: S.DOCS_VERIFIED,
    S.SCREENING: S.DOCS_VERIFIED,
    S.AWAITING_APPROVAL: S.SCREENING,
}


class WorkflowError(DomainError):
    """A transition that the table or a rule forbids. The message is shown to the user."""

    code = "workflow"


@dataclass(frozen=True)
class Transition:
    application: Application
    event: ApplicationEvent


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def transition(
    *, application: Application, action: str, actor, reason: str = "", to_status: str | None = None
) -> ApplicationEvent:
    """Move a row that the caller has locked (select_for_update) and write its event.

    Must run inside the caller's transaction; raises WorkflowError when the current state does
    not allow `action`.
    """
    if action not in TRANSITIONS:
        raise WorkflowError(f"알 수 없는 처리입니다: {action}")
    sources, target = TRANSITIONS[action]
    if application.status not in sources:
        current = ApplicationStatus(application.status).label
        raise WorkflowError(f"현재 상태({current})에서는 이 처리를 할 수 없습니다.")
    target = target or to_status
    if target is None:
        raise WorkflowError("변경할 상태가 정해지지 않았습니다.")
    if to_status is not None and to_status != target:
        raise WorkflowError("허용되지 않은 상태 변경입니다.")
    from_status = application.status
    application.status = target
    if target in (S.APPROVED, S.REJECTED, S.PRE_AUDIT) and application.decided_at is None:
        application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=target,
        reason=reason,
    )
