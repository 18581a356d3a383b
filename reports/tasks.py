"""Celery tasks of the reports app: thin wrappers taking ids.

acks_late + reject_on_worker_lost: the message is acknowledged only when the task returns, so
a worker process that dies mid-report leaves it to be delivered again; the run row (claimed
with a guarded UPDATE) makes a second delivery harmless.
"""

from celery import shared_task


@shared_task(
    name="reports.build_council_report",
    soft_time_limit=120,
    time_limit=180,
    acks_late=True,
    reject_on_worker_lost=True,
)
def build_council_report(run_id: int) -> str:
    from .models import ReportRun
    from .services import report_build

    try:
        return report_build(run_id=run_id).status
    except ReportRun.DoesNotExist:  # a message outliving its row (deleted): nothing to do
        return "missing"
