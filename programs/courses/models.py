"""Courses and academies of the 디딤돌센터 (issue 13 part 5, seed 003: 소상공인 창업 아카데미,
리더스 아카데미): sessions, enrolment, attendance, completion.

Completion is a rule of the course's data: attended ≥ `completion_pct` % of its sessions. A
completion feeds the eligibility rule "completed course C within N months"
(programs.models.RuleField.COURSE_COMPLETED). Written only by programs.courses.services.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import tracked

__all__ = ["Attendance", "Course", "CourseSession", "Enrolment"]


@tracked
class Course(models.Model):
    """교육 과정 (e.g. 2021 상반기 소상공인 창업 아카데미)."""

    code = models.CharField(_("과정 코드"), max_length=30, unique=True)
    name = models.CharField(_("과정명"), max_length=100)
    description = models.TextField(_("과정 소개"), blank=True)
    organiser = models.CharField(_("주관·공동 개최"), max_length=100, blank=True)
    venue = models.CharField(_("장소"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("정원"), default=40)
    completion_pct = models.DecimalField(
        _("수료 기준 출석률(%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    completed_at = models.DateTimeField(_("수료 판정 시각"), null=True, blank=True)
    created_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("교육 과정")
        verbose_name_plural = _("교육 과정")
        ordering = ["-created_at", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completion_pct__gt=0) & models.Q(completion_pct__lte=100),
                name="course_completion_pct_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CourseSession(models.Model):
    """회차: one class of the course."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("교육 과정")
    )
    number = models.PositiveSmallIntegerField(_("회차"))
    held_on = models.DateField(_("교육일"))
    topic = models.CharField(_("주제"), max_length=200)
    attendance_taken_at = models.DateTimeField(_("출석 기록 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("교육 회차")
        verbose_name_plural = _("교육 회차")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_session_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.number}회차"


@tracked
class Enrolment(models.Model):
    """수강 신청: an applicant's place in a course, and its completion."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("교육 과정")
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("수강생"),
    )
    enrolled_at = models.DateTimeField(_("수강 신청 시각"), auto_now_add=True)
    completed_on = models.DateField(_("수료일"), null=True, blank=True, db_index=True)
    certificate_no = models.CharField(
        _("수료증 번호"), max_length=40, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("수강 신청")
        verbose_name_plural = _("수강 신청")
        ordering = ["course", "enrolled_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "participant"], name="enrolment_once"),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(certificate_no__isnull=False),
                name="enrolment_completion_has_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.course}"


class Attendance(models.Model):
    """출석: one enrolment at one session (present or absent)."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("수강")
    )
    session = models.ForeignKey(
        CourseSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("회차"),
    )
    present = models.BooleanField(_("출석"))

    class Meta:
        verbose_name = _("출석")
        verbose_name_plural = _("출석")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.session.number}회차 {'출석' if self.present else '결석'}"
