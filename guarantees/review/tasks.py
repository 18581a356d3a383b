"""Celery tasks of the staff workflow: thin wrappers, ids and plain values only."""

from __future__ import annotations

from celery import shared_task

__all__ = [
    "expire_unsigned",
    "issue_guarantee",
    "notify_status_change",
    "notify_survey_rescheduled",
]


@shared_task(
    name="guarantees.review.expire_unsigned", soft_time_limit=240, time_limit=300, acks_late=True
)
def expire_unsigned() -> int:
    """Daily (beat, see migration 0004): approved but unsigned past the deadline → expired."""
    from .services import applications_expire_unsigned

    return applications_expire_unsigned()


@shared_task(
    name="guarantees.review.issue_guarantee", soft_time_limit=60, time_limit=90, acks_late=True
)
def issue_guarantee(application_id: int) -> str | None:
    """Issue after signing without a staff click (for the applicant area to enqueue with
    `transaction.on_commit` if the foundation prefers automatic issuance). Safe to run twice:
    an already issued application is left alone."""
    from ..models import Application, ApplicationStatus
    from ..workflow import WorkflowError
    from .services import guarantee_issue

    app = Application.objects.get(pk=application_id)
    if app.status != ApplicationStatus.AGREEMENT_SIGNED:
        return None
    try:
        return guarantee_issue(application=app, actor=None).guarantee_no
    except WorkflowError:  # issued meanwhile by a concurrent run or a staff click
        return None


@shared_task(
    name="guarantees.review.notify_status_change",
    soft_time_limit=30,
    time_limit=60,
    acks_late=True,
)
def notify_status_change(event_id: int) -> None:
    """Email and text the applicant about one ApplicationEvent (never raises)."""
    from . import notifications

    notifications.notify_status_change(event_id=event_id)


@shared_task(
    name="guarantees.review.notify_survey_rescheduled",
    soft_time_limit=30,
    time_limit=60,
    acks_late=True,
)
def notify_survey_rescheduled(appointment_id: int) -> None:
    """Email and text the applicant a changed survey appointment (never raises)."""
    from . import notifications

    notifications.notify_survey_rescheduled(appointment_id=appointment_id)
