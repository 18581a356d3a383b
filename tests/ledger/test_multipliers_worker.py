"""The snapshot job on a real Celery worker: run twice at the same time, one row per scope."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from ledger.models import MultiplierScope, MultiplierSnapshot
from ledger.services import contribution_record
from ledger.tasks import multiplier_snapshot
from tests.guarantees.book.factories import make_guarantee


@pytest.fixture
def worker(start_celery_worker):
    """A real worker with 2 prefork processes: the two jobs really run at once."""
    return start_celery_worker(
        "--concurrency=2", "--pool=prefork", "-n", f"book-test-{os.getpid()}@%h", quiet=False
    )


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

    results = [multiplier_snapshot.delay(day.isoformat()) for _ in range(2)]
    deadline = time.monotonic() + 90
    outputs = [r.get(timeout=max(deadline - time.monotonic(), 1)) for r in results]

    assert outputs == [{"date": "2020-12-31", "multiplier": "0.80"}] * 2
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
    assert (
        MultiplierSnapshot.objects.get(
            date=day, scope=MultiplierScope.PROGRAM, scope_code="COVID19"
        ).outstanding_krw
        == 800_000_000
    )
