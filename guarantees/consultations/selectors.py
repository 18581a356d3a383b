"""상담 실적: the consultations log counted by year, topic and channel, against the yearly
targets. The one owner of these figures; the counsellors' page, the pledge page and the council
report read them here."""

from __future__ import annotations

from django.db.models import Count

from common.money import percent
from guarantees.models import (
    Consultation,
    ConsultationChannel,
    ConsultationTarget,
    ConsultationTopic,
)


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
