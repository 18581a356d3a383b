"""Ledger jobs: thin wrappers around services, safe to run twice (even at the same time)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from .multipliers import multiplier_snapshot_store


@shared_task(
    name="ledger.multiplier_snapshot",
    soft_time_limit=120,
    time_limit=150,
    acks_late=True,
)
def multiplier_snapshot(date: str | None = None) -> dict:
    """보증운용배수 스냅숏 of `date` (ISO); without one, of yesterday — the nightly beat job runs
    after midnight and records the day that has just closed."""
    day = dt.date.fromisoformat(date) if date else timezone.localdate() - dt.timedelta(days=1)
    figures = multiplier_snapshot_store(date=day)
    return {"date": figures["date"], "multiplier": figures["multiplier"]}
