"""The stress simulator's runs (guarantees/risk/): each kept with its inputs — the book at
the date as the simulator read it, the estimates and the scenario — and its result."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models import TrackedJob

__all__ = ["StressChunk", "StressRun"]


class StressRun(TrackedJob):
    """운용배수 위험 모의실험: one run for a date, horizon, number of paths and seed. The job
    row (jobs.models.TrackedJob) is prepared by one task, whose chunks run in parallel on the
    workers (a Celery chord) and are combined by a last step."""

    job_kind = "stress_test"
    task_path = "guarantees.stress_run"

    date = models.DateField(_("기준일"))
    months = models.PositiveSmallIntegerField(_("기간(개월)"))
    paths = models.PositiveIntegerField(_("경로 수"))
    seed = models.BigIntegerField(_("난수 시드"))
    chunk_paths = models.PositiveIntegerField(_("묶음당 경로 수"), default=1000)
    overrides = models.JSONField(_("시나리오 입력"), default=dict)
    # What the run read, so that its figures can be explained (and re-run) later.
    book_arrays = models.BinaryField(_("기준일 장부(배열)"), null=True, blank=True)
    inputs = models.JSONField(_("추정치와 시나리오"), null=True, blank=True)
    chunks_total = models.PositiveIntegerField(_("묶음 수"), default=0)
    result = models.JSONField(_("결과"), null=True, blank=True)
    breach_probability = models.FloatField(_("한도 초과 확률"), null=True, blank=True)

    class Meta:
        verbose_name = _("위험 모의실험")
        verbose_name_plural = _("위험 모의실험")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.date} 이후 {self.months}개월 모의실험 ({self.get_status_display()})"

    @property
    def arguments(self) -> dict:
        return {"date": self.date.isoformat(), "months": self.months, "paths": self.paths}


class StressChunk(models.Model):
    """One chunk's paths. Unique per run and index: a chunk delivered twice is stored once."""

    run = models.ForeignKey(
        StressRun, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("모의실험")
    )
    index = models.PositiveIntegerField(_("묶음 번호"))
    paths = models.PositiveIntegerField(_("경로 수"))
    arrays = models.BinaryField(_("결과 배열"))
    seconds = models.FloatField(_("소요 시간(초)"))
    worker = models.CharField(_("처리 작업자"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("저장 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("모의실험 묶음")
        verbose_name_plural = _("모의실험 묶음")
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="stress_chunk_once_per_index")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}-{self.index}"
