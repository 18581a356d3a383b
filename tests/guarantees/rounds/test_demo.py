"""The demo's Guro-gu programme (issue 13): calls, committee, votes, bank answers and the
창업 아카데미 feeding the programme's rule — all through the services, idempotent."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_guro_demo_runs_twice_and_computes_its_figures(organisation):
    from demo.accounts import seed_users
    from demo.programs import seed_programs
    from demo.rounds import seed_guro_rounds
    from guarantees.models import CallRound, CommitteeVote, RoundEntry
    from programs.courses.models import Enrolment
    from programs.eligibility import evaluate

    seed_programs()
    seed_users(organisation)
    program = seed_guro_rounds()["program"]
    counts = (CallRound.objects.count(), RoundEntry.objects.count(), CommitteeVote.objects.count())
    seed_guro_rounds()
    assert counts == (
        CallRound.objects.count(),
        RoundEntry.objects.count(),
        CommitteeVote.objects.count(),
    )
    program.refresh_from_db()
    assert program.funding_krw == 500_000_000 and program.capacity_krw == 5_000_000_000
    outcomes = sorted(RoundEntry.objects.values_list("outcome", "bank_answer"))
    assert outcomes.count(("selected", "approved")) == 5
    assert outcomes.count(("selected", "declined")) == 1
    assert outcomes.count(("selected", "pending")) == 1
    assert outcomes.count(("not_selected", "pending")) == 2
    assert CallRound.objects.filter(decided_at__isnull=False).count() == 2
    assert Enrolment.objects.filter(completed_on__isnull=False).count() == 7  # 9 − 2 absent
    completed = Enrolment.objects.filter(completed_on__isnull=False).first().participant
    business = completed.businesses.get()
    rule = next(r for r in evaluate(program, business.facts()) if "창업 아카데미" in r.explanation)
    assert rule.passed, rule.reason
