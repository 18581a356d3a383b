"""Runs of the multiplier snapshot job (운용배수 계산): the nightly beat and the dashboard
button both record a MultiplierRun row and enqueue it; a worker executes it exactly once."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.models import ACTIVE_STATUSES, JobStatus
from jobs.services import (
    failure_message,
    job_claim,
    job_enqueue,
    job_fail,
    job_heartbeat,
    job_lock_claimed,
)

from .models import MultiplierRun
from .multipliers import multiplier_snapshot_store

logger = logging.getLogger(__name__)


class MultiplierRunBusy(Exception):
    """Another process is computing the same date right now (message in Korean)."""


def multiplier_run_request(
    *, date: dt.date, trigger: str, requested_by=None, enqueue: bool = True
) -> tuple[MultiplierRun, bool]:
    """Queue the snapshot of `date`; when one for that date is already queued or running,
    return it instead (created=False). The task is enqueued after commit (unless the caller
    executes the run itself: `multiplier_run_now`)."""
    from .tasks import multiplier_run

    with transaction.atomic(durable=True):
        active = (
            MultiplierRun.objects.select_for_update()
            .filter(date=date, status__in=ACTIVE_STATUSES)
            .first()
        )
        if active is not None:
            return active, False
        try:
            with transaction.atomic():
                run = MultiplierRun.objects.create(
                    date=date,
                    trigger=trigger,
                    requested_by=requested_by,
                    time_limit_seconds=multiplier_run.time_limit,
                )
        except IntegrityError:  # a concurrent request won; the partial unique index kept one
            return MultiplierRun.objects.get(date=date, status__in=ACTIVE_STATUSES), False
        if enqueue:
            transaction.on_commit(lambda: job_enqueue(run))
    return run, True


def multiplier_run_now(*, date: dt.date, trigger: str, requested_by=None) -> dict:
    """Record a run and execute it in this process (the command line needs no worker).
    Returns the computed figures; raises MultiplierRunBusy when a worker is computing the
    same date at this moment (a queued run for the date is simply taken over)."""
    run, _ = multiplier_run_request(
        date=date, trigger=trigger, requested_by=requested_by, enqueue=False
    )
    result = multiplier_run_execute(run_id=run.pk)
    if not result["executed"]:
        raise MultiplierRunBusy(
            f"{date} 기준 운용배수를 다른 작업이 계산하고 있습니다. 잠시 후 다시 실행해 주세요."
        )
    if result["status"] != JobStatus.DONE:
        raise MultiplierRunBusy(MultiplierRun.objects.get(pk=run.pk).error)
    return result["figures"]


def multiplier_run_execute(*, run_id: int) -> dict:
    """Compute and store the run's snapshots, exactly once: the claim and the locked check
    before storing let only one execution of the run write rows and mark it done; the others
    return `executed: False`. The snapshot upsert is idempotent besides (one row per date and
    scope), so even two different runs of one date leave one row per scope."""
    token = job_claim(MultiplierRun, run_id)
    if token is None:
        run = MultiplierRun.objects.get(pk=run_id)
        return {"run": run_id, "status": run.status, "executed": False}
    run = MultiplierRun.objects.get(pk=run_id)
    try:
        with job_heartbeat(MultiplierRun, run_id, token), transaction.atomic():
            if job_lock_claimed(MultiplierRun, run_id, token) is None:
                return {"run": run_id, "status": "lost", "executed": False}
            figures = multiplier_snapshot_store(date=run.date)
            rows = 1 + len(figures["programs"]) + len(figures["branches"])
            MultiplierRun.objects.filter(pk=run_id).update(
                status=JobStatus.DONE,
                finished_at=timezone.now(),
                multiplier=figures["multiplier"] or "",
                snapshot_rows=rows,
            )
    except Exception as exc:  # incl. the soft time limit: recorded in Korean, nothing stored
        logger.exception("multiplier run %s failed", run_id)
        job_fail(MultiplierRun, run_id, token, error=failure_message(exc, run.time_limit_seconds))
        return {"run": run_id, "status": JobStatus.FAILED, "executed": True}
    return {
        "run": run_id,
        "status": JobStatus.DONE,
        "executed": True,
        "date": figures["date"],
        "multiplier": figures["multiplier"],
        "figures": figures,
    }
