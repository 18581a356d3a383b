"""Staff steps the applicant's tests wait on. `approve` and `issue` run the real staff
services of issue #4 (screening, four eyes, authority, the capacity reservation, issuance with
its ledger posting); `verify` and `request_supplement` move the workflow directly, for tests
that only need the application in that state.
"""

from __future__ import annotations

from django.db import transaction

from guarantees.models import Application, Guarantee
from guarantees.workflow import transition


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


def _branch_manager(branch):
    """A branch manager of `branch` (made once): approvals need a second person (four eyes)."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    manager, created = User.objects.get_or_create(
        username=f"manager-{branch.code.lower()}",
        defaults={"email": f"manager-{branch.code.lower()}@test.icgf.kr", "org_unit": branch},
    )
    if created:
        manager.groups.add(Group.objects.get(name="branch_manager"))
    return manager


def approve(application_id: int, actor, amount_krw: int | None = None) -> Application:
    """`actor` (a reviewer) verifies — the survey is skipped when the credit score allows —
    screens and sends; the branch manager approves, reserving capacity."""
    from guarantees.review import services

    from ..review.factories import screen

    application = Application.objects.get(pk=application_id)
    screen(application, actor, amount_krw=amount_krw)
    services.application_approve(
        application=application,
        actor=_branch_manager(application.branch),
        amount_krw=amount_krw or application.amount_krw,
    )
    application.refresh_from_db()
    return application


def issue(application_id: int, actor) -> Guarantee:
    """보증서 발급: number, fee schedule and the exposure posted, by the real service."""
    from guarantees.review import services

    application = Application.objects.get(pk=application_id)
    return services.guarantee_issue(application=application, actor=actor)
