"""The reconciler (beat, every minute): jobs stuck past their limits are re-queued from their
rows, at most JOBS_MAX_ATTEMPTS times in all, then failed with a Korean reason.

Stuck means: running, and its heartbeat is older than JOBS_HEARTBEAT_STALE_SECONDS (the worker
died: kill -9, out of memory, machine lost) or it started longer ago than its time limit plus
that grace (a hard time limit killed it); or queued, and no worker took it within
JOBS_QUEUED_STALE_SECONDS (its message was lost, e.g. Redis restarted without persistence).
A re-queue sends a new message; if the old one turns up after all, the guarded claim lets only
one of them work.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Q, Value
from django.utils import timezone

from .models import JobStatus, TrackedJob
from .services import job_enqueue

logger = logging.getLogger(__name__)

# Every concrete job model (app_label.Model); each inherits jobs.models.TrackedJob.
JOB_MODELS = ("reports.ReportRun", "ledger.MultiplierRun", "guarantees.StressRun")


def _stuck(now: dt.datetime) -> Q:
    grace = dt.timedelta(seconds=settings.JOBS_HEARTBEAT_STALE_SECONDS)
    queued_for = dt.timedelta(seconds=settings.JOBS_QUEUED_STALE_SECONDS)
    silent = Q(heartbeat_at__lt=now - grace) | Q(heartbeat_at__isnull=True)
    # started_at + time limit + grace < now, in SQL (integer seconds × interval).
    limit = ExpressionWrapper(
        F("time_limit_seconds") * dt.timedelta(seconds=1), output_field=DurationField()
    )
    over_limit = Q(
        started_at__lt=ExpressionWrapper(Value(now - grace) - limit, output_field=DateTimeField())
    )
    return Q(status=JobStatus.RUNNING) & (silent | over_limit) | Q(
        status=JobStatus.QUEUED, queued_at__lt=now - queued_for
    )


def _reason(job: TrackedJob) -> str:
    if job.status == JobStatus.QUEUED:
        return (
            f"대기열에 {job.attempts}회 넣었지만 처리한 작업자가 없어 실패로 처리했습니다. "
            "작업자(Celery)와 Redis가 동작하는지 확인한 뒤 다시 요청해 주세요."
        )
    return (
        f"작업자가 응답하지 않아 {job.attempts}회 시도 후 실패로 처리했습니다 "
        f"(마지막 신호 {timezone.localtime(job.heartbeat_at):%Y-%m-%d %H:%M:%S}). "
        "다시 요청해 주세요."
        if job.heartbeat_at
        else f"작업자가 응답하지 않아 {job.attempts}회 시도 후 실패로 처리했습니다."
    )


def jobs_reconcile(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Re-queue or fail every stuck job; returns how many of each (for the beat log)."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    for label in JOB_MODELS:
        model = apps.get_model(label)
        for pk in model.objects.filter(_stuck(now)).values_list("pk", flat=True):
            outcome = _reconcile_one(model, pk, now)
            if outcome:
                counts[outcome] += 1
    if any(counts.values()):
        logger.warning("jobs reconciled: %s", counts)
    return counts


def _reconcile_one(model: type[TrackedJob], pk: int, now: dt.datetime) -> str | None:
    with transaction.atomic():
        # skip_locked: a job whose row a worker holds right now (finishing it) is not stuck.
        job = model.objects.select_for_update(skip_locked=True).filter(_stuck(now), pk=pk).first()
        if job is None:
            return None
        if job.attempts >= job.max_attempts:
            model.objects.filter(pk=pk).update(
                status=JobStatus.FAILED,
                finished_at=now,
                claimed_by="",
                error=_reason(job),
            )
            return "failed"
        model.objects.filter(pk=pk).update(
            status=JobStatus.QUEUED,
            attempts=job.attempts + 1,
            queued_at=now,
            claimed_by="",
            heartbeat_at=None,
        )
        job.refresh_from_db()
        transaction.on_commit(lambda: job_enqueue(job))
        return "requeued"
