"""The snapshot job on a real Celery worker: asked twice at the same time, and one run delivered
twice at the same time → one snapshot row per date and scope, and every run row done once."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from ledger.models import MultiplierRun, MultiplierScope, MultiplierSnapshot
from ledger.services import contribution_record
from ledger.tasks import multiplier_run, multiplier_snapshot
from tests.guarantees.book.factories import make_guarantee


@pytest.fixture
def worker(start_celery_worker):
    """A real worker with 2 prefork processes: the two jobs really run at once."""
    return start_celery_worker(
        "--concurrency=2", "--pool=prefork", "-n", f"book-test-{os.getpid()}@%h", quiet=False
    )


def _results(results, deadline):
    return [r.get(timeout=max(deadline - time.monotonic(), 1)) for r in results]


def wait_until_idle(deadline):
    while MultiplierRun.objects.filter(status__in=["queued", "running"]).exists():
        assert time.monotonic() < deadline, "runs still active"
        time.sleep(0.2)


def _assert_one_row_per_scope(day):
    foundation = MultiplierSnapshot.objects.filter(date=day, scope=MultiplierScope.FOUNDATION)
    assert foundation.count() == 1
    assert str(foundation.get().multiplier) == "0.80"
    for scope in MultiplierScope.values:
        codes = list(
            MultiplierSnapshot.objects.filter(date=day, scope=scope).values_list(
                "scope_code", flat=True
            )
        )
        assert len(codes) == len(set(codes)) > 0


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_snapshot_job_run_twice_at_once_leaves_one_row_per_scope(
    organisation, programs, worker
):
    day = dt.date(2020, 12, 31)
    contribution_record(date=dt.date(2020, 1, 1), category="city", amount_krw=1_000_000_000)
    make_guarantee(
        branch=organisation["NAMDONG"],
        program=programs["COVID19"],
        amount_krw=800_000_000,
        issued_on=dt.date(2020, 3, 2),
    )
    deadline = time.monotonic() + 90

    # Two nightly beats for the same day at once: the partial unique index lets one run be
    # active for the date, so they share it (or, if the first finished already, run twice).
    requests = _results([multiplier_snapshot.delay(day.isoformat()) for _ in range(2)], deadline)
    assert {r["date"] for r in requests} == {"2020-12-31"}
    assert sum(r["created"] for r in requests) >= 1

    # One run delivered three times at the same moment (redeliveries racing the original):
    # exactly one delivery executes it, the others find it claimed or done.
    wait_until_idle(deadline)
    run = MultiplierRun.objects.create(date=day, trigger="button", time_limit_seconds=150)
    deliveries = _results([multiplier_run.delay(run.pk) for _ in range(3)], deadline)
    assert sorted(d["executed"] for d in deliveries) == [False, False, True]

    wait_until_idle(deadline)
    runs = list(MultiplierRun.objects.filter(date=day))
    assert {r["run"] for r in requests} | {run.pk} == {r.pk for r in runs}
    assert [(r.status, r.attempts, r.multiplier) for r in runs] == [("done", 1, "0.80")] * len(
        runs
    ), [r.error for r in runs]
    _assert_one_row_per_scope(day)
    assert (
        MultiplierSnapshot.objects.get(
            date=day, scope=MultiplierScope.PROGRAM, scope_code="COVID19"
        ).outstanding_krw
        == 800_000_000
    )
