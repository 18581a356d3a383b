"""Running a job row exactly once: enqueue, claim (guarded UPDATE), heartbeat, fail.

Finishing is the job's own code, inside a transaction that locks the row and checks the claim
(`job_lock_claimed`), so that of two executions of one job only the claimant stores a result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import JobStatus, TrackedJob

logger = logging.getLogger(__name__)


def job_enqueue(job: TrackedJob) -> bool:
    """Hand the job's id to its Celery task. Call it from `transaction.on_commit`, so a worker
    never looks for a row that is not committed yet. When the broker cannot be reached (Redis
    down), the row stays queued and the reconciler sends it again later: the request that
    created it still succeeds. Returns whether the message was sent."""
    from kombu.exceptions import OperationalError

    try:
        # The row is the result; no result-store subscription (which would also fail with
        # Redis down, and not with the broker's error).
        import_string(job.task_path).apply_async(args=[job.pk], ignore_result=True)
    except OperationalError:
        logger.warning("%s %s: broker unreachable, left to the reconciler", job.job_kind, job.pk)
        return False
    return True


def job_claim(model: type[TrackedJob], pk: int) -> str | None:
    """Take the job for this process: one conditional UPDATE, so of two deliveries of the same
    message (or a re-queue racing a redelivery) only one wins. A running job can be taken over
    only when its heartbeat is stale (its worker died). Returns the claim token, or None when
    the job is done, failed, missing or being worked on by a live worker."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.JOBS_HEARTBEAT_STALE_SECONDS)
    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    claimed = (
        model._default_manager.filter(pk=pk)
        .filter(Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale))
        .update(
            status=JobStatus.RUNNING,
            claimed_by=token,
            started_at=now,
            heartbeat_at=now,
            finished_at=None,
            error="",
        )
    )
    return token if claimed else None


def job_lock_claimed(model: type[TrackedJob], pk: int, token: str) -> TrackedJob | None:
    """Inside a transaction: lock the row if this process still holds the claim (it is
    running and nobody re-queued or took it over), else None — then the caller must store
    nothing."""
    return (
        model._default_manager.select_for_update()
        .filter(pk=pk, status=JobStatus.RUNNING, claimed_by=token)
        .first()
    )


def job_fail(model: type[TrackedJob], pk: int, token: str, *, error: str, **fields) -> bool:
    """Record the failure of the claimant's execution (guarded like every transition)."""
    return bool(
        model._default_manager.filter(pk=pk, status=JobStatus.RUNNING, claimed_by=token).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), error=error[:2000], **fields
        )
    )


def failure_message(exc: BaseException, time_limit_seconds: int) -> str:
    """The Korean reason shown on the page, with the exception for the operator."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return f"시간 제한({time_limit_seconds}초)에 가까워 작업을 중단했습니다."
    return f"작업 중 오류가 났습니다: {type(exc).__name__}: {exc}"


@contextlib.contextmanager
def job_heartbeat(model: type[TrackedJob], pk: int, token: str) -> Iterator[None]:
    """Beat `heartbeat_at` from a side thread while the job works, also during a long single
    step (WeasyPrint's layout). The thread dies with the process, so a killed worker's job goes
    silent and the reconciler or a redelivery takes it over."""
    stop = threading.Event()
    every = settings.JOBS_HEARTBEAT_SECONDS

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    model._default_manager.filter(
                        pk=pk, status=JobStatus.RUNNING, claimed_by=token
                    ).update(heartbeat_at=timezone.now())
                except Exception:  # the database may be briefly away; the next beat retries
                    logger.warning("heartbeat of %s %s failed", model.__name__, pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
