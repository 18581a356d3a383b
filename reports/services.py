"""Council report runs: request one (at most one active per year), build it (safe to run twice,
never leaves a partial file), record who, when, how long and the SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ReportRun, RunStatus

logger = logging.getLogger(__name__)

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)
# A run still active after this long lost its worker (the task's hard limit is 3 minutes):
# it is marked failed so that the year can be asked for again.
STALE_AFTER = dt.timedelta(minutes=10)


class ReportError(Exception):
    """A request that cannot be accepted (message in Korean)."""


def report_dir() -> Path:
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "council_reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def report_path(run: ReportRun) -> Path:
    return report_dir() / run.file_name


def report_request(*, year: int, requested_by) -> tuple[ReportRun, bool]:
    """Queue a rendering of `year`'s report; when one is already queued or running for that
    year, return it instead (created=False). The task is enqueued after commit."""
    if not 2000 <= year <= 2100:
        raise ReportError("보고 연도를 확인해 주세요.")
    from .tasks import build_council_report

    with transaction.atomic(durable=True):
        active = ReportRun.objects.select_for_update().filter(year=year, status__in=ACTIVE).first()
        if active is not None and active.requested_at < timezone.now() - STALE_AFTER:
            active.status = RunStatus.FAILED
            active.stage = "중단"
            active.finished_at = timezone.now()
            active.error = "작업자가 응답하지 않아 중단된 것으로 처리했습니다. 다시 요청했습니다."
            active.save(update_fields=["status", "stage", "finished_at", "error"])
            active = None
        if active is not None:
            return active, False
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    year=year, requested_by=requested_by, stage="대기 중", progress=0
                )
        except IntegrityError:
            # Lost the race against a concurrent request: the partial unique index kept one.
            return ReportRun.objects.get(year=year, status__in=ACTIVE), False
        transaction.on_commit(lambda: build_council_report.delay(run.pk))
    return run, True


def _stage(run_id: int, label: str, percent: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        stage=label[:100], progress=percent
    )


def report_build(*, run_id: int) -> ReportRun:
    """Render the run's PDF. Safe to run twice: only a queued run (or a running one left by a
    crashed worker) is built; a finished run is returned as it is."""
    from .rendering import render_council_report_pages

    claimed = ReportRun.objects.filter(pk=run_id, status__in=ACTIVE).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="시작", progress=1, error=""
    )
    run = ReportRun.objects.get(pk=run_id)
    if not claimed:
        return run
    started = time.perf_counter()
    final = report_dir() / f"council_report_{run.year}_{run.pk}.pdf"
    partial = final.with_name(f".{final.name}.part")
    try:
        pdf, pages = render_council_report_pages(
            run.year, lambda label, pct: _stage(run_id, label, pct)
        )
        _stage(run_id, "파일 저장", 95)
        partial.write_bytes(pdf)
        os.replace(partial, final)  # atomic: the final name only ever holds a whole PDF
        ReportRun.objects.filter(pk=run_id).update(
            status=RunStatus.DONE,
            stage="완료",
            progress=100,
            finished_at=timezone.now(),
            file_name=final.name,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size_bytes=len(pdf),
            pages=pages,
        )
        logger.info("council report %s: %.1fs", run.year, time.perf_counter() - started)
    except Exception as exc:  # any failure: record it, keep no file
        partial.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        logger.exception("council report %s failed", run.year)
        ReportRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            stage="실패",
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
    return ReportRun.objects.get(pk=run_id)
