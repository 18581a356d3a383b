"""The reconciler as a beat task (schedule row: jobs/migrations/0001)."""

from celery import shared_task


@shared_task(name="jobs.reconcile", soft_time_limit=50, time_limit=60, acks_late=True)
def reconcile() -> dict[str, int]:
    from .reconciler import jobs_reconcile

    return jobs_reconcile()
