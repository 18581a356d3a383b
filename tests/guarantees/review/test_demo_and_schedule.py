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
    assert seed_review_demo() == 6
    assert seed_review_demo() == 0
    statuses = dict(Application.objects.values_list("tracking_no", "status"))
    assert statuses["ICGF-DEMO-0001"] == S.SUBMITTED
    assert statuses["ICGF-DEMO-0003"] == S.SCREENING
    assert statuses["ICGF-DEMO-0004"] == S.FIELD_SURVEY
    assert statuses["ICGF-DEMO-0005"] == S.AWAITING_APPROVAL
    assert statuses["ICGF-DEMO-0006"] == S.APPROVED
