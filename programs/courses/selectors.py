"""Reads of the courses: a participant's completions (for eligibility), a course's register."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q

from .models import Course, Enrolment


def completions_of(participant_id: int, *, on: dt.date | None = None) -> dict[str, dt.date]:
    """course code → the participant's latest completion on or before `on` (one query)."""
    qs = Enrolment.objects.filter(participant_id=participant_id, completed_on__isnull=False)
    if on is not None:
        qs = qs.filter(completed_on__lte=on)
    return {
        row["course__code"]: row["last"]
        for row in qs.values("course__code").annotate(last=Max("completed_on"))
    }


def attendance_counts(course: Course) -> dict[int, int]:
    """enrolment id → sessions attended."""
    return {
        row["pk"]: row["n"]
        for row in course.enrolments.annotate(
            n=Count("attendances", filter=Q(attendances__present=True))
        ).values("pk", "n")
    }
