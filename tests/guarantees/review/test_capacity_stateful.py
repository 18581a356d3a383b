"""Random sequences of apply / approve / reject / withdraw / pre-audit / sign / issue / expiry
against one programme's capacity, checked after every step against a model kept by the test:

- every action the workflow allows succeeds, every other one raises WorkflowError (or its
  subclasses) and changes nothing;
- the programme's committed capacity equals the sum of the approved amounts still live
  (pre-audit, approved, signed, issued) and never exceeds the capacity;
- no business goes over the per-business limit;
- the journal balances and the programme's exposure equals what was issued.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Sum
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from guarantees.applicant import services as applicant_services
from guarantees.models import Application, ApplicationStatus, Screening
from guarantees.review import services
from guarantees.workflow import WorkflowError
from ledger import chart
from ledger.models import Posting
from programs.models import Program

from .factories import BusinessFactory, ProgramFactory, make_application

S = ApplicationStatus
UNIT = 5_000_000  # amounts are multiples of 500만원 so that limits are hit often
LIVE = (S.PRE_AUDIT, S.APPROVED, S.AGREEMENT_SIGNED, S.ISSUED)
PASSWORD = "pw-for-tests-1"  # make_user's
PRE_AUDIT_THRESHOLD = 100_000_000  # ReviewPolicy's default: above it, pre-audit first
_tracking = itertools.count(1)


class CapacityMachine(RuleBasedStateMachine):
    """One programme per example; the people are made once by the test."""

    applicant = reviewer = auditor = None
    approvers: list = []
    tally: Counter = Counter()  # (action, allowed) → count over the whole run, for the report

    applications = Bundle("applications")

    @initialize(
        capacity_units=st.integers(min_value=10, max_value=100),
        limit_units=st.integers(min_value=10, max_value=60),
    )
    def programme(self, capacity_units, limit_units):
        self.capacity = capacity_units * UNIT
        self.limit = limit_units * UNIT
        self.program = ProgramFactory(
            capacity_override_krw=self.capacity, per_business_limit_krw=self.limit
        )
        self.businesses = [BusinessFactory(owner=self.applicant) for _ in range(2)]
        # the model: status, approved amount, business and approvers of each application
        self.status: dict[int, str] = {}
        self.approved: dict[int, int] = {}
        self.business_of: dict[int, int] = {}
        self.approved_by: dict[int, set[int]] = {}

    # -- helpers ------------------------------------------------------------------------------

    def _app(self, pk: int) -> Application:
        return Application.objects.get(pk=pk)

    def _committed(self) -> int:
        return sum(self.approved.get(pk, 0) for pk, s in self.status.items() if s in LIVE)

    def _used_by(self, business_id: int) -> int:
        return sum(
            self.approved.get(pk, 0)
            for pk, s in self.status.items()
            if s in LIVE and self.business_of[pk] == business_id
        )

    def _attempt(self, name: str, pk: int, allowed: bool, action) -> bool:
        """Run `action`; it must succeed exactly when the model says it is allowed, and a
        refusal must leave the application as it was."""
        event(f"{name}: {'allowed' if allowed else 'refused'}")
        self.tally[(name, allowed)] += 1
        before = self._app(pk).status
        if allowed:
            action()
            return True
        with pytest.raises(WorkflowError):
            action()
        assert self._app(pk).status == before
        return False

    # -- rules --------------------------------------------------------------------------------

    @rule(
        target=applications,
        # up to 1억 (decided at once) or above it (pre-audit first), up to 1.5억
        units=st.one_of(st.integers(min_value=1, max_value=20), st.integers(21, 30)),
        business=st.integers(min_value=0, max_value=1),
    )
    def apply(self, units, business):
        """An application screened and waiting for approval (the steps before are tested
        elsewhere); two businesses share the programme, so the per-business limit bites."""
        app = make_application(
            applicant=self.applicant,
            program=self.program,
            business=self.businesses[business],
            amount_krw=units * UNIT,
            status=S.AWAITING_APPROVAL,
            tracking_no=f"CAP-{next(_tracking)}",
        )
        Screening.objects.create(
            application=app,
            screener=self.reviewer,
            score=80,
            recommended_amount_krw=units * UNIT,
            comment="양호",
        )
        self.status[app.pk] = S.AWAITING_APPROVAL
        self.business_of[app.pk] = app.business_id
        self.approved_by[app.pk] = set()
        return app.pk

    @rule(pk=applications, who=st.integers(min_value=0, max_value=1))
    def approve(self, pk, who):
        approver = self.approvers[who]
        amount = self._app(pk).amount_krw
        allowed = (
            self.status[pk] == S.AWAITING_APPROVAL
            and approver.pk not in self.approved_by[pk]
            and self._committed() + amount <= self.capacity
            and self._used_by(self.business_of[pk]) + amount <= self.limit
        )
        if self._attempt(
            "approve",
            pk,
            allowed,
            lambda: services.application_approve(application=self._app(pk), actor=approver),
        ):
            self.approved[pk] = amount
            self.approved_by[pk].add(approver.pk)
            self.status[pk] = S.PRE_AUDIT if amount > PRE_AUDIT_THRESHOLD else S.APPROVED

    @rule(pk=applications)
    def reject(self, pk):
        allowed = self.status[pk] in (S.AWAITING_APPROVAL, S.PRE_AUDIT)
        if self._attempt(
            "reject",
            pk,
            allowed,
            lambda: services.application_reject(
                application=self._app(pk), actor=self.approvers[0], reason="상환 능력 부족"
            ),
        ):
            self.status[pk] = S.REJECTED

    @rule(pk=applications)
    def withdraw(self, pk):
        """The applicant cancels: only before a decision."""
        allowed = self.status[pk] == S.AWAITING_APPROVAL
        if self._attempt(
            "withdraw",
            pk,
            allowed,
            lambda: applicant_services.application_withdraw(
                application_id=pk, actor=self.applicant, reason="자금 필요 없음"
            ),
        ):
            self.status[pk] = S.WITHDRAWN

    @rule(pk=applications, objected=st.booleans())
    def pre_audit(self, pk, objected):
        allowed = self.status[pk] == S.PRE_AUDIT
        if self._attempt(
            "pre_audit",
            pk,
            allowed,
            lambda: services.pre_audit_decide(
                application=self._app(pk),
                actor=self.auditor,
                outcome="objected" if objected else "cleared",
                reason="담보 가치 재확인 필요" if objected else "",
            ),
        ):
            if objected:  # back to awaiting approval; the reservation is released
                self.status[pk] = S.AWAITING_APPROVAL
                self.approved.pop(pk)
            else:
                self.status[pk] = S.APPROVED

    @rule(pk=applications)
    def sign(self, pk):
        allowed = self.status[pk] == S.APPROVED
        if self._attempt(
            "sign",
            pk,
            allowed,
            lambda: applicant_services.agreement_sign(
                application_id=pk,
                actor=self.applicant,
                password=PASSWORD,
                consents=dict.fromkeys(applicant_services.REQUIRED_CONSENTS, True),
                ip_address="127.0.0.1",
                user_agent="hypothesis",
            ),
        ):
            self.status[pk] = S.AGREEMENT_SIGNED

    @rule(pk=applications)
    def issue(self, pk):
        allowed = self.status[pk] == S.AGREEMENT_SIGNED
        if self._attempt(
            "issue",
            pk,
            allowed,
            lambda: services.guarantee_issue(application=self._app(pk), actor=self.reviewer),
        ):
            self.status[pk] = S.ISSUED

    # The rules above pick any application, so most of their attempts are forbidden ones;
    # these pick one in the state the action needs, so the allowed path is walked as often.

    def _in(self, status: str) -> list[int]:
        return sorted(pk for pk, s in self.status.items() if s == status)

    @precondition(lambda self: self._in(S.AWAITING_APPROVAL))
    @rule(data=st.data(), who=st.integers(min_value=0, max_value=1))
    def approve_one_waiting(self, data, who):
        self.approve(data.draw(st.sampled_from(self._in(S.AWAITING_APPROVAL))), who)

    @precondition(lambda self: self._in(S.PRE_AUDIT))
    @rule(data=st.data(), objected=st.booleans())
    def audit_one_pending(self, data, objected):
        self.pre_audit(data.draw(st.sampled_from(self._in(S.PRE_AUDIT))), objected)

    @precondition(lambda self: self._in(S.APPROVED))
    @rule(data=st.data())
    def sign_one_approved(self, data):
        self.sign(data.draw(st.sampled_from(self._in(S.APPROVED))))

    @precondition(lambda self: self._in(S.AGREEMENT_SIGNED))
    @rule(data=st.data())
    def issue_one_signed(self, data):
        self.issue(data.draw(st.sampled_from(self._in(S.AGREEMENT_SIGNED))))

    @rule()
    def signing_deadlines_pass(self):
        """Every approved but unsigned application expires and gives its capacity back."""
        services.applications_expire_unsigned(on=dt.date.today() + dt.timedelta(days=400))
        for pk, status in self.status.items():
            if status == S.APPROVED:
                self.status[pk] = S.EXPIRED

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def statuses_follow_the_model(self):
        if not hasattr(self, "program"):
            return
        actual = dict(Application.objects.filter(program=self.program).values_list("pk", "status"))
        assert actual == self.status

    @invariant()
    def committed_is_the_sum_of_live_approvals_and_within_capacity(self):
        if not hasattr(self, "program"):
            return
        program = Program.objects.get(pk=self.program.pk)
        live = Application.objects.filter(program=program, status__in=LIVE).aggregate(
            s=Sum("approved_amount_krw")
        )["s"]
        assert program.committed_krw == (live or 0) == self._committed()
        assert 0 <= program.committed_krw <= program.capacity_krw == self.capacity

    @invariant()
    def no_business_over_its_limit(self):
        if not hasattr(self, "program"):
            return
        for business in self.businesses:
            assert self._used_by(business.pk) <= self.limit

    @invariant()
    def the_ledger_balances_and_exposure_is_what_was_issued(self):
        if not hasattr(self, "program"):
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT entry_id FROM ledger_posting GROUP BY entry_id "
                "HAVING sum(amount_krw) <> 0 OR count(*) < 2) bad"
            )
            assert cursor.fetchone()[0] == 0
        exposure = Posting.objects.filter(
            account__code=chart.EXPOSURE, program=self.program
        ).aggregate(s=Sum("amount_krw"))["s"]
        issued = sum(self.approved[pk] for pk, s in self.status.items() if s == S.ISSUED)
        assert (exposure or 0) == issued


@pytest.mark.django_db
def test_random_approval_sequences_keep_capacity_and_the_ledger_right(make_user):
    CapacityMachine.applicant = make_user("applicant")
    CapacityMachine.reviewer = make_user("reviewer", "NAMDONG")
    CapacityMachine.auditor = make_user("auditor", "AUDIT")
    CapacityMachine.approvers = [
        make_user("hq_sales", "SALES_MGMT"),
        make_user("hq_sales", "SALES_MGMT"),
    ]
    run_state_machine_as_test(
        CapacityMachine,
        settings=settings(
            max_examples=settings.default.max_examples * 2 // 5,  # 20 by default
            stateful_step_count=30,
            # A fixed sequence of examples, so that the coverage check below cannot flake;
            # HYPOTHESIS_PROFILE=thorough runs 400 of them.
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    print("capacity machine steps (action, allowed):", dict(CapacityMachine.tally))
    # the run exercised both sides of every action, or it proved little
    for action in ("approve", "reject", "withdraw", "pre_audit", "sign", "issue"):
        assert CapacityMachine.tally[(action, True)] and CapacityMachine.tally[(action, False)]
