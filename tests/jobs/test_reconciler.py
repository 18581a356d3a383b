"""Job rows without a worker: the guarded claim, the reconciler's rules, the claimant-only
finish, the Korean failure reasons, and the beat schedule that runs the reconciler."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobs.models import JobStatus
from jobs.reconciler import jobs_reconcile
from jobs.services import job_claim
from ledger.models import MultiplierRun
from reports.models import ReportRun
from reports.services import report_build, report_dir

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path  # the files a test finds are its own


@pytest.fixture
def enqueued(monkeypatch):
    sent = []
    monkeypatch.setattr("jobs.reconciler.job_enqueue", lambda job: sent.append(job.pk))
    return sent


@pytest.fixture
def reconcile(django_capture_on_commit_callbacks):
    """Run the reconciler and fire its after-commit sends (the test never commits)."""

    def run() -> dict[str, int]:
        with django_capture_on_commit_callbacks(execute=True):
            return jobs_reconcile()

    return run


def _ago(**delta) -> dt.datetime:
    return timezone.now() - dt.timedelta(**delta)


def _run(**fields) -> ReportRun:
    return ReportRun.objects.create(year=2020, time_limit_seconds=180, **fields)


def test_the_reconciler_runs_every_minute_from_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="jobs.reconcile")
    assert task.enabled and task.interval.every == 60 and task.interval.period == "seconds"


def test_only_one_claim_wins_and_a_live_worker_keeps_its_job():
    run = _run()
    token = job_claim(ReportRun, run.pk)
    assert token and job_claim(ReportRun, run.pk) is None  # second delivery: no
    run.refresh_from_db()
    assert (run.status, run.claimed_by) == (JobStatus.RUNNING, token)

    ReportRun.objects.filter(pk=run.pk).update(heartbeat_at=_ago(minutes=5))  # worker died
    taken_over = job_claim(ReportRun, run.pk)
    assert taken_over and taken_over != token

    ReportRun.objects.filter(pk=run.pk).update(status=JobStatus.DONE)
    assert job_claim(ReportRun, run.pk) is None
    assert job_claim(ReportRun, run.pk + 1000) is None  # no such row


def test_fresh_jobs_are_left_alone(enqueued):
    _run()  # just queued
    MultiplierRun.objects.create(
        date=dt.date(2020, 12, 31),
        trigger="nightly",
        status=JobStatus.RUNNING,
        started_at=_ago(seconds=30),
        heartbeat_at=_ago(seconds=5),
    )
    assert jobs_reconcile() == {"requeued": 0, "failed": 0}
    assert enqueued == []


def test_a_queued_job_whose_message_was_lost_is_sent_again(enqueued, reconcile):
    run = _run()
    ReportRun.objects.filter(pk=run.pk).update(queued_at=_ago(minutes=10))
    snapshot = MultiplierRun.objects.create(
        date=dt.date(2020, 12, 31), trigger="nightly", queued_at=_ago(minutes=10)
    )
    result = reconcile()
    assert result == {"requeued": 2, "failed": 0}
    assert sorted(enqueued) == sorted([run.pk, snapshot.pk])
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobStatus.QUEUED, 2)
    assert run.queued_at > _ago(minutes=1)


def test_a_running_job_past_its_time_limit_is_requeued_even_with_a_heartbeat(enqueued, reconcile):
    run = _run(status=JobStatus.RUNNING, started_at=_ago(minutes=10), heartbeat_at=_ago(seconds=1))
    assert reconcile() == {"requeued": 1, "failed": 0}
    run.refresh_from_db()
    assert (run.status, run.attempts, run.claimed_by) == (JobStatus.QUEUED, 2, "")


def test_after_the_last_attempt_the_job_fails_with_a_korean_reason(enqueued, reconcile):
    silent = _run(
        status=JobStatus.RUNNING,
        attempts=3,
        started_at=_ago(minutes=3),
        heartbeat_at=_ago(minutes=2),
    )
    lost = MultiplierRun.objects.create(
        date=dt.date(2020, 12, 31), trigger="nightly", attempts=3, queued_at=_ago(minutes=10)
    )
    assert reconcile() == {"requeued": 0, "failed": 2}
    assert enqueued == []
    silent.refresh_from_db()
    lost.refresh_from_db()
    assert silent.status == lost.status == JobStatus.FAILED
    assert "작업자가 응답하지 않아 3회 시도 후 실패" in silent.error
    assert "대기열에 3회 넣었지만 처리한 작업자가 없어" in lost.error


def test_an_execution_that_lost_its_claim_keeps_no_file(registers, monkeypatch):
    run = _run()

    def render_while_reconciled(year, on_stage):
        on_stage("자료 집계", 10)
        # Meanwhile the reconciler thought this worker dead and re-queued the run.
        ReportRun.objects.filter(pk=run.pk).update(status=JobStatus.QUEUED, claimed_by="")
        return b"%PDF-1.7 not the file anyone keeps", 1, b"PK not kept either"

    monkeypatch.setattr("reports.rendering.render_council_report_both", render_while_reconciled)
    after = report_build(run_id=run.pk)
    assert (after.status, after.file_name, after.sha256) == (JobStatus.QUEUED, "", "")
    assert list(report_dir().glob(f"*council_report_2020_{run.pk}*")) == []


def test_the_soft_time_limit_fails_the_run_in_korean(registers, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def too_slow(year, on_stage):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("reports.rendering.render_council_report_both", too_slow)
    run = report_build(run_id=_run().pk)
    assert run.status == JobStatus.FAILED
    assert "시간 제한(180초)" in run.error
