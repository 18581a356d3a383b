"""The stress test as a job: chunks stored once however often they are delivered, the result
the same as the command's, and the whole chord on real Celery workers."""

from __future__ import annotations

import os
import time

import pytest

from guarantees.models import StressChunk, StressRun
from guarantees.risk.runs import (
    claim_token,
    stress_chunk_run,
    stress_finish,
    stress_prepare,
    stress_request,
)
from guarantees.risk.services import stress_test
from guarantees.risk.tasks import stress_run

from .conftest import DAY

OVERRIDES = {"amortisation": True, "default_rate_monthly": 0.01, "lag_months": 1}


def _request(strategy, paths=2500):
    return stress_request(
        day=DAY, months=12, paths=paths, seed=21, overrides=OVERRIDES, requested_by=strategy
    )


@pytest.mark.django_db
def test_a_chunk_delivered_twice_counts_once_and_the_result_is_the_commands(book, strategy):
    run = _request(strategy)
    pending = stress_prepare(run_id=run.pk)
    assert pending == [0, 1, 2]  # 1000 + 1000 + 500 paths
    token = claim_token(run.pk)
    assert stress_chunk_run(run_id=run.pk, index=0, token=token) is True
    assert stress_chunk_run(run_id=run.pk, index=0, token=token) is False  # redelivered
    assert StressChunk.objects.filter(run=run).count() == 1
    # A re-queued preparation keeps the book it read and sends only what is missing.
    assert stress_prepare(run_id=run.pk) == []  # still claimed by a live execution
    for index in (1, 2):
        stress_chunk_run(run_id=run.pk, index=index, token=token)
    done = stress_finish(run_id=run.pk, token=token)

    assert done.status == "done", done.error
    direct = stress_test(day=DAY, months=12, paths=2500, seed=21, overrides=OVERRIDES)
    assert done.result["paths"] == 2500
    assert done.result["breach_probability"] == direct["breach_probability"]
    assert done.result["months"] == direct["months"]
    assert done.result["expected_loss_krw"] == direct["expected_loss_krw"]
    assert done.breach_probability == direct["breach_probability"]


@pytest.mark.django_db
def test_an_old_claim_stores_nothing(book, strategy):
    run = _request(strategy, paths=500)
    stress_prepare(run_id=run.pk)
    assert stress_chunk_run(run_id=run.pk, index=0, token="someone-else") is False
    stress_finish(run_id=run.pk, token="someone-else")
    run.refresh_from_db()
    assert run.status == "running" and run.result is None


@pytest.fixture
def two_workers(start_celery_worker):
    return start_celery_worker(
        "--concurrency=2", "--pool=prefork", "-n", f"stress-{os.getpid()}@%h"
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_chord_runs_on_real_workers(book, strategy, two_workers):
    run = StressRun.objects.create(
        date=DAY, months=12, paths=4000, seed=21, overrides=OVERRIDES, requested_by=strategy
    )
    stress_run.delay(run.pk)
    deadline = time.monotonic() + 180
    while StressRun.objects.filter(pk=run.pk, status__in=["queued", "running"]).exists():
        assert time.monotonic() < deadline, "the stress run did not finish"
        time.sleep(0.3)
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert StressChunk.objects.filter(run=run).count() == 4
    direct = stress_test(day=DAY, months=12, paths=4000, seed=21, overrides=OVERRIDES)
    assert run.result["months"] == direct["months"]
    assert run.result["breach_probability"] == direct["breach_probability"]
