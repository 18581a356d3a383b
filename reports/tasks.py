"""Celery tasks of the reports app: thin wrappers taking ids."""

from celery import shared_task


@shared_task(
    name="reports.build_council_report", soft_time_limit=120, time_limit=180, acks_late=True
)
def build_council_report(run_id: int) -> str:
    from .services import report_build

    return report_build(run_id=run_id).status
