"""Reads for the pledge page and the consultation figures (target vs actual)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from guarantees.models import (
    Consultation,
    ConsultationChannel,
    ConsultationTarget,
    ConsultationTopic,
)
from ledger.money import percent
from programs.models import ProgramYearTarget


def consultation_counts(year: int) -> dict:
    """상담 실적 for a year: total, by topic and by channel, and the target (None if unset)."""
    qs = Consultation.objects.filter(date__year=year)
    by_topic = dict(qs.values_list("topic").annotate(n=Count("id")))
    by_channel = dict(qs.values_list("channel").annotate(n=Count("id")))
    target = ConsultationTarget.objects.filter(year=year).values_list("count", flat=True).first()
    return {
        "year": year,
        "total": sum(by_topic.values()),
        "target": target,
        "by_topic": [by_topic.get(t, 0) for t, _ in ConsultationTopic.choices],
        "by_channel": [by_channel.get(c, 0) for c, _ in ConsultationChannel.choices],
        "topic_labels": [label for _, label in ConsultationTopic.choices],
        "channel_labels": [label for _, label in ConsultationChannel.choices],
    }


def program_supply(*, program_id: int, year: int) -> dict:
    """A programme's supply in a year (issuances + extensions: count, amount), by the guarantee
    book's journal definition, so the pledge page and the council report agree."""
    from guarantees.book.selectors import flow

    return flow(
        metric="supply",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        program_id=program_id,
    )


def pledge_rows() -> list[dict]:
    """Per programme and year with a target: target vs actual (count, amount) and 달성률."""
    targets = list(
        ProgramYearTarget.objects.select_related("program").order_by("program__code", "year")
    )
    rows = []
    for t in targets:
        got = program_supply(program_id=t.program_id, year=t.year)
        rate_amount = percent(got["amount_krw"], t.amount_krw)
        rows.append(
            {
                "program": t.program,
                "year": t.year,
                "target_count": t.count,
                "target_amount_krw": t.amount_krw,
                "actual_count": got["count"],
                "actual_amount_krw": got["amount_krw"],
                "rate_count": percent(got["count"], t.count),
                "rate_amount": rate_amount,
                # Bar width in percent of the track, capped so an over-achiever stays inside.
                "bar_pct": min(int(rate_amount or 0), 100),
            }
        )
    return rows


def consultation_pledge_rows() -> list[dict]:
    """The 상담 pledge: each year with a target, its actual count and 달성률."""
    rows = []
    for target in ConsultationTarget.objects.order_by("year"):
        total = Consultation.objects.filter(date__year=target.year).count()
        rate = percent(total, target.count)
        rows.append(
            {
                "year": target.year,
                "target": target.count,
                "actual": total,
                "rate": rate,
                "bar_pct": min(int(rate or 0), 100),
            }
        )
    return rows
