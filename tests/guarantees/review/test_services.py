"""The staff workflow's services: each step, and every forbidden case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from branches.models import Committee, CommitteeMember
from guarantees.models import (
    ApplicationStatus as S,
)
from guarantees.models import (
    FieldSurvey,
    Guarantee,
    ReviewApproval,
    ReviewPolicy,
    ScorecardFactor,
)
from guarantees.review import services
from guarantees.workflow import WorkflowError
from ledger import chart
from ledger import selectors as ledger
from programs.models import FeePayment

from .factories import (
    EOK,
    MAN,
    BusinessFactory,
    ProgramFactory,
    make_application,
    screen,
    verify_credit,
)

pytestmark = pytest.mark.django_db


def points(value=4):
    return {f.code: value for f in ScorecardFactor.objects.filter(is_active=True)}


# --- documents and survey -------------------------------------------------------------------


def test_verify_skips_the_survey_when_the_verified_credit_score_meets_the_bar(
    applicant, reviewer, program
):
    app = make_application(applicant=applicant, program=program)
    verify_credit(app, reviewer, score=750)  # verified 750 ≥ 700

    services.application_verify_documents(application=app, actor=reviewer)

    app.refresh_from_db()
    assert app.status == S.SCREENING
    survey = FieldSurvey.objects.get(application=app)
    assert survey.skipped and "750점" in survey.findings and "700점" in survey.findings
    assert list(app.events.values_list("action", flat=True)) == [
        "submit",
        "verify_documents",
        "skip_survey",
    ]


def test_verify_leads_to_a_field_survey_below_the_bar(applicant, reviewer, program):
    business = BusinessFactory(owner=applicant, credit_score=650)
    app = make_application(applicant=applicant, program=program, business=business)

    services.application_verify_documents(application=app, actor=reviewer)
    app.refresh_from_db()
    assert app.status == S.DOCS_VERIFIED
    services.survey_start(application=app, actor=reviewer, visit_at=services.next_visit_slot())
    with pytest.raises(WorkflowError, match="현장조사 결과"):
        services.survey_record(application=app, actor=reviewer, findings="  ")
    services.survey_record(application=app, actor=reviewer, findings="정상 영업 중")

    app.refresh_from_db()
    assert app.status == S.SCREENING
    assert FieldSurvey.objects.get(application=app, skipped=False).surveyor == reviewer


def test_survey_is_mandatory_without_a_declared_credit_score(applicant, reviewer, program):
    business = BusinessFactory(owner=applicant, credit_score=None)
    app = make_application(applicant=applicant, program=program, business=business)
    services.application_verify_documents(application=app, actor=reviewer)
    app.refresh_from_db()
    assert app.status == S.DOCS_VERIFIED


def test_a_supplement_request_needs_a_reason_and_remembers_the_step(applicant, reviewer, program):
    app = make_application(applicant=applicant, program=program)
    with pytest.raises(WorkflowError, match="사유"):
        services.application_request_supplement(application=app, actor=reviewer, reason="")
    services.application_request_supplement(
        application=app, actor=reviewer, reason="사업자등록증명 최신본"
    )
    app.refresh_from_db()
    assert app.status == S.SUPPLEMENT_REQUESTED
    assert app.supplement_return_status == S.SUBMITTED


def test_another_branch_cannot_act(applicant, other_branch_reviewer, program):
    app = make_application(applicant=applicant, program=program)
    with pytest.raises(services.ReviewPermissionError, match="다른 지점"):
        services.application_verify_documents(application=app, actor=other_branch_reviewer)


def test_roles_outside_the_branch_cannot_verify(applicant, hq_sales, auditor, program):
    app = make_application(applicant=applicant, program=program)
    for actor in (hq_sales, auditor, applicant):
        with pytest.raises(services.ReviewPermissionError):
            services.application_verify_documents(application=app, actor=actor)


# --- screening ------------------------------------------------------------------------------


def test_the_score_is_weighted_by_the_factor_weights_in_data():
    factors = [
        ScorecardFactor(code="a", name="A", weight=3, max_points=5),
        ScorecardFactor(code="b", name="B", weight=1, max_points=5),
    ]
    # (5/5×3 + 0/5×1) ÷ 4 × 100 = 75.0
    assert services.scorecard_score({"a": 5, "b": 0}, factors) == 75
    assert services.scorecard_score({"a": 4, "b": 4}, factors) == 80


def test_screening_needs_a_comment_and_valid_points(applicant, reviewer, program):
    app = make_application(applicant=applicant, program=program)
    verify_credit(app, reviewer)
    services.application_verify_documents(application=app, actor=reviewer)
    with pytest.raises(WorkflowError, match="심사 의견"):
        services.screening_record(
            application=app, actor=reviewer, points=points(), recommended_amount_krw=1, comment=""
        )
    with pytest.raises(WorkflowError, match="점수"):
        services.screening_record(
            application=app,
            actor=reviewer,
            points=points(9),
            recommended_amount_krw=1000 * MAN,
            comment="양호",
        )
    with pytest.raises(WorkflowError, match="신청 금액"):
        services.screening_record(
            application=app,
            actor=reviewer,
            points=points(),
            recommended_amount_krw=app.amount_krw + 1,
            comment="양호",
        )
    screening = services.screening_record(
        application=app,
        actor=reviewer,
        points=points(4),
        recommended_amount_krw=4000 * MAN,
        comment="양호",
    )
    assert screening.score == 80
    assert len(screening.factor_scores) == ScorecardFactor.objects.filter(is_active=True).count()


def test_sending_for_approval_needs_a_screening(applicant, reviewer, program):
    app = make_application(applicant=applicant, program=program)
    verify_credit(app, reviewer)
    services.application_verify_documents(application=app, actor=reviewer)
    with pytest.raises(WorkflowError, match="심사표"):
        services.application_send_for_approval(application=app, actor=reviewer)


# --- approval: four eyes, authority, limits ------------------------------------------------


def test_a_branch_manager_approves_within_authority(applicant, reviewer, branch_manager, program):
    app = screen(make_application(applicant=applicant, program=program), reviewer)

    services.application_approve(application=app, actor=branch_manager)

    app.refresh_from_db()
    program.refresh_from_db()
    assert app.status == S.APPROVED
    assert app.approved_amount_krw == 5000 * MAN
    assert program.committed_krw == 5000 * MAN
    approval = ReviewApproval.objects.get(application=app)
    assert approval.approver == branch_manager and approval.authority.max_amount_krw == EOK


def test_it_rejects_an_approval_by_the_person_who_screened(applicant, branch_manager, program):
    app = screen(make_application(applicant=applicant, program=program), branch_manager)
    with pytest.raises(services.ReviewPermissionError, match="심사한 사람"):
        services.application_approve(application=app, actor=branch_manager)
    program.refresh_from_db()
    assert program.committed_krw == 0


def test_nobody_approves_twice(applicant, reviewer, branch_manager, program):
    app = screen(make_application(applicant=applicant, program=program), reviewer)
    services.application_approve(application=app, actor=branch_manager)
    with pytest.raises(WorkflowError, match="승인 대기"):
        services.application_approve(application=app, actor=branch_manager)
    program.refresh_from_db()
    assert program.committed_krw == 5000 * MAN


def test_nobody_approves_twice_even_after_an_audit_objection(
    applicant, reviewer, hq_sales, hq_sales_2, auditor, program
):
    app = screen(
        make_application(applicant=applicant, program=program, amount_krw=2 * EOK), reviewer
    )
    services.application_approve(application=app, actor=hq_sales)
    services.pre_audit_decide(
        application=app, actor=auditor, outcome="objected", reason="담보 여력 재확인 필요"
    )
    with pytest.raises(services.ReviewPermissionError, match="이미"):
        services.application_approve(application=app, actor=hq_sales)
    services.application_approve(application=app, actor=hq_sales_2)
    app.refresh_from_db()
    assert app.status == S.PRE_AUDIT


def test_a_reviewer_cannot_approve(applicant, reviewer, second_reviewer, program):
    app = screen(make_application(applicant=applicant, program=program), reviewer)
    with pytest.raises(services.ReviewPermissionError):
        services.application_approve(application=app, actor=second_reviewer)


def test_a_manager_of_another_branch_cannot_approve(
    applicant, reviewer, other_branch_manager, program
):
    app = screen(make_application(applicant=applicant, program=program), reviewer)
    with pytest.raises(services.ReviewPermissionError, match="다른 지점"):
        services.application_approve(application=app, actor=other_branch_manager)


def test_it_rejects_an_approval_over_the_branch_managers_authority(
    applicant, reviewer, branch_manager, program
):
    app = screen(
        make_application(applicant=applicant, program=program, amount_krw=15000 * MAN), reviewer
    )
    with pytest.raises(services.ReviewPermissionError, match="전결 한도"):
        services.application_approve(application=app, actor=branch_manager)
    program.refresh_from_db()
    assert program.committed_krw == 0


def test_authority_is_data(applicant, reviewer, branch_manager, program):
    from guarantees.models import ApprovalAuthority

    ApprovalAuthority.objects.filter(role="branch_manager").update(max_amount_krw=20000 * MAN)
    ReviewPolicy.objects.update(pre_audit_threshold_krw=3 * EOK)
    app = screen(
        make_application(applicant=applicant, program=program, amount_krw=15000 * MAN), reviewer
    )
    services.application_approve(application=app, actor=branch_manager)
    app.refresh_from_db()
    assert app.status == S.APPROVED


def _committee(size=5, members=5):
    committee = Committee.objects.create(
        code=f"GRC{size}{members}",
        name="보증심사위원회",
        legal_basis="규정",
        chair_title="영업본부장",
        function="보증 심사",
        size=size,
        external_members=3,
    )
    people = [
        CommitteeMember.objects.create(committee=committee, name=f"위원{i}", position="외부")
        for i in range(members)
    ]
    return committee, people


def test_above_hq_authority_a_committee_decision_with_quorum_is_needed(
    applicant, reviewer, hq_sales, program
):
    app = screen(
        make_application(applicant=applicant, program=program, amount_krw=4 * EOK), reviewer
    )
    with pytest.raises(services.ReviewPermissionError, match="위원회"):
        services.application_approve(application=app, actor=hq_sales)

    committee, people = _committee()
    with pytest.raises(WorkflowError, match="과반"):
        services.committee_decision_record(
            application=app,
            actor=hq_sales,
            committee=committee,
            members_present=people[:2],
            held_on=dt.date(2026, 11, 20),
            approved=True,
            amount_krw=4 * EOK,
            minutes="원안 가결",
        )
    decision = services.committee_decision_record(
        application=app,
        actor=hq_sales,
        committee=committee,
        members_present=people[:3],
        held_on=dt.date(2026, 11, 20),
        approved=True,
        amount_krw=4 * EOK,
        minutes="원안 가결",
    )
    assert decision.members_present.count() == 3

    services.application_approve(application=app, actor=hq_sales)
    app.refresh_from_db()
    assert app.status == S.PRE_AUDIT  # 4억 > 1억: the audit office decides
    assert ReviewApproval.objects.get(application=app).committee_decision == decision


def test_a_rejected_committee_decision_does_not_allow_approval(
    applicant, reviewer, hq_sales, program
):
    app = screen(
        make_application(applicant=applicant, program=program, amount_krw=4 * EOK), reviewer
    )
    committee, people = _committee()
    services.committee_decision_record(
        application=app,
        actor=hq_sales,
        committee=committee,
        members_present=people,
        held_on=dt.date(2026, 11, 20),
        approved=False,
        amount_krw=4 * EOK,
        minutes="부결",
    )
    with pytest.raises(services.ReviewPermissionError, match="위원회"):
        services.application_approve(application=app, actor=hq_sales)


@pytest.mark.parametrize("status", [S.EXPIRED, S.WITHDRAWN, S.REJECTED, S.ISSUED, S.APPROVED])
def test_it_refuses_to_approve_a_closed_or_decided_application(
    applicant, branch_manager, program, status
):
    app = make_application(applicant=applicant, program=program, status=status)
    with pytest.raises(WorkflowError, match="승인 대기"):
        services.application_approve(application=app, actor=branch_manager, amount_krw=1000 * MAN)
    program.refresh_from_db()
    assert program.committed_krw == 0


def test_it_refuses_an_approval_beyond_the_programmes_capacity(applicant, reviewer, branch_manager):
    program = ProgramFactory(
        funding_krw=0, capacity_override_krw=8000 * MAN, committed_krw=4000 * MAN
    )
    app = screen(make_application(applicant=applicant, program=program), reviewer)  # 5천만원
    with pytest.raises(WorkflowError, match="남은 보증 한도"):
        services.application_approve(application=app, actor=branch_manager)
    program.refresh_from_db()
    app.refresh_from_db()
    assert program.committed_krw == 4000 * MAN
    assert app.status == S.AWAITING_APPROVAL
    assert not ReviewApproval.objects.filter(application=app).exists()


def test_it_refuses_an_approval_beyond_the_business_limit(
    applicant, reviewer, branch_manager, second_reviewer
):
    program = ProgramFactory(per_business_limit_krw=8000 * MAN)
    business = BusinessFactory(owner=applicant)
    first = make_application(applicant=applicant, program=program, business=business)
    screen(first, reviewer)
    services.application_approve(application=first, actor=branch_manager)
    second = screen(
        make_application(applicant=applicant, program=program, business=business), second_reviewer
    )
    with pytest.raises(WorkflowError, match="업체당 한도"):
        services.application_approve(application=second, actor=branch_manager)
    # A smaller amount that fits is fine.
    services.application_approve(application=second, actor=branch_manager, amount_krw=3000 * MAN)
    second.refresh_from_db()
    assert second.status == S.APPROVED


def test_it_refuses_an_approval_of_an_ineligible_business(applicant, reviewer, branch_manager):
    from programs.models import EligibilityRule

    program = ProgramFactory()
    EligibilityRule.objects.create(
        program=program,
        field="credit_score",
        operator="gte",
        value="800",
        explanation="신용점수 800점 이상",
    )
    app = screen(make_application(applicant=applicant, program=program), reviewer)
    with pytest.raises(WorkflowError, match="지원 자격"):
        services.application_approve(application=app, actor=branch_manager)


def test_it_refuses_an_approval_above_the_applied_amount(
    applicant, reviewer, branch_manager, program
):
    app = screen(make_application(applicant=applicant, program=program), reviewer)
    with pytest.raises(WorkflowError, match="신청 금액"):
        services.application_approve(
            application=app, actor=branch_manager, amount_krw=app.amount_krw + MAN
        )


# --- reject, refer back --------------------------------------------------------------------


def test_a_rejection_needs_a_reason(applicant, reviewer, branch_manager, program):
    app = screen(make_application(applicant=applicant, program=program), reviewer)
    with pytest.raises(WorkflowError, match="거절 사유"):
        services.application_reject(application=app, actor=branch_manager, reason=" ")
    services.application_reject(application=app, actor=branch_manager, reason="상환 능력 부족")
    app.refresh_from_db()
    assert app.status == S.REJECTED
    assert app.events.last().reason == "상환 능력 부족"


def test_refer_back_returns_one_step_with_a_reason(applicant, reviewer, branch_manager, program):
    app = screen(make_application(applicant=applicant, program=program), reviewer)
    with pytest.raises(WorkflowError):
        services.application_refer_back(application=app, actor=branch_manager, reason="")
    services.application_refer_back(application=app, actor=branch_manager, reason="매출 재확인")
    app.refresh_from_db()
    assert app.status == S.SCREENING
    # Back in screening, the old screening no longer counts: a new one is needed.
    with pytest.raises(WorkflowError, match="심사표"):
        services.application_send_for_approval(application=app, actor=reviewer)


def test_refer_back_is_refused_where_there_is_no_previous_step(applicant, reviewer, program):
    app = make_application(applicant=applicant, program=program)
    with pytest.raises(WorkflowError):
        services.application_refer_back(application=app, actor=reviewer, reason="왜")


# --- pre-audit -------------------------------------------------------------------------------


def test_above_the_threshold_an_approval_waits_for_the_audit_office(
    applicant, reviewer, hq_sales, auditor, program
):
    app = screen(
        make_application(applicant=applicant, program=program, amount_krw=2 * EOK), reviewer
    )
    services.application_approve(application=app, actor=hq_sales)
    app.refresh_from_db()
    program.refresh_from_db()
    assert app.status == S.PRE_AUDIT
    assert program.committed_krw == 2 * EOK  # reserved while the audit office decides

    with pytest.raises(services.ReviewPermissionError):
        services.pre_audit_decide(application=app, actor=hq_sales, outcome="cleared")
    services.pre_audit_decide(application=app, actor=auditor, outcome="cleared")
    app.refresh_from_db()
    assert app.status == S.APPROVED


def test_an_objection_needs_a_reason_and_releases_the_capacity(
    applicant, reviewer, hq_sales, auditor, program
):
    app = screen(
        make_application(applicant=applicant, program=program, amount_krw=2 * EOK), reviewer
    )
    services.application_approve(application=app, actor=hq_sales)
    with pytest.raises(WorkflowError, match="이의 사유"):
        services.pre_audit_decide(application=app, actor=auditor, outcome="objected", reason="")
    services.pre_audit_decide(application=app, actor=auditor, outcome="objected", reason="재검토")
    app.refresh_from_db()
    program.refresh_from_db()
    assert app.status == S.AWAITING_APPROVAL
    assert app.approved_amount_krw is None
    assert program.committed_krw == 0
    assert ReviewApproval.objects.get(application=app).superseded_at is not None


def test_the_threshold_is_data(applicant, reviewer, branch_manager, program):
    ReviewPolicy.objects.update(pre_audit_threshold_krw=3000 * MAN)
    app = screen(make_application(applicant=applicant, program=program), reviewer)  # 5천만원
    services.application_approve(application=app, actor=branch_manager)
    app.refresh_from_db()
    assert app.status == S.PRE_AUDIT


def test_a_rejection_during_pre_audit_releases_the_capacity(applicant, reviewer, hq_sales, program):
    app = screen(
        make_application(applicant=applicant, program=program, amount_krw=2 * EOK), reviewer
    )
    services.application_approve(application=app, actor=hq_sales)
    services.application_reject(application=app, actor=hq_sales, reason="중복 신청 확인")
    program.refresh_from_db()
    assert program.committed_krw == 0


# --- expiry ----------------------------------------------------------------------------------


def _approve(applicant, reviewer, branch_manager, program, **kw):
    app = screen(make_application(applicant=applicant, program=program, **kw), reviewer)
    services.application_approve(application=app, actor=branch_manager)
    app.refresh_from_db()
    return app


def test_an_unsigned_approval_expires_after_the_deadline_and_frees_capacity(
    applicant, reviewer, branch_manager, program
):
    app = _approve(applicant, reviewer, branch_manager, program)
    today = timezone.localdate()
    assert services.applications_expire_unsigned(on=today + dt.timedelta(days=30)) == 0
    assert services.applications_expire_unsigned(on=today + dt.timedelta(days=31)) == 1
    app.refresh_from_db()
    program.refresh_from_db()
    assert app.status == S.EXPIRED
    assert program.committed_krw == 0
    # Safe to run twice.
    assert services.applications_expire_unsigned(on=today + dt.timedelta(days=31)) == 0
    program.refresh_from_db()
    assert program.committed_krw == 0


def test_the_signing_deadline_is_the_programmes(applicant, reviewer, branch_manager):
    program = ProgramFactory(signing_deadline_days=7)
    app = _approve(applicant, reviewer, branch_manager, program)
    assert services.signing_deadline(app) == timezone.localdate() + dt.timedelta(days=7)
    assert services.applications_expire_unsigned(on=timezone.localdate() + dt.timedelta(8)) == 1


def test_the_expiry_task_runs_the_service(applicant, reviewer, branch_manager, program):
    from guarantees.review.tasks import expire_unsigned

    _approve(applicant, reviewer, branch_manager, program)
    assert expire_unsigned.apply().get() == 0


# --- issuance --------------------------------------------------------------------------------


def _sign(app, applicant):
    """The applicant's electronic agreement (issue #3's service) stood in for by the workflow."""
    from django.db import transaction

    from guarantees.models import Application
    from guarantees.workflow import transition

    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=app.pk)
        transition(application=locked, action="sign_agreement", actor=applicant)
    app.refresh_from_db()
    return app


def test_issuing_creates_the_guarantee_fees_and_exposure_in_one_go(
    applicant, reviewer, branch_manager, program
):
    app = _sign(_approve(applicant, reviewer, branch_manager, program), applicant)
    with pytest.raises(WorkflowError):
        services.guarantee_issue(application=app, actor=applicant)

    guarantee = services.guarantee_issue(application=app, actor=reviewer)

    app.refresh_from_db()
    assert app.status == S.ISSUED
    assert guarantee.guarantee_no.startswith(f"ICGF-G{timezone.localdate():%Y}-")
    assert guarantee.guaranteed_amount_krw == 5000 * MAN
    assert guarantee.loan_amount_krw == 5000 * MAN  # ratio 100%
    assert guarantee.matures_on == services.add_months(guarantee.issued_on, 60)
    fees = list(guarantee.fee_instalments.all())
    assert [f.amount_krw for f in fees] == [2_500_000]  # 5천만원 × 1% × 5년, up front
    assert ledger.outstanding_exposure(timezone.localdate()) == 5000 * MAN
    assert (
        ledger.outstanding_exposure(timezone.localdate(), guarantee_id=guarantee.pk) == 5000 * MAN
    )
    assert ledger.balance(accounts=[chart.EXPOSURE_CONTRA], at=timezone.localdate()) == -5000 * MAN
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the journal balances

    with pytest.raises(WorkflowError, match="약정이 완료된"):
        services.guarantee_issue(application=app, actor=reviewer)
    assert Guarantee.objects.count() == 1


def test_annual_fees_are_one_instalment_per_year_and_the_loan_follows_the_ratio(
    applicant, reviewer, branch_manager
):
    from decimal import Decimal

    program = ProgramFactory(
        fee_payment=FeePayment.ANNUAL,
        term_months=30,
        grace_months=6,
        guarantee_ratio_pct=Decimal("85"),
        fee_rate_pct=Decimal("0.8"),
    )
    app = _sign(_approve(applicant, reviewer, branch_manager, program), applicant)
    guarantee = services.guarantee_issue(application=app, actor=reviewer)
    fees = list(guarantee.fee_instalments.all())
    assert [f.amount_krw for f in fees] == [400_000, 400_000, 200_000]
    assert fees[1].due_on == services.add_months(guarantee.issued_on, 12)
    assert guarantee.loan_amount_krw == 58_823_529  # 5천만원 ÷ 85%, rounded down


def test_issuing_before_signing_is_refused(applicant, reviewer, branch_manager, program):
    app = _approve(applicant, reviewer, branch_manager, program)
    with pytest.raises(WorkflowError, match="약정"):
        services.guarantee_issue(application=app, actor=reviewer)


def test_guarantee_numbers_come_from_a_sequence(applicant, reviewer, branch_manager):
    numbers = []
    for _ in range(2):
        program = ProgramFactory()
        app = _sign(_approve(applicant, reviewer, branch_manager, program), applicant)
        numbers.append(services.guarantee_issue(application=app, actor=reviewer).guarantee_no)
    first, second = (int(n.rsplit("-", 1)[1]) for n in numbers)
    assert second == first + 1


def test_the_issue_task_is_safe_to_run_twice(applicant, reviewer, branch_manager, program):
    from guarantees.review.tasks import issue_guarantee

    app = _sign(_approve(applicant, reviewer, branch_manager, program), applicant)
    number = issue_guarantee.apply(args=[app.pk]).get()
    assert number and issue_guarantee.apply(args=[app.pk]).get() is None
    assert Guarantee.objects.filter(application=app).count() == 1


# --- history and notifications ---------------------------------------------------------------


def test_every_transition_writes_an_event_and_notifies_the_applicant(
    applicant,
    reviewer,
    branch_manager,
    program,
    notifications,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.SITE_URL = "https://portal.example/"
    applicant.mobile = "010-1234-5678"
    applicant.save()
    app = make_application(applicant=applicant, program=program)
    with django_capture_on_commit_callbacks(execute=True):
        screen(app, reviewer)
        services.application_approve(application=app, actor=branch_manager)

    events = list(app.events.order_by("id"))
    assert [(e.from_status, e.to_status) for e in events[1:]] == [
        (S.SUBMITTED, S.DOCS_VERIFIED),
        (S.DOCS_VERIFIED, S.SCREENING),
        (S.SCREENING, S.AWAITING_APPROVAL),
        (S.AWAITING_APPROVAL, S.APPROVED),
    ]
    assert all(e.created_at for e in events)
    assert events[-1].actor == branch_manager
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].to == [applicant.email]
    assert "승인되었습니다" in mail.outbox[-1].body
    # A link a mail client can open, from the configured site address (issue 19, row 11).
    assert f"https://portal.example/guarantees/apply/{app.pk}/" in mail.outbox[-1].body
    assert len(notifications) == 4
    assert notifications[-1][0] == "010-1234-5678"


def test_pghistory_records_status_changes(applicant, reviewer, program):
    from guarantees.models import ApplicationStatusHistory

    app = make_application(applicant=applicant, program=program)
    verify_credit(app, reviewer)
    services.application_verify_documents(application=app, actor=reviewer)
    statuses = list(
        ApplicationStatusHistory.objects.filter(pgh_obj=app)
        .order_by("pgh_id")
        .values_list("status", flat=True)
    )
    assert statuses == [S.DOCS_VERIFIED, S.SCREENING]
    # pghistory's context names who acted.
    from guarantees.review.selectors import status_history

    assert [row["user"] for row in status_history(app)] == [reviewer, reviewer]


def test_a_failing_notification_backend_does_not_break_the_transition(
    applicant, reviewer, program, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_BACKEND = "no.such.Backend"
    applicant.mobile = "010-0000-0000"
    applicant.save()
    app = make_application(applicant=applicant, program=program)
    verify_credit(app, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_verify_documents(application=app, actor=reviewer)
    app.refresh_from_db()
    assert app.status == S.SCREENING


def test_the_file_backend_appends_a_line(tmp_path, settings):
    from guarantees.review.notifications import FileBackend

    settings.NOTIFICATION_FILE_PATH = tmp_path / "sms.log"
    FileBackend().send(to="010-1111-2222", text="보증서가 발급되었습니다.")
    assert "010-1111-2222\t보증서가 발급되었습니다." in (tmp_path / "sms.log").read_text()


def test_notifications_can_go_through_celery_after_commit(
    applicant, reviewer, program, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from guarantees.review import tasks

    settings.NOTIFICATIONS_VIA_CELERY = True
    queued = []
    monkeypatch.setattr(
        tasks.notify_status_change, "delay", lambda event_id: queued.append(event_id)
    )
    app = make_application(applicant=applicant, program=program)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_verify_documents(application=app, actor=reviewer)
    assert queued == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert queued == list(app.events.exclude(action="submit").values_list("pk", flat=True))
