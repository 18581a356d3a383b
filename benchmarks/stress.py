"""The stress simulator on the bench book (issue 14: 10,000 paths × 12 months ≤ 10 s on the
Incheon book, ≤ 1 GiB), beside the floor of any exact Monte Carlo of the same book: drawing
the same random events alone (which guarantees default in which month of which path, and
whether each is normalised), with no bookkeeping of balances. Then the same run as a job on
real Celery workers, with 1 and with 2 worker processes (the chord's parallel speed-up).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from .timing import Row, alternate

PATHS, MONTHS, SEED = 10_000, 12, 1
LIMIT_S = 10.0
MEMORY_LIMIT_MIB = 1024


def _draws_only(book, scenario, paths: int, chunk_paths: int) -> int:
    """The reference: the random draws of the same defaults, chunk by chunk."""
    from guarantees.risk.simulate import _defaults, chunk_sizes

    drawn = 0
    for c, size in enumerate(chunk_sizes(paths, chunk_paths)):
        rng = np.random.default_rng([SEED, c])
        path, _index, _month = _defaults(rng, book, scenario, size)
        rng.random(path.shape[0])  # normalised or not
        drawn += path.shape[0]
    return drawn


def _run_on_workers(day: dt.date, concurrency: int) -> float:
    from guarantees.models import StressRun
    from guarantees.risk.tasks import stress_run

    root = Path(__file__).resolve().parent.parent
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "-n",
            f"bench-stress-{concurrency}-{os.getpid()}@%h",
        ],
        cwd=root,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(5)  # the worker's start-up is not the run's time
        run = StressRun.objects.create(
            date=day, months=MONTHS, paths=PATHS, seed=SEED, overrides={"amortisation": True}
        )
        started = time.perf_counter()
        stress_run.delay(run.pk)
        while StressRun.objects.filter(pk=run.pk, status__in=["queued", "running"]).exists():
            if time.perf_counter() - started > 600:
                raise RuntimeError("bench: the stress run did not finish in 10 minutes")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        run.refresh_from_db()
        if run.status != "done":
            raise RuntimeError(f"bench: the stress run failed: {run.error}")
        StressRun.objects.filter(pk=run.pk).delete()
        return seconds
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def stress_row(*, runs: int, warmup: int, year: int, workers: bool = True) -> Row:
    from guarantees.risk.book import book_at, estimate, fill_group_counts
    from guarantees.risk.services import build_scenario, limit_at
    from guarantees.risk.simulate import simulate

    day = dt.date(year, 12, 31)
    started = time.perf_counter()
    at = book_at(day)
    estimates = estimate(day)
    fill_group_counts(estimates, at)
    scenario = build_scenario(
        at, estimates, months=MONTHS, limit=limit_at(day), overrides={"amortisation": True}
    )
    read_s = time.perf_counter() - started

    ours_s, reference_s, summary, drawn = alternate(
        lambda: simulate(at.book, scenario, paths=PATHS, seed=SEED),
        lambda: _draws_only(at.book, scenario, PATHS, 1000),
        runs=runs,
        warmup=warmup,
    )
    tracemalloc.start()
    simulate(at.book, scenario, paths=PATHS, seed=SEED)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mib = peak / 2**20

    notes = (
        f"{at.book.size:,} live guarantees at {day}, {PATHS:,} paths × {MONTHS} months, "
        f"{drawn:,} defaults drawn; book read + estimates {read_s:.2f} s; simulation peak "
        f"{peak_mib:.0f} MiB (numpy, tracemalloc); breach p = {summary.breach_probability:.4f}; "
        f"reference: the same random draws alone"
    )
    problems = []
    if peak_mib > MEMORY_LIMIT_MIB:
        problems.append(f"memory {peak_mib:.0f} MiB > {MEMORY_LIMIT_MIB} MiB")
    if workers:
        one = _run_on_workers(day, 1)
        two = _run_on_workers(day, 2)
        notes += f"; as a job (chord of 10 chunks): 1 worker {one:.1f} s, 2 workers {two:.1f} s"
    return Row(
        name="stress_test_10k_paths_12m",
        ours_s=ours_s,
        reference_s=reference_s,
        limit_s=LIMIT_S,
        notes=notes,
        problems=problems,
    )
