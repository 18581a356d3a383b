"""Jobs survive faults, with real worker processes and a private Redis:

- a worker killed with SIGKILL in the middle of a report: a new worker and the reconciler
  finish it, exactly once (one done row, one file, its SHA-256, no partial file);
- Redis stopped and started again with jobs queued and no worker: with its append-only file
  the messages survive; without persistence they are lost and the reconciler re-queues them
  from the rows. Either way every job completes, once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import signal
import time

import pytest
from django.utils import timezone

from jobs.tasks import reconcile
from ledger.models import MultiplierRun, MultiplierScope, MultiplierSnapshot
from ledger.runs import multiplier_run_request
from reports.models import ReportRun, RunStatus
from reports.services import report_dir, report_request

from .conftest import wait_for, worker_name

logger = logging.getLogger(__name__)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _files_of(run: ReportRun) -> list[str]:
    return sorted(p.name for p in report_dir().glob(f"*council_report_{run.year}_{run.pk}*"))


def _assert_report_done_once(run: ReportRun, *, attempts: int) -> None:
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.attempts == attempts
    assert ReportRun.objects.filter(year=run.year).count() == 1
    # one whole PDF and its HWPX twin, no partial/temp file
    assert _files_of(run) == sorted([run.file_name, run.hwpx_file_name])
    data = (report_dir() / run.file_name).read_bytes()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == run.sha256
    assert run.size_bytes == len(data)
    hwpx = (report_dir() / run.hwpx_file_name).read_bytes()
    assert hwpx.startswith(b"PK") and hashlib.sha256(hwpx).hexdigest() == run.hwpx_sha256


@pytest.mark.parametrize("recovery", ["reconciler", "redelivery"])
def test_a_worker_killed_mid_report_is_finished_exactly_once_by_a_new_worker(
    recovery, private_redis, start_celery_worker, small_book, strategy, monkeypatch
):
    """reconciler: the killed delivery stays unacknowledged in Redis (visibility timeout
    600 s); the reconciler sees the silent heartbeat and re-queues the run (attempt 2).
    redelivery: with a 4 s visibility timeout Redis hands the unacknowledged message to the
    new worker, which takes the run over from the silent one (still attempt 1) — and, as the
    build outlasts those 4 s, gets it once more while building and finds it claimed or done."""
    private_redis(persistent=False)
    if recovery == "redelivery":
        monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "4")
        monkeypatch.setenv("CELERY_UNACKED_RESTORE_INTERVAL", "1")
        monkeypatch.setenv("CELERY_UNACKED_RESTORE_THROTTLE", "1")
    first = start_celery_worker("--pool=solo", "-n", worker_name("fault-kill-1"))
    run, _ = report_request(year=2020, requested_by=strategy)

    def rendering():
        run.refresh_from_db()
        return run.stage.startswith("PDF 변환")

    wait_for(rendering, timeout=45, every=0.02, what="the report to reach the PDF stage")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = time.monotonic()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.attempts == 1
    assert _files_of(run) == []  # nothing half-written under any name

    start_celery_worker("--pool=solo", "-n", worker_name("fault-kill-2"))
    if recovery == "reconciler":
        wait_for(
            lambda: (
                timezone.now() - ReportRun.objects.get(pk=run.pk).heartbeat_at
                > dt.timedelta(seconds=3.2)
            ),
            timeout=10,
            what="the heartbeat to go stale",
        )
        reconcile.delay()
    wait_for(
        lambda: ReportRun.objects.get(pk=run.pk).status in (RunStatus.DONE, RunStatus.FAILED),
        timeout=45,
        every=0.2,
        what="the report to be finished by the new worker",
    )
    logger.warning("kill -9 → done by %s after %.1fs", recovery, time.monotonic() - killed_at)
    _assert_report_done_once(run, attempts=2 if recovery == "reconciler" else 1)
    assert f":{first.pid}:" not in run.claimed_by
    if recovery == "redelivery":
        time.sleep(5)  # the duplicate delivery arrives and must change nothing
        before = (run.sha256, run.finished_at, run.file_name)
        run.refresh_from_db()
        assert (run.sha256, run.finished_at, run.file_name) == before
        _assert_report_done_once(run, attempts=1)


@pytest.mark.parametrize("persistent", [True, False], ids=["aof", "no-persistence"])
def test_jobs_queued_across_a_redis_restart_complete_once(
    persistent, private_redis, start_celery_worker, small_book, strategy
):
    redis = private_redis(persistent=persistent)
    day = dt.date(2020, 12, 31)
    report, _ = report_request(year=2020, requested_by=strategy)
    snapshot, _ = multiplier_run_request(date=day, trigger="button", requested_by=strategy)
    assert redis.queue_length() == 2  # both messages wait; no worker is running

    redis.stop()
    redis.start()
    assert redis.queue_length() == (2 if persistent else 0)

    start_celery_worker("--pool=solo", "-n", worker_name("fault-redis"))
    if not persistent:
        # The messages are gone: the rows stay queued until the reconciler re-sends them.
        time.sleep(2.5)
        assert set(ReportRun.objects.filter(pk=report.pk).values_list("status", flat=True)) | set(
            MultiplierRun.objects.filter(pk=snapshot.pk).values_list("status", flat=True)
        ) == {RunStatus.QUEUED}
        reconcile.delay()

    def both_finished():
        return (
            ReportRun.objects.get(pk=report.pk).status in (RunStatus.DONE, RunStatus.FAILED)
            and MultiplierRun.objects.get(pk=snapshot.pk).status != RunStatus.QUEUED
            and MultiplierRun.objects.get(pk=snapshot.pk).status != RunStatus.RUNNING
        )

    wait_for(both_finished, timeout=50, every=0.2, what="both jobs to finish")
    attempts = 1 if persistent else 2
    _assert_report_done_once(report, attempts=attempts)
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.attempts) == (RunStatus.DONE, attempts)
    assert MultiplierRun.objects.count() == 1
    foundation = MultiplierSnapshot.objects.get(date=day, scope=MultiplierScope.FOUNDATION)
    assert str(foundation.multiplier) == snapshot.multiplier
    for scope in MultiplierScope.values:
        codes = list(
            MultiplierSnapshot.objects.filter(date=day, scope=scope).values_list(
                "scope_code", flat=True
            )
        )
        assert len(codes) == len(set(codes))
    assert MultiplierSnapshot.objects.filter(date=day).count() == snapshot.snapshot_rows


@pytest.mark.django_db
def test_asking_while_redis_is_down_keeps_the_row_and_the_reconciler_sends_it_later(
    private_redis, strategy, django_capture_on_commit_callbacks, settings
):
    from jobs.reconciler import jobs_reconcile

    redis = private_redis(persistent=False)
    redis.stop()
    with django_capture_on_commit_callbacks(execute=True):
        run, created = report_request(year=2020, requested_by=strategy)  # no exception
    assert created and ReportRun.objects.get(pk=run.pk).status == RunStatus.QUEUED

    redis.start()
    assert redis.queue_length() == 0  # the message was never sent
    settings.JOBS_QUEUED_STALE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_reconcile() == {"requeued": 1, "failed": 0}
    assert redis.queue_length() == 1
    assert ReportRun.objects.get(pk=run.pk).attempts == 2
