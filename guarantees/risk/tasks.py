"""The stress test's Celery tasks: prepare → chord(chunks) → finish. Thin wrappers taking ids;
the run row decides which delivery does the work (guarantees/risk/runs.py)."""

from __future__ import annotations

from celery import chord, shared_task

__all__ = ["stress_chunk", "stress_finish_task", "stress_run"]

_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="guarantees.stress_run", soft_time_limit=240, time_limit=300, **_OPTIONS)
def stress_run(run_id: int) -> dict:
    from ..models import StressRun
    from .runs import claim_token, stress_prepare

    try:
        pending = stress_prepare(run_id=run_id)
    except StressRun.DoesNotExist:
        return {"run": run_id, "status": "missing"}
    if not pending:
        return {"run": run_id, "chunks": 0}
    token = claim_token(run_id)
    chord(stress_chunk.si(run_id, index, token) for index in pending)(
        stress_finish_task.si(run_id, token)
    )
    return {"run": run_id, "chunks": len(pending)}


@shared_task(name="guarantees.stress_chunk", soft_time_limit=240, time_limit=300, **_OPTIONS)
def stress_chunk(run_id: int, index: int, token: str) -> bool:
    from .runs import stress_chunk_run

    return stress_chunk_run(run_id=run_id, index=index, token=token)


@shared_task(name="guarantees.stress_finish", soft_time_limit=120, time_limit=150, **_OPTIONS)
def stress_finish_task(run_id: int, token: str) -> str:
    from .runs import stress_finish

    return stress_finish(run_id=run_id, token=token).status
