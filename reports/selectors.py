"""Reads for the pledge page and the consultation figures (target vs actual)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Sum

from guarantees.models import (
    Consultation,
    ConsultationChannel,
    ConsultationTarget,
    ConsultationTopic,
    Guarantee,
    GuaranteeEvent,
    GuaranteeEventKind,
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


def program_supply(years: list[int]) -> dict[tuple[int, int], dict]:
    """Supply per (programme id, year): issuances plus extensions (count, guaranteed amount)."""
    result: dict[tuple[int, int], dict] = defaultdict(lambda: {"count": 0, "amount_krw": 0})
    start, end = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    issued = (
        Guarantee.objects.filter(program__isnull=False, issued_on__range=(start, end))
        .values("program_id", "issued_on__year")
        .annotate(n=Count("id"), total=Sum("guaranteed_amount_krw"))
    )
    for row in issued:
        slot = result[(row["program_id"], row["issued_on__year"])]
        slot["count"] += row["n"]
        slot["amount_krw"] += int(row["total"] or 0)
    extended = (
        GuaranteeEvent.objects.filter(
            kind=GuaranteeEventKind.EXTENSION,
            guarantee__program__isnull=False,
            date__range=(start, end),
        )
        .values("guarantee__program_id", "date__year")
        .annotate(n=Count("id"), total=Sum("amount_krw"))
    )
    for row in extended:
        slot = result[(row["guarantee__program_id"], row["date__year"])]
        slot["count"] += row["n"]
        slot["amount_krw"] += int(row["total"] or 0)
    return result


def pledge_rows() -> list[dict]:
    """Per programme and year with a target: target vs actual (count, amount) and 달성률."""
    targets = list(
        ProgramYearTarget.objects.select_related("program").order_by("program__code", "year")
    )
    if not targets:
        return []
    actual = program_supply(sorted({t.year for t in targets}))
    rows = []
    for t in targets:
        got = actual.get((t.program_id, t.year), {"count": 0, "amount_krw": 0})
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
