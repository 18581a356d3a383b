"""Reads for the programme catalogue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from .models import EligibilityRule, Program, ProgramStatus


def open_programs(on: dt.date | None = None) -> QuerySet[Program]:
    """Programmes accepting applications on `on`: open, inside their window."""
    on = on or dt.date.today()
    return (
        Program.objects.filter(status=ProgramStatus.OPEN)
        .exclude(applications_open_on__gt=on)
        .exclude(applications_close_on__lt=on)
        .prefetch_related(
            Prefetch("rules", queryset=EligibilityRule.objects.order_by("sort_order", "id")),
            "subsidy_steps",
            "documents",
            "banks",
        )
        .order_by("code")
    )
