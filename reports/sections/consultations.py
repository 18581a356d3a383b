"""14. 소상공인 디딤돌센터 상담 실적: consultations in the year against the target, by topic and
channel, with the year before (consultation register)."""

from __future__ import annotations

from guarantees.consultations.selectors import consultation_counts

from .common import achievement

TITLE = "디딤돌센터 상담 실적"


def build(year: int) -> dict:
    rows = []
    for y in (year - 1, year):
        counts = consultation_counts(y)
        rows.append({**counts, "rate": achievement(counts["target"] or 0, counts["total"])})
    return {
        "rows": rows,
        "topics": rows[-1]["topic_labels"],
        "channels": rows[-1]["channel_labels"],
    }
