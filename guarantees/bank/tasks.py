"""The bank channel's jobs: thin wrappers around services, safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

__all__ = ["maturity_sweep"]


@shared_task(
    name="guarantees.bank.maturity_sweep",
    soft_time_limit=240,
    time_limit=300,
    acks_late=True,
    reject_on_worker_lost=True,
)
def maturity_sweep(on: str | None = None) -> dict:
    """기한경과, nightly (beat, config/settings/base.py): `sweep_overdue_maturities` for `on`
    (ISO), today by default. Running it twice, or twice at once, books once: the sweep is one
    transaction, serialised by an advisory lock, and lists and closes only what is left."""
    from .maturity import sweep_overdue_maturities

    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    return sweep_overdue_maturities(on=day).as_dict()
