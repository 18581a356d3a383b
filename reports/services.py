"""Council report runs: request one (at most one active per year), build it exactly once
(the run is a job row: jobs/services.py claims it, beats its heartbeat, and only the claimant
stores the file), record who, when, how long and the SHA-256."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.errors import DomainError
from jobs.models import ACTIVE_STATUSES
from jobs.services import (
    failure_message,
    job_claim,
    job_enqueue,
    job_fail,
    job_heartbeat,
    job_lock_claimed,
)

from .models import ReportRun, RunStatus

logger = logging.getLogger(__name__)

ACTIVE = ACTIVE_STATUSES


class ReportError(DomainError):
    """A request that cannot be accepted (message in Korean)."""

    code = "report"


def report_dir() -> Path:
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "council_reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def report_path(run: ReportRun, fmt: str = "pdf") -> Path:
    """The stored file of a done run: its PDF, or (fmt="hwpx") its HWPX."""
    return report_dir() / (run.hwpx_file_name if fmt == "hwpx" else run.file_name)


def _write_partial(path: Path, data: bytes) -> None:
    with path.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())  # whole on disk before it gets its final name


def report_request(*, year: int, requested_by) -> tuple[ReportRun, bool]:
    """Queue a rendering of `year`'s report; when one is already queued or running for that
    year, return it instead (created=False). The task is enqueued after commit."""
    if not 2000 <= year <= 2100:
        raise ReportError("보고 연도를 확인해 주세요.")
    from .tasks import build_council_report

    with transaction.atomic(durable=True):
        active = ReportRun.objects.select_for_update().filter(year=year, status__in=ACTIVE).first()
        if active is not None:  # a stuck one is the reconciler's (jobs/reconciler.py)
            return active, False
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    year=year,
                    requested_by=requested_by,
                    stage="대기 중",
                    progress=0,
                    time_limit_seconds=build_council_report.time_limit,
                )
        except IntegrityError:
            # Lost the race against a concurrent request: the partial unique index kept one.
            return ReportRun.objects.get(year=year, status__in=ACTIVE), False
        transaction.on_commit(lambda: job_enqueue(run))
    return run, True


def _stage(run_id: int, token: str, label: str, percent: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, claimed_by=token).update(
        stage=label[:100], progress=percent, heartbeat_at=timezone.now()
    )


def report_build(*, run_id: int) -> ReportRun:
    """Render the run's PDF, exactly once however often it is delivered: only the execution
    that claimed the run works on it; a done or failed run, or one a live worker is building,
    is returned as it is. The PDF is written under a name of this execution's own and renamed
    to its final name, with the row locked, only if the claim still holds; so the final name
    only ever holds one whole PDF, the one whose SHA-256 the row records."""
    from .rendering import render_council_report_both

    token = job_claim(ReportRun, run_id)
    if token is None:
        return ReportRun.objects.get(pk=run_id)
    ReportRun.objects.filter(pk=run_id, claimed_by=token).update(stage="시작", progress=1)
    run = ReportRun.objects.get(pk=run_id)
    started = time.perf_counter()
    final = report_dir() / f"council_report_{run.year}_{run.pk}.pdf"
    final_hwpx = final.with_suffix(".hwpx")
    suffix = token.rsplit(":", 1)[-1]
    partial = final.with_name(f".{final.name}.{suffix}.part")
    partial_hwpx = final_hwpx.with_name(f".{final_hwpx.name}.{suffix}.part")
    renamed: list[Path] = []
    try:
        with job_heartbeat(ReportRun, run_id, token):
            pdf, pages, hwpx = render_council_report_both(
                run.year, lambda label, pct: _stage(run_id, token, label, pct)
            )
            _stage(run_id, token, "파일 저장", 95)
            _write_partial(partial, pdf)
            _write_partial(partial_hwpx, hwpx)
            with transaction.atomic():
                if job_lock_claimed(ReportRun, run_id, token) is None:
                    # Re-queued or taken over while this execution was slow: the other one
                    # stores the files; this one leaves nothing behind.
                    partial.unlink(missing_ok=True)
                    partial_hwpx.unlink(missing_ok=True)
                    logger.warning("council report run %s: claim lost, result dropped", run_id)
                    return ReportRun.objects.get(pk=run_id)
                os.replace(partial, final)  # atomic rename
                renamed.append(final)
                os.replace(partial_hwpx, final_hwpx)
                renamed.append(final_hwpx)
                # Partial files of earlier executions of this run killed while writing.
                for name in (final.name, final_hwpx.name):
                    for leftover in final.parent.glob(f".{name}.*.part"):
                        leftover.unlink(missing_ok=True)
                ReportRun.objects.filter(pk=run_id).update(
                    status=RunStatus.DONE,
                    stage="완료",
                    progress=100,
                    finished_at=timezone.now(),
                    file_name=final.name,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    size_bytes=len(pdf),
                    pages=pages,
                    hwpx_file_name=final_hwpx.name,
                    hwpx_sha256=hashlib.sha256(hwpx).hexdigest(),
                    hwpx_size_bytes=len(hwpx),
                )
        logger.info("council report %s: %.1fs", run.year, time.perf_counter() - started)
    except Exception as exc:  # any failure (incl. the soft time limit): record it, keep no file
        partial.unlink(missing_ok=True)
        partial_hwpx.unlink(missing_ok=True)
        for path in renamed:
            path.unlink(missing_ok=True)
        logger.exception("council report %s failed", run.year)
        job_fail(
            ReportRun,
            run_id,
            token,
            error=failure_message(exc, run.time_limit_seconds),
            stage="실패",
        )
    return ReportRun.objects.get(pk=run_id)
