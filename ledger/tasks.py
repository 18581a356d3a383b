"""Ledger jobs: thin wrappers around services, safe to run twice (even at the same time).

acks_late + reject_on_worker_lost: a worker dying mid-run leaves the message to be delivered
again; the MultiplierRun row decides which delivery does the work (ledger/runs.py).
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(
    name="ledger.multiplier_snapshot",
    soft_time_limit=20,
    time_limit=30,
    acks_late=True,
    reject_on_worker_lost=True,
)
def multiplier_snapshot(date: str | None = None) -> dict:
    """The nightly beat entry: record a 보증운용배수 snapshot run for `date` (ISO); without
    one, for yesterday — the job runs after midnight for the day that has just closed. The run
    itself is `ledger.multiplier_run`, enqueued after the row is committed."""
    from .models import MultiplierRunTrigger
    from .runs import multiplier_run_request

    day = dt.date.fromisoformat(date) if date else timezone.localdate() - dt.timedelta(days=1)
    run, created = multiplier_run_request(date=day, trigger=MultiplierRunTrigger.NIGHTLY)
    return {"run": run.pk, "created": created, "date": day.isoformat()}


@shared_task(
    name="ledger.multiplier_run",
    soft_time_limit=120,
    time_limit=150,
    acks_late=True,
    reject_on_worker_lost=True,
)
def multiplier_run(run_id: int) -> dict:
    from .models import MultiplierRun
    from .runs import multiplier_run_execute

    try:
        result = multiplier_run_execute(run_id=run_id)
    except MultiplierRun.DoesNotExist:  # a message outliving its row: nothing to do
        return {"run": run_id, "status": "missing", "executed": False}
    result.pop("figures", None)  # every scope's figures: in the database, not the result store
    return result
