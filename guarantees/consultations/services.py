"""Writes of the 디딤돌센터 consultation log."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from guarantees.models import Business, Consultation


def consultation_record(
    *,
    counsellor,
    date: dt.date,
    channel: str,
    topic: str,
    outcome: str,
    business: Business | None = None,
    walk_in_name: str = "",
    program=None,
) -> Consultation:
    """상담 기록: one consultation, by the signed-in counsellor."""
    with transaction.atomic(durable=True):
        return Consultation.objects.create(
            counsellor=counsellor,
            date=date,
            channel=channel,
            topic=topic,
            outcome=outcome.strip(),
            business=business,
            walk_in_name="" if business else walk_in_name.strip(),
            program=program,
        )
