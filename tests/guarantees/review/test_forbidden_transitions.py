"""Every staff action from every status that the transitions table does not allow it from:
a WorkflowError, the status unchanged, no event written, no capacity taken."""

from __future__ import annotations

import pytest

from guarantees.models import ApplicationEvent
from guarantees.models import ApplicationStatus as S
from guarantees.review import services
from guarantees.workflow import PREVIOUS_STEP, TRANSITIONS, WorkflowError

from .factories import MAN, make_application

pytestmark = pytest.mark.django_db

ACTIONS = {
    # name: (allowed from, call(app, manager, auditor))
    "verify": (
        TRANSITIONS["verify_documents"][0],
        lambda app, m, a: services.application_verify_documents(application=app, actor=m),
    ),
    "supplement": (
        TRANSITIONS["request_supplement"][0],
        lambda app, m, a: services.application_request_supplement(
            application=app, actor=m, reason="보완"
        ),
    ),
    "survey_start": (
        TRANSITIONS["start_survey"][0],
        lambda app, m, a: services.survey_start(
            application=app, actor=m, visit_at=services.next_visit_slot()
        ),
    ),
    "survey_record": (
        TRANSITIONS["record_survey"][0],
        lambda app, m, a: services.survey_record(application=app, actor=m, findings="정상"),
    ),
    "screen": (
        frozenset({S.SCREENING}),
        lambda app, m, a: services.screening_record(
            application=app,
            actor=m,
            points=_all_points(),
            recommended_amount_krw=MAN,
            comment="의견",
        ),
    ),
    "send": (
        TRANSITIONS["send_for_approval"][0],
        lambda app, m, a: services.application_send_for_approval(application=app, actor=m),
    ),
    "approve": (
        TRANSITIONS["approve"][0],
        lambda app, m, a: services.application_approve(application=app, actor=m, amount_krw=MAN),
    ),
    "reject": (
        TRANSITIONS["reject"][0],
        lambda app, m, a: services.application_reject(application=app, actor=m, reason="거절"),
    ),
    "refer_back": (
        frozenset(PREVIOUS_STEP),
        lambda app, m, a: services.application_refer_back(application=app, actor=m, reason="다시"),
    ),
    "pre_audit_clear": (
        TRANSITIONS["clear_pre_audit"][0],
        lambda app, m, a: services.pre_audit_decide(application=app, actor=a, outcome="cleared"),
    ),
    "pre_audit_object": (
        TRANSITIONS["object_pre_audit"][0],
        lambda app, m, a: services.pre_audit_decide(
            application=app, actor=a, outcome="objected", reason="이의"
        ),
    ),
    "issue": (
        TRANSITIONS["issue"][0],
        lambda app, m, a: services.guarantee_issue(application=app, actor=m),
    ),
}


def _all_points():
    from guarantees.models import ScorecardFactor

    return {f.code: 3 for f in ScorecardFactor.objects.filter(is_active=True)}


CASES = [
    (name, status)
    for name, (allowed, _) in ACTIONS.items()
    for status in S.values
    if status not in allowed
]


def test_the_table_of_cases_is_not_empty_and_covers_every_action():
    assert {name for name, _ in CASES} == set(ACTIONS)
    assert len(CASES) > 100


@pytest.mark.parametrize(("action", "status"), CASES)
def test_it_refuses_the_action_from_a_status_that_does_not_allow_it(
    action, status, applicant, branch_manager, auditor, program
):
    app = make_application(applicant=applicant, program=program, status=status)
    events_before = ApplicationEvent.objects.filter(application=app).count()

    with pytest.raises(WorkflowError):
        ACTIONS[action][1](app, branch_manager, auditor)

    app.refresh_from_db()
    program.refresh_from_db()
    assert app.status == status
    assert ApplicationEvent.objects.filter(application=app).count() == events_before
    assert program.committed_krw == 0
