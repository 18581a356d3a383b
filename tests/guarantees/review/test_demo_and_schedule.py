import pytest

from guarantees.models import Application
from guarantees.models import ApplicationStatus as S

pytestmark = pytest.mark.django_db


def test_the_expiry_job_is_scheduled_by_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="guarantees.review.expire_unsigned")
    assert task.enabled and task.crontab is not None


def test_review_reference_data_is_installed():
    from guarantees.models import ApprovalAuthority, ReviewPolicy, ScorecardFactor

    assert ReviewPolicy.current().pre_audit_threshold_krw == 100_000_000
    assert ReviewPolicy.current().monitoring_threshold_krw == 30_000_000
    limits = {
        (a.role, a.max_amount_krw, a.requires_committee) for a in ApprovalAuthority.objects.all()
    }
    assert ("branch_manager", 100_000_000, False) in limits
    assert ("hq_sales", 300_000_000, False) in limits
    assert ("hq_sales", None, True) in limits
    assert sum(f.weight for f in ScorecardFactor.objects.all()) == 100


def test_the_review_demo_puts_work_at_every_step_and_is_idempotent(organisation, programs):
    from demo.accounts import seed_users
    from demo.review import seed_review_demo

    seed_users(organisation)
    assert seed_review_demo() == 9
    assert seed_review_demo() == 0
    statuses = dict(Application.objects.values_list("tracking_no", "status"))
    assert statuses["ICGF-DEMO-0001"] == S.SUBMITTED
    assert statuses["ICGF-DEMO-0003"] == S.SCREENING
    assert statuses["ICGF-DEMO-0004"] == S.FIELD_SURVEY
    assert statuses["ICGF-DEMO-0005"] == S.AWAITING_APPROVAL
    assert statuses["ICGF-DEMO-0006"] == S.APPROVED
    # Issue 19: 일반보증 reaches 사전감사 and the committee; the committee has members.
    assert statuses["ICGF-DEMO-0007"] == S.AWAITING_APPROVAL
    assert statuses["ICGF-DEMO-0008"] == S.PRE_AUDIT
    assert statuses["ICGF-DEMO-0009"] == S.AWAITING_APPROVAL


def test_every_demo_persona_can_finish_its_job_on_the_seeded_work(organisation, programs):
    """Issue 19, row 3: with the demo alone, 영업본부 approves above 1억 (→ 사전감사), 감사실
    clears a pre-audit, and a 3억+ application goes through the committee and 영업본부."""
    import datetime as dt

    from branches.models import Committee
    from demo.accounts import seed_users
    from demo.review import seed_review_demo
    from guarantees.models import PreAuditOutcome
    from guarantees.review import services

    users = {u.username: u for u in seed_users(organisation)}
    seed_review_demo()
    by_no = {a.tracking_no: a for a in Application.objects.all()}

    services.application_approve(application=by_no["ICGF-DEMO-0007"], actor=users["hq"])
    by_no["ICGF-DEMO-0007"].refresh_from_db()
    assert by_no["ICGF-DEMO-0007"].status == S.PRE_AUDIT

    services.pre_audit_decide(
        application=by_no["ICGF-DEMO-0008"], actor=users["auditor"], outcome=PreAuditOutcome.CLEARED
    )
    by_no["ICGF-DEMO-0008"].refresh_from_db()
    assert by_no["ICGF-DEMO-0008"].status == S.APPROVED

    big = by_no["ICGF-DEMO-0009"]
    with pytest.raises(services.WorkflowError):  # not without the committee
        services.application_approve(application=big, actor=users["hq"])
    committee = Committee.objects.get(code="GUARANTEE_REVIEW")
    members = list(committee.members.all())
    assert len(members) == committee.size
    services.committee_decision_record(
        application=big,
        actor=users["hq"],
        committee=committee,
        members_present=members[:3],
        held_on=dt.date.today(),
        approved=True,
        amount_krw=big.amount_krw,
        minutes="원안 가결",
    )
    services.application_approve(application=big, actor=users["hq"])
    big.refresh_from_db()
    assert big.status == S.PRE_AUDIT and big.amount_krw == 5 * 100_000_000
