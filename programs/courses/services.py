"""The 디딤돌센터's course services (issue 13 part 5): each owns its transaction and raises
`CourseError` (Korean, with a `code`) when a rule says no; nothing half-written.

    course_create (with its sessions) → enrolment_add → attendance_record per session
      → course_complete (attended ≥ completion_pct % of the sessions: completed_on and a
        certificate number; the others are not completed)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pghistory
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.errors import DomainError
from common.korean import with_particle

from .models import Attendance, Course, CourseSession, Enrolment
from .selectors import attendance_counts


class CourseError(DomainError):
    code = "course"


def course_create(
    *,
    code: str,
    name: str,
    sessions: list[tuple[dt.date, str]],
    completion_pct: Decimal = Decimal("80"),
    capacity: int = 40,
    description: str = "",
    organiser: str = "",
    venue: str = "",
    actor=None,
) -> Course:
    """과정 개설: a code, a name, at least one session (date, topic), the completion rule."""
    problems = []
    if not code.strip() or not name.strip():
        problems.append("과정 코드와 과정명을 입력해 주세요.")
    if not sessions:
        problems.append("교육 회차를 하나 이상 입력해 주세요.")
    if not (Decimal("0") < Decimal(completion_pct) <= Decimal("100")):
        problems.append("수료 기준 출석률은 0%보다 크고 100% 이하여야 합니다.")
    if capacity < 1:
        problems.append("정원은 1명 이상이어야 합니다.")
    if Course.objects.filter(code=code.strip()).exists():
        problems.append(f"과정 코드 {code.strip()}는 이미 있습니다.")
    if problems:
        raise CourseError(" ".join(problems), code="course_invalid")
    with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None)):
        course = Course.objects.create(
            code=code.strip(),
            name=name.strip(),
            description=description,
            organiser=organiser,
            venue=venue,
            capacity=capacity,
            completion_pct=completion_pct,
        )
        for number, (held_on, topic) in enumerate(sorted(sessions), start=1):
            CourseSession.objects.create(course=course, number=number, held_on=held_on, topic=topic)
        return course


def enrolment_add(*, course: Course, participant, actor=None) -> Enrolment:
    """수강 신청: once per person, within the capacity, before completion is decided."""
    with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None)):
        course = Course.objects.select_for_update().get(pk=course.pk)
        if course.completed_at is not None:
            raise CourseError("수료 판정을 마친 과정에는 수강생을 더할 수 없습니다.", code="closed")
        if course.enrolments.filter(participant=participant).exists():
            raise CourseError(
                f"{with_particle(str(participant), '은')} 이미 이 과정에 수강 신청했습니다.",
                code="enrolled_twice",
            )
        if course.enrolments.count() >= course.capacity:
            raise CourseError(f"정원 {course.capacity}명이 찼습니다.", code="full")
        try:
            with transaction.atomic():
                return Enrolment.objects.create(course=course, participant=participant)
        except IntegrityError as exc:
            raise CourseError("이미 이 과정에 수강 신청했습니다.", code="enrolled_twice") from exc


def attendance_record(*, session: CourseSession, present_ids: set[int], actor=None) -> int:
    """출석 기록: every enrolment of the course, present or absent, for one session (a second
    record of the same session corrects the first, until completion is decided)."""
    with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None)):
        course = Course.objects.select_for_update().get(pk=session.course_id)
        if course.completed_at is not None:
            raise CourseError("수료 판정을 마친 과정의 출석은 고칠 수 없습니다.", code="closed")
        if session.held_on > timezone.localdate():
            raise CourseError("아직 열리지 않은 회차의 출석은 기록할 수 없습니다.", code="future")
        enrolments = list(course.enrolments.all())
        strangers = set(present_ids) - {e.pk for e in enrolments}
        if strangers:
            raise CourseError("이 과정의 수강생이 아닌 사람이 있습니다.", code="not_enrolled")
        for enrolment in enrolments:
            Attendance.objects.update_or_create(
                enrolment=enrolment,
                session=session,
                defaults={"present": enrolment.pk in present_ids},
            )
        CourseSession.objects.filter(pk=session.pk).update(attendance_taken_at=timezone.now())
        return sum(1 for e in enrolments if e.pk in present_ids)


def completion_rule_met(*, attended: int, sessions: int, completion_pct: Decimal) -> bool:
    """attended ≥ completion_pct % of the sessions (exact: no rounding)."""
    return sessions > 0 and Decimal(attended) * 100 >= Decimal(completion_pct) * sessions


def course_complete(*, course: Course, actor=None, on: dt.date | None = None) -> list[Enrolment]:
    """수료 판정: after the last session, with attendance taken at every session. Each
    enrolment that attended ≥ the course's completion rate is completed (수료일 = the last
    session's date) with a certificate number; returns the completed."""
    with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None)):
        course = Course.objects.select_for_update().get(pk=course.pk)
        if course.completed_at is not None:
            raise CourseError("이미 수료 판정을 마친 과정입니다.", code="completed")
        sessions = list(course.sessions.all())
        missing = [s.number for s in sessions if s.attendance_taken_at is None]
        if missing:
            numbers = ", ".join(f"{n}회차" for n in missing)
            raise CourseError(
                f"출석을 기록하지 않은 회차가 있습니다: {numbers}.", code="attendance_missing"
            )
        last = max(s.held_on for s in sessions)
        attended = attendance_counts(course)
        completed: list = []
        for enrolment in course.enrolments.select_for_update().order_by("pk"):
            if completion_rule_met(
                attended=attended.get(enrolment.pk, 0),
                sessions=len(sessions),
                completion_pct=course.completion_pct,
            ):
                enrolment.completed_on = last
                enrolment.certificate_no = f"{course.code}-{last.year}-{len(completed) + 1:04d}"
                enrolment.save(update_fields=["completed_on", "certificate_no"])
                completed.append(enrolment)
        course.completed_at = timezone.now()
        course.save(update_fields=["completed_at"])
        return completed
