"""Races on real PostgreSQL: a double submit from two requests at once books one submission
and one tracking number; concurrent submissions never share a number."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from guarantees.applicant import services
from guarantees.models import Application, ApplicationEvent, ApplicationStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def runner(i, job):
        from django.db import connections

        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # collected for the assertions
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_simultaneous_submits_book_one(complete_draft, verified_applicant):
    def submit():
        return services.application_submit(
            application_id=complete_draft.pk, actor=verified_applicant
        ).tracking_no

    results = _run_together(submit, submit)
    numbers = [r for r in results if isinstance(r, str)]
    refusals = [r for r in results if isinstance(r, services.ApplicationError)]
    assert len(numbers) == 1 and len(refusals) == 1, results
    assert "이미 제출된 신청입니다" in str(refusals[0])
    application = Application.objects.get(pk=complete_draft.pk)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.tracking_no == numbers[0]
    assert ApplicationEvent.objects.filter(application=application, action="submit").count() == 1
    with connection.cursor() as cursor:  # the refused request consumed no number
        cursor.execute("SELECT last_value FROM guarantees_application_tracking_seq")
        (last,) = cursor.fetchone()
    assert numbers[0].endswith(f"{last:06d}")
