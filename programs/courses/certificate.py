"""수료증 (completion certificate): a PDF through the portal's one PDF path (common.pdf)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from common.foundation import foundation
from common.pdf import render_pdf

from .models import Enrolment
from .selectors import attendance_counts


def completion_certificate_pdf(enrolment: Enrolment) -> bytes:
    if enrolment.completed_on is None:
        raise ValueError("수료하지 않은 수강에는 수료증이 없습니다.")
    course = enrolment.course
    sessions = list(course.sessions.all())
    html = render_to_string(
        "programs/courses/certificate_pdf.html",
        {
            "enrolment": enrolment,
            "course": course,
            "participant": enrolment.participant,
            "sessions": sessions,
            "first_day": min(s.held_on for s in sessions),
            "last_day": max(s.held_on for s in sessions),
            "attended": attendance_counts(course).get(enrolment.pk, 0),
            "foundation_name": foundation().name,
            "printed_at": timezone.localtime(),
        },
    )
    return render_pdf(html)
