"""Random sequences of guarantee events keep the book's invariants after every step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from common.money import ratio
from guarantees.book.selectors import guarantee_balances
from guarantees.book.services import BookError, guarantee_event_record
from guarantees.models import GuaranteeEvent
from ledger import chart
from ledger.models import MultiplierScope, MultiplierSnapshot, Posting
from ledger.multipliers import multiplier_snapshot_store
from ledger.services import contribution_record

from .factories import make_guarantee

AMOUNTS = st.integers(min_value=1, max_value=60_000_000)
CLAIM_REDUCERS = ("recovery", "write_off", "sale", "principal_reduction", "cancellation")


class BookMachine(RuleBasedStateMachine):
    """One guarantee per example; the journal is shared, so global invariants see them all."""

    branch = None
    program = None

    def __init__(self):
        super().__init__()
        self.day = dt.date(2020, 1, 2)
        self.guarantee = make_guarantee(
            branch=self.branch, program=self.program, amount_krw=50_000_000, issued_on=self.day
        )

    def _record(self, kind: str, amount: int = 0, **extra) -> None:
        try:
            guarantee_event_record(
                guarantee_id=self.guarantee.id, kind=kind, date=self.day, amount_krw=amount, **extra
            )
        except BookError:
            pass  # refused: the invariants below must still hold

    @rule(days=st.integers(min_value=0, max_value=90))
    def time_passes(self, days):
        self.day += dt.timedelta(days=days)

    @rule(
        kind=st.sampled_from(["repayment", "accident", "normalization", "subrogation"]),
        amount=AMOUNTS,
    )
    def exposure_event(self, kind, amount):
        self._record(kind, amount)

    @rule()
    def termination(self):
        self._record("termination")

    @rule(amount=AMOUNTS, years=st.integers(min_value=1, max_value=3))
    def extension(self, amount, years):
        self._record(
            "extension", amount, new_matures_on=self.day.replace(year=self.day.year + years)
        )

    @rule(
        kind=st.sampled_from(CLAIM_REDUCERS),
        amount=AMOUNTS,
        proceeds=st.integers(min_value=0, max_value=10_000_000),
    )
    def claim_event(self, kind, amount, proceeds):
        self._record(kind, amount, proceeds_krw=proceeds)

    @invariant()
    def every_entry_balances(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT entry_id FROM ledger_posting GROUP BY entry_id "
                "HAVING sum(amount_krw) <> 0 OR count(*) < 2) bad"
            )
            assert cursor.fetchone()[0] == 0

    @invariant()
    def no_exposure_or_claim_below_zero(self):
        balances = guarantee_balances(guarantee_id=self.guarantee.id)
        assert balances["exposure_krw"] >= 0
        assert balances["claim_krw"] >= 0

    @invariant()
    def claims_are_subrogations_minus_recoveries_and_write_offs(self):
        def total(*kinds):
            return (
                GuaranteeEvent.objects.filter(guarantee=self.guarantee, kind__in=kinds).aggregate(
                    s=Sum("amount_krw")
                )["s"]
                or 0
            )

        claim = guarantee_balances(guarantee_id=self.guarantee.id)["claim_krw"]
        # write-offs in the wide sense: 상각, 매각, 원금감면, 소각 all take the claim off the book
        assert claim == total("subrogation") - total("recovery") - total(*CLAIM_REDUCERS[1:])

    @invariant()
    def the_multiplier_recomputed_from_postings_equals_the_snapshot(self):
        figures = multiplier_snapshot_store(date=self.day)
        exposure = (
            Posting.objects.filter(
                account__code=chart.EXPOSURE, entry_date__lte=self.day
            ).aggregate(s=Sum("amount_krw"))["s"]
            or 0
        )
        base = -(
            Posting.objects.filter(account__is_base_asset=True, entry_date__lte=self.day).aggregate(
                s=Sum("amount_krw")
            )["s"]
            or 0
        )
        snapshot = MultiplierSnapshot.objects.get(
            date=self.day, scope=MultiplierScope.FOUNDATION, scope_code=""
        )
        assert snapshot.outstanding_krw == exposure
        assert snapshot.multiplier == ratio(exposure, base)
        assert figures["multiplier"] == f"{ratio(exposure, base):.2f}"
        assert (
            MultiplierSnapshot.objects.filter(
                date=self.day, scope=MultiplierScope.FOUNDATION
            ).count()
            == 1
        )


@pytest.mark.django_db
def test_random_event_sequences_keep_the_book_consistent(organisation, programs):
    contribution_record(
        date=dt.date(2019, 1, 1), category="city", amount_krw=30_000_000, contributor="인천광역시"
    )
    BookMachine.branch = organisation["NAMDONG"]
    BookMachine.program = programs["COVID19"]
    run_state_machine_as_test(
        BookMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert Decimal(1)  # reached: every invariant held after every step
