"""Report runs: one active run per year, a whole file or none, the record of each run."""

import hashlib

import pytest

from reports.models import ReportRun, RunStatus
from reports.services import report_build, report_path, report_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "reports.tasks.build_council_report.apply_async", lambda args, **_: calls.append(args[0])
    )
    return calls


def test_asking_twice_while_one_runs_does_not_start_a_second(
    strategy, executive, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, created = report_request(year=2020, requested_by=strategy)
    with django_capture_on_commit_callbacks(execute=True):
        second, created_again = report_request(year=2020, requested_by=executive)
    assert created and not created_again
    assert first.pk == second.pk
    assert enqueued == [first.pk]
    assert ReportRun.objects.count() == 1


def test_build_keeps_the_file_with_its_checksum_and_runs_once(small_book, strategy, enqueued):
    run, _ = report_request(year=2020, requested_by=strategy)
    done = report_build(run_id=run.pk)
    assert done.status == RunStatus.DONE and done.progress == 100
    data = report_path(done).read_bytes()
    assert hashlib.sha256(data).hexdigest() == done.sha256
    assert done.pages >= 10 and done.duration_seconds is not None
    again = report_build(run_id=run.pk)  # a redelivered task changes nothing
    assert again.sha256 == done.sha256 and again.finished_at == done.finished_at
    # a finished run frees the year: a new request starts a new run
    new_run, created = report_request(year=2020, requested_by=strategy)
    assert created and new_run.pk != run.pk


def test_a_failure_records_the_error_and_leaves_no_file(registers, strategy, enqueued, monkeypatch):
    def explode(year, on_stage):
        on_stage("자료 집계", 10)
        raise RuntimeError("장부를 읽을 수 없습니다")

    monkeypatch.setattr("reports.rendering.render_council_report_both", explode)
    run, _ = report_request(year=2020, requested_by=strategy)
    failed = report_build(run_id=run.pk)
    assert failed.status == RunStatus.FAILED
    assert "장부를 읽을 수 없습니다" in failed.error
    assert failed.file_name == "" and failed.sha256 == ""
    leftovers = list(report_path(failed).parent.glob(f"*_{run.pk}.pdf*"))
    assert leftovers == []


def test_a_stuck_run_is_requeued_then_failed_by_the_reconciler_and_a_new_one_starts(
    strategy, enqueued, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from jobs.reconciler import jobs_reconcile

    stuck, _ = report_request(year=2020, requested_by=strategy)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    ReportRun.objects.filter(pk=stuck.pk).update(
        status=RunStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    # asking again while it looks stuck shows the same run: the reconciler decides
    assert report_request(year=2020, requested_by=strategy) == (stuck, False)

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_reconcile() == {"requeued": 1, "failed": 0}
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.QUEUED and stuck.attempts == 2
    assert enqueued == [stuck.pk]

    ReportRun.objects.filter(pk=stuck.pk).update(
        status=RunStatus.RUNNING, attempts=stuck.max_attempts, heartbeat_at=long_ago
    )
    assert jobs_reconcile() == {"requeued": 0, "failed": 1}
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and "응답하지 않아" in stuck.error
    fresh, created = report_request(year=2020, requested_by=strategy)
    assert created and fresh.pk != stuck.pk
