"""Programme capacity: the guarded update, and approvals racing for the last of it on a real
PostgreSQL (50 threads, 2억 each, 50억 of capacity → exactly 25 approvals, 20 rounds)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from guarantees.models import Application, ApplicationStatus, ReviewPolicy, Screening
from guarantees.review import services
from guarantees.workflow import WorkflowError
from programs.models import Program
from programs.services import CapacityExhausted, capacity_release, capacity_reserve

from .factories import EOK, BusinessFactory, ProgramFactory, make_application


@pytest.mark.django_db
def test_the_guarded_update_refuses_what_does_not_fit(organisation):
    program = ProgramFactory(funding_krw=EOK)  # capacity 10억
    assert capacity_reserve(program_id=program.pk, amount_krw=6 * EOK) == 6 * EOK
    with pytest.raises(CapacityExhausted, match="남은 보증 한도"):
        capacity_reserve(program_id=program.pk, amount_krw=5 * EOK)
    assert capacity_reserve(program_id=program.pk, amount_krw=4 * EOK) == 10 * EOK
    assert capacity_release(program_id=program.pk, amount_krw=6 * EOK) == 4 * EOK
    with pytest.raises(RuntimeError):
        capacity_release(program_id=program.pk, amount_krw=5 * EOK)


@pytest.mark.django_db
def test_the_capacity_override_wins_over_funding_times_multiple(organisation):
    program = ProgramFactory(funding_krw=EOK, capacity_override_krw=2 * EOK)
    capacity_reserve(program_id=program.pk, amount_krw=2 * EOK)
    with pytest.raises(CapacityExhausted):
        capacity_reserve(program_id=program.pk, amount_krw=1)


THREADS = 50
ROUNDS = 20


def _round(applicant, reviewer, approver) -> tuple[Program, list[Application]]:
    program = ProgramFactory(funding_krw=5 * EOK, per_business_limit_krw=3 * EOK)  # 50억
    apps = []
    for _ in range(THREADS):
        app = make_application(
            applicant=applicant,
            program=program,
            business=BusinessFactory(owner=applicant),
            amount_krw=2 * EOK,
            status=ApplicationStatus.AWAITING_APPROVAL,
        )
        Screening.objects.create(
            application=app,
            screener=reviewer,
            score=80,
            recommended_amount_krw=2 * EOK,
            comment="양호",
        )
        apps.append(app)
    return program, apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_approvals_never_overcommit(make_user):
    applicant = make_user("applicant")
    reviewer = make_user("reviewer", "NAMDONG")
    approver = make_user("hq_sales", "SALES_MGMT")
    policy = ReviewPolicy.current()
    policy.pre_audit_threshold_krw = 3 * EOK  # straight to approved; reserving is the same
    policy.save()

    for round_no in range(ROUNDS):
        program, apps = _round(applicant, reviewer, approver)
        barrier = threading.Barrier(THREADS)
        outcomes: list[str] = []
        lock = threading.Lock()

        def approve(app, barrier=barrier, lock=lock, outcomes=outcomes):
            try:
                barrier.wait()
                services.application_approve(application=app, actor=approver)
                result = "approved"
            except WorkflowError as exc:
                result = "full" if "남은 보증 한도" in str(exc) else f"error: {exc}"
            except Exception as exc:  # pragma: no cover - reported by the assertion below
                result = f"crash: {exc!r}"
            finally:
                connections.close_all()
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=approve, args=(app,)) for app in apps]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)

        counts = Counter(outcomes)
        program.refresh_from_db()
        approved = Application.objects.filter(program=program, status=ApplicationStatus.APPROVED)
        assert counts == {"approved": 25, "full": 25}, (round_no, counts)
        assert approved.count() == 25
        assert program.committed_krw == 50 * EOK == program.capacity_krw
        assert sum(approved.values_list("approved_amount_krw", flat=True)) == 50 * EOK
    assert connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_approvals_of_one_application_approve_it_once(make_user):
    applicant = make_user("applicant")
    reviewer = make_user("reviewer", "NAMDONG")
    approvers = [make_user("hq_sales", "SALES_MGMT") for _ in range(10)]
    program = ProgramFactory(funding_krw=5 * EOK)
    app = make_application(
        applicant=applicant,
        program=program,
        amount_krw=5000 * 10_000,
        status=ApplicationStatus.AWAITING_APPROVAL,
    )
    Screening.objects.create(
        application=app,
        screener=reviewer,
        score=80,
        recommended_amount_krw=5000 * 10_000,
        comment="양호",
    )
    barrier = threading.Barrier(len(approvers))
    outcomes: list[str] = []

    def approve(user):
        try:
            barrier.wait()
            services.application_approve(application=app, actor=user)
            outcomes.append("approved")
        except WorkflowError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in approvers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    program.refresh_from_db()
    assert Counter(outcomes) == {"approved": 1, "refused": 9}
    assert program.committed_krw == 5000 * 10_000
    assert app.approvals.count() == 1


@pytest.mark.django_db
def test_the_sql_capacity_matches_the_models_rounding(organisation):
    from decimal import Decimal

    program = ProgramFactory(funding_krw=333_333_333, multiple=Decimal("7.25"))
    assert program.capacity_krw == 2_416_666_664  # 2,416,666,664.25 rounded down
    capacity_reserve(program_id=program.pk, amount_krw=program.capacity_krw)
    with pytest.raises(CapacityExhausted):
        capacity_reserve(program_id=program.pk, amount_krw=1)
