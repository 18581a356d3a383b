"""A stress test as a background job: request → prepare (read the book once, keep it with the
run) → chunks in parallel on the workers (a Celery chord) → combine.

Exactly once, however often a message arrives: the run is claimed like every job
(jobs.services); a chunk is stored once per (run, index) by a unique constraint, so a chunk
delivered twice counts once; only the execution that holds the claim stores the result. A
worker that dies leaves the run silent; the reconciler re-queues it, and the new preparation
reuses the stored book and sends only the chunks that are missing.
"""

from __future__ import annotations

import io
import os
import socket
import time

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.models import JobStatus
from jobs.services import failure_message, job_claim, job_enqueue, job_fail, job_lock_claimed

from ..models import StressChunk, StressRun
from .book import book_at, estimate, fill_group_counts
from .services import build_scenario, described, limit_at, outcome
from .simulate import Book, ChunkResult, Scenario, chunk_sizes, combine, simulate_chunk

_BOOK_FIELDS = (
    "exposure_krw",
    "remaining_months",
    "group",
    "program",
    "in_accident_months",
    "program_funding_krw",
    "program_multiple",
    "program_capacity_fixed_krw",
)


def stress_request(*, day, months: int, paths: int, seed: int, overrides: dict, requested_by):
    """Record a run and hand it to the workers after commit."""
    with transaction.atomic():
        run = StressRun.objects.create(
            date=day,
            months=months,
            paths=paths,
            seed=seed,
            overrides=overrides,
            requested_by=requested_by,
            time_limit_seconds=600,
        )
        transaction.on_commit(lambda: job_enqueue(run))
    return run


def _pack(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _unpack(data) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(bytes(data))) as stored:
        return {name: stored[name] for name in stored.files}


def _book(run: StressRun) -> Book:
    arrays = _unpack(run.book_arrays)
    return Book(
        base_krw=int(arrays.pop("base_krw")),
        **{name: arrays[name] for name in _BOOK_FIELDS},
    )


def _scenario(run: StressRun) -> Scenario:
    data = dict(run.inputs["scenario"])
    data["default_rate_monthly"] = np.array(data["default_rate_monthly"])
    data["reguarantee_share"] = np.array(data["reguarantee_share"])
    return Scenario(**data)


def stress_prepare(*, run_id: int) -> list[int]:
    """Claim the run, read the book at its date (once: a re-queued run keeps what it read),
    and return the chunks still to simulate. The caller sends them with the claim token."""
    token = job_claim(StressRun, run_id)
    if token is None:
        return []
    run = StressRun.objects.get(pk=run_id)
    try:
        if run.book_arrays is None:
            at = book_at(run.date)
            estimates = estimate(run.date)
            fill_group_counts(estimates, at)
            scenario = build_scenario(
                at, estimates, months=run.months, limit=limit_at(run.date), overrides=run.overrides
            )
            book = at.book
            arrays = {name: getattr(book, name) for name in _BOOK_FIELDS}
            sizes = chunk_sizes(run.paths, run.chunk_paths)
            shown = described(at=at, estimates=estimates, scenario=scenario)
            inputs = {
                "scenario": {
                    "months": scenario.months,
                    "default_rate_monthly": scenario.default_rate_monthly.tolist(),
                    "normalisation_share": scenario.normalisation_share,
                    "recovery_rate": scenario.recovery_rate,
                    "recovery_months": scenario.recovery_months,
                    "reguarantee_share": scenario.reguarantee_share.tolist(),
                    "amortisation": scenario.amortisation,
                    "lag_months": scenario.lag_months,
                    "new_supply_krw_monthly": scenario.new_supply_krw_monthly,
                    "contributions_krw_monthly": scenario.contributions_krw_monthly,
                    "limit": scenario.limit,
                },
                "shown": shown,
                "program_codes": at.program_codes,
                "group_keys": [list(key) for key in at.group_keys],
            }
            StressRun.objects.filter(pk=run_id, claimed_by=token).update(
                book_arrays=_pack(base_krw=np.array(book.base_krw), **arrays),
                inputs=inputs,
                chunks_total=len(sizes),
                heartbeat_at=timezone.now(),
            )
        run.refresh_from_db()
    except Exception as exc:
        job_fail(StressRun, run_id, token, error=failure_message(exc, run.time_limit_seconds))
        raise
    done = set(run.chunks.values_list("index", flat=True))
    return [i for i in range(run.chunks_total) if i not in done]


def claim_token(run_id: int) -> str:
    return StressRun.objects.values_list("claimed_by", flat=True).get(pk=run_id)


def stress_chunk_run(*, run_id: int, index: int, token: str) -> bool:
    """Simulate one chunk and store it once; False when it was already stored or the claim
    has moved on (a re-queued run sends its own chunks)."""
    run = StressRun.objects.filter(pk=run_id, status=JobStatus.RUNNING, claimed_by=token).first()
    if run is None or run.chunks.filter(index=index).exists():
        return False
    sizes = chunk_sizes(run.paths, run.chunk_paths)
    started = time.perf_counter()
    result = simulate_chunk(
        _book(run), _scenario(run), seed=run.seed, chunk=index, paths=sizes[index]
    )
    try:
        with transaction.atomic():
            StressChunk.objects.create(
                run=run,
                index=index,
                paths=sizes[index],
                arrays=_pack(
                    multipliers=result.multipliers,
                    breached=result.breached,
                    program_breached=result.program_breached,
                    loss_krw=result.loss_krw,
                ),
                seconds=time.perf_counter() - started,
                worker=f"{socket.gethostname()}:{os.getpid()}",
            )
    except IntegrityError:  # the unique (run, index): another delivery stored it first
        return False
    StressRun.objects.filter(pk=run_id, status=JobStatus.RUNNING, claimed_by=token).update(
        heartbeat_at=timezone.now()
    )
    return True


def stress_finish(*, run_id: int, token: str) -> StressRun:
    """Combine every stored chunk and record the result, once, if the claim still holds."""
    with transaction.atomic():
        run = job_lock_claimed(StressRun, run_id, token)
        if run is None:
            return StressRun.objects.get(pk=run_id)
        chunks = list(run.chunks.order_by("index"))
        if len(chunks) != run.chunks_total:
            missing = run.chunks_total - len(chunks)
            job_fail(StressRun, run_id, token, error=f"묶음 {missing}개의 결과가 없습니다.")
            return StressRun.objects.get(pk=run_id)
        results = [ChunkResult(**_unpack(chunk.arrays)) for chunk in chunks]
        summary = combine(results)
        result = outcome(
            day=run.date,
            months=run.months,
            limit=run.inputs["scenario"]["limit"],
            summary=summary,
            shown=run.inputs["shown"],
        )
        result["seed"] = run.seed
        StressRun.objects.filter(pk=run_id).update(
            status=JobStatus.DONE,
            finished_at=timezone.now(),
            result=result,
            breach_probability=summary.breach_probability,
        )
    return StressRun.objects.get(pk=run_id)


def stress_fail_if_claimed(run_id: int, token: str, exc: BaseException) -> None:
    run = StressRun.objects.filter(pk=run_id).first()
    if run is not None:
        job_fail(StressRun, run_id, token, error=failure_message(exc, run.time_limit_seconds))
