"""The row every background job keeps in the database (작업 이력).

A Celery message can be lost (Redis restarted without persistence), delivered twice (a worker
killed before it acknowledged, the visibility timeout, a double click) or outlive its worker.
The row is the truth: a worker may only work on a job it claimed with a guarded UPDATE, only
the claimant may finish it, and the reconciler (jobs.reconcile, every minute) re-queues a job
whose worker went silent or whose message never arrived. Concrete jobs (reports.ReportRun,
ledger.MultiplierRun) inherit these fields and add their arguments and result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("대기")  # recorded, its message handed to the queue after commit
    RUNNING = "running", _("작성 중")  # a worker claimed it and beats its heartbeat
    DONE = "done", _("완료")  # the result is stored (exactly once)
    FAILED = "failed", _("실패")  # error recorded (in Korean), nothing half-written kept


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class TrackedJob(models.Model):
    """Fields shared by every job row. Subclasses set `job_kind` (a short English name) and
    `task_path` (the dotted path of the Celery task that takes the row's id)."""

    job_kind: str = ""
    task_path: str = ""

    status = models.CharField(
        _("상태"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(
        _("시도 횟수"), default=1, help_text=_("대기열에 넣은 횟수 (처음 1회 + 재시도)")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("요청자"),
    )
    requested_at = models.DateTimeField(_("요청 시각"), auto_now_add=True)
    queued_at = models.DateTimeField(_("대기열 등록 시각"), default=timezone.now)
    started_at = models.DateTimeField(_("시작 시각"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("마지막 신호"), null=True, blank=True)
    finished_at = models.DateTimeField(_("종료 시각"), null=True, blank=True)
    time_limit_seconds = models.PositiveIntegerField(_("시간 제한(초)"), default=180)
    claimed_by = models.CharField(_("처리 작업자"), max_length=120, blank=True)
    error = models.TextField(_("오류"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def arguments(self) -> dict:
        """What the job was asked to do (shown in lists and logs)."""
        raise NotImplementedError

    @property
    def max_attempts(self) -> int:
        return settings.JOBS_MAX_ATTEMPTS
