"""Every URL × every persona: the status each one gets, for GET and POST.

The table below is the access policy of the portal. `test_every_url_is_in_the_matrix` walks
the URL resolver, so a new URL that nobody put in the table fails the suite. At the end of the
run, tests/conftest.py's terminal summary prints how many URL × persona cases were checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "applicant",
    "other_applicant",
    "reviewer",
    "other_branch_reviewer",
    "branch_manager",
    "hq_sales",
    "auditor",
    "strategy",
    "counsellor",
    "executive",
    "sysadmin",
    "bank_officer",  # IBK기업은행, the world's bank
    "other_bank_officer",  # 신한은행: the world's guarantee does not exist for them
    "contributor_officer",
]
BANKERS = {"bank_officer", "other_bank_officer"}
STAFF = set(PERSONAS) - {"anonymous", "applicant", "other_applicant"} - BANKERS
EVERYONE = set(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}


@dataclass(frozen=True)
class Rule:
    """The access policy of one URL.

    - access is settled first, for every method: anonymous visitors go to the login page
      (302); other signed-in personas get 403; `hidden` personas have the role but not the
      object (another applicant, another branch) and get 404, so that they cannot even learn
      the object exists; for `missing` objects the allowed personas get 404 too;
    - then the method: `allowed` personas succeed — GET answers `get_status` (any status
      below 400 when None: object pages redirect by state), POST answers anything but
      403/404/405/5xx (a form error or a refused transition is a success of the access
      check) — and a POST-only view answers their GET with 405 (accounts.permissions.post_only);
    - a GET-only view (require_GET) answers POST with 405 to everyone: it changes nothing and
      reveals nothing;
    - `public` pages answer everyone (`signed_in_status` when signed-in users are redirected).
    """

    allowed: frozenset[str]
    public: bool = False
    get_status: int | None = 200
    signed_in_status: int | None = None
    methods: frozenset[str] = field(default_factory=lambda: frozenset({"GET"}))
    hidden: frozenset[str] = frozenset()
    missing: bool = False  # the URL names a row that does not exist: the allowed get 404


GET, POST, BOTH = frozenset({"GET"}), frozenset({"POST"}), frozenset({"GET", "POST"})


def rule(allowed, **kwargs) -> Rule:
    if "hidden" in kwargs:
        kwargs["hidden"] = frozenset(kwargs["hidden"])
    return Rule(frozenset(allowed), **kwargs)


OWNER = {"applicant"}  # owns the issued application of the `world` fixture
BRANCH = {"reviewer", "branch_manager"}  # 남동지점, the application's branch
READERS = BRANCH | {"hq_sales", "auditor"}  # HQ and the audit office read every branch
BOOK_WRITERS = {"reviewer", "other_branch_reviewer", "branch_manager", "hq_sales", "strategy"}
BOOK_READERS = BOOK_WRITERS | {"auditor"}
REPORTERS = {"strategy", "executive", "auditor"}


def owned(methods=GET) -> Rule:
    """An applicant's own object: another applicant gets 404, staff 403."""
    return rule(OWNER, hidden={"other_applicant"}, get_status=None, methods=methods)


def branch_object(allowed, methods=POST) -> Rule:
    """A 남동 application's staff page or action: the other branch's reviewer gets 404 where
    a reviewer may act at all (elsewhere the role check answers 403 first)."""
    hidden = {"other_branch_reviewer"} if "reviewer" in allowed else set()
    return rule(allowed, hidden=hidden, get_status=None, methods=methods)


MATRIX: dict[str, Rule] = {
    "root": rule(EVERYONE, public=True, get_status=302, methods=BOTH),
    "favicon": rule(EVERYONE, public=True, get_status=301, methods=BOTH),
    # The foundation's logo in the page header (issue 17): public; the world has none (404).
    "foundation_logo": rule(EVERYONE, public=True, get_status=404),
    "accounts:login": rule(
        EVERYONE, public=True, signed_in_status=302, methods=frozenset({"GET", "POST"})
    ),
    "accounts:logout": rule(EVERYONE, public=True, get_status=405, methods=frozenset({"POST"})),
    "accounts:home": rule(SIGNED_IN, get_status=302),
    "accounts:no_role": rule(set()),
    "accounts:access_log": rule({"auditor"}),  # 감사실 only (issue 8)
    "bank_api_calls": rule({"auditor"}),  # 은행 API 호출 기록: 감사실 only (issue 12)
    "accounts:access_log_csv": rule({"auditor"}),
    "accounts:access_log_xlsx": rule({"auditor"}),
    "programs:catalogue": rule(EVERYONE, public=True),
    "programs:detail": rule(EVERYONE, public=True),
    "guarantees:my_applications": rule({"applicant", "other_applicant"}),
    "guarantees:branch_queue": rule({"reviewer", "other_branch_reviewer", "branch_manager"}),
    "guarantees:hq_queue": rule({"hq_sales"}),
    "guarantees:audit_queue": rule({"auditor"}),
    "guarantees:consultations": rule({"counsellor"}),
    # The bank desk (issue #12): a bank's officers, their own bank's guarantees only.
    "guarantees:bank_desk:guarantees": rule(BANKERS),
    "guarantees:bank_desk:guarantees_xlsx": rule(BANKERS),
    "guarantees:bank_desk:guarantee": rule({"bank_officer"}, hidden={"other_bank_officer"}),
    "guarantees:bank_desk:loan_execution": rule(
        {"bank_officer"}, hidden={"other_bank_officer"}, get_status=None, methods=POST
    ),
    "guarantees:bank_desk:monthly_upload": rule(BANKERS, get_status=None, methods=BOTH),
    "guarantees:bank_desk:monthly_differences_xlsx": rule(BANKERS, missing=True),
    "guarantees:bank_desk:repayment": rule(
        {"bank_officer"}, hidden={"other_bank_officer"}, get_status=None, methods=POST
    ),
    "guarantees:bank_desk:maturity_settlement": rule(
        {"bank_officer"}, hidden={"other_bank_officer"}, get_status=None, methods=POST
    ),
    "guarantees:bank_desk:default": rule(
        {"bank_officer"}, hidden={"other_bank_officer"}, get_status=None, methods=POST
    ),
    "guarantees:bank_desk:subrogation_claim": rule(
        {"bank_officer"}, hidden={"other_bank_officer"}, get_status=None, methods=POST
    ),
    "guarantees:bank_desk:claims": rule(BANKERS),
    "guarantees:bank_desk:overdue": rule(BANKERS),  # 기한경과: each bank its own rows
    "guarantees:bank_desk:overdue_csv": rule(BANKERS),
    "guarantees:bank_desk:overdue_xlsx": rule(BANKERS),
    "ledger:dashboard": rule({"strategy", "executive", "auditor", "hq_sales"}),
    # The foundation's own org chart: not for partner banks or contributing cities.
    "branches:organisation": rule(STAFF - {"contributor_officer"}),
    # Sign-up and e-mail verification (issue #3).
    "accounts:signup": rule(EVERYONE, public=True, get_status=None, methods=BOTH),
    "accounts:verify_email": rule(EVERYONE, public=True, get_status=400),  # a forged token
    "accounts:resend_verification": rule(SIGNED_IN, methods=POST),
    # 비밀번호 찾기 and the sign-up answer (issue 18 row 9).
    "accounts:signup_sent": rule(EVERYONE, public=True),
    "accounts:password_reset": rule(EVERYONE, public=True, methods=BOTH),
    "accounts:password_reset_done": rule(EVERYONE, public=True),
    "accounts:password_reset_confirm": rule(EVERYONE, public=True, methods=BOTH),  # bad link
    "accounts:password_reset_complete": rule(EVERYONE, public=True),
    # The applicant journey (issue #3).
    "guarantees:applicant:home": rule(OWNER | {"other_applicant"}),
    "guarantees:applicant:profile": rule(OWNER | {"other_applicant"}, methods=BOTH),
    "guarantees:applicant:start": rule(OWNER | {"other_applicant"}, get_status=None, methods=POST),
    "guarantees:applicant:edit": owned(BOTH),
    "guarantees:applicant:autosave": owned(POST),
    "guarantees:applicant:done": owned(),
    "guarantees:applicant:status": owned(),
    "guarantees:applicant:answer_supplement": owned(POST),
    "guarantees:applicant:withdraw": owned(BOTH),
    "guarantees:applicant:agreement": owned(BOTH),
    "guarantees:applicant:certificate": owned(),
    "guarantees:applicant:document": owned(),
    "guarantees:applicant:verify": rule(EVERYONE, public=True),
    # The staff workflow (issue #4).
    "guarantees:review:application": branch_object(READERS, GET),
    "guarantees:review:history": branch_object(READERS, GET),
    # 변경 이력 beside each thing (issue 15): whoever may see the thing, scoped the same way.
    "guarantees:review:business_history": branch_object(READERS, GET),
    "guarantees:review_criteria": rule(READERS | {"other_branch_reviewer"}),
    "guarantees:review_criteria_history": rule(READERS | {"other_branch_reviewer"}),
    "programs:history": rule(STAFF - {"contributor_officer"}),
    "ledger:threshold_history": rule({"strategy", "executive", "auditor", "hq_sales"}),
    "reports:register_history": rule(REPORTERS, missing=True),
    "reports:register_kind_history": rule(REPORTERS),
    "guarantees:review:document": branch_object(READERS, GET),
    "guarantees:review:verify": branch_object(BRANCH),
    "guarantees:review:credit": branch_object(BRANCH),
    "guarantees:review:credit_report": branch_object(READERS, GET),
    "guarantees:review:survey_decide": branch_object(BRANCH),
    "guarantees:review:survey_skip": branch_object(BRANCH),
    "guarantees:review:supplement": branch_object(BRANCH),
    "guarantees:review:survey_start": branch_object(BRANCH),
    "guarantees:review:survey_reschedule": branch_object(BRANCH),
    "guarantees:review:survey": branch_object(BRANCH),
    "guarantees:review:screen": branch_object(BRANCH),
    "guarantees:review:send": branch_object(BRANCH),
    "guarantees:review:decide": branch_object({"branch_manager", "hq_sales"}),
    "guarantees:review:reject": branch_object(BRANCH | {"hq_sales"}),
    "guarantees:review:refer_back": branch_object(BRANCH | {"hq_sales"}),
    "guarantees:review:committee": branch_object({"hq_sales"}),
    "guarantees:review:pre_audit": branch_object({"auditor"}),
    "guarantees:review:issue": branch_object(BRANCH),
    "guarantees:review:monitoring": rule({"auditor"}),
    "guarantees:review:monitoring_csv": rule({"auditor"}),
    "guarantees:review:monitoring_xlsx": rule({"auditor"}),
    # The guarantee book (issue #5); ids that do not exist answer 404 to any method.
    "ledger:snapshot_now": rule({"strategy", "executive", "hq_sales"}, methods=POST),
    "ledger:loss_close": rule({"strategy"}, methods=POST),
    "guarantees:book_home": rule(BOOK_READERS),
    "guarantees:book_guarantee": rule(
        BOOK_READERS - {"other_branch_reviewer"}, hidden={"other_branch_reviewer"}, get_status=None
    ),
    "guarantees:book_guarantee_events_xlsx": rule(
        BOOK_READERS - {"other_branch_reviewer"}, hidden={"other_branch_reviewer"}
    ),
    "guarantees:book_request": rule(
        BOOK_WRITERS - {"other_branch_reviewer"},
        hidden={"other_branch_reviewer"},
        methods=POST,
    ),
    "guarantees:book_decide": rule(BOOK_WRITERS, methods=POST, missing=True),
    "guarantees:book_claim_grade": rule(
        {"hq_sales", "strategy", "branch_manager"}, methods=POST, missing=True
    ),
    "guarantees:book_fee_pay": rule(BOOK_WRITERS, methods=POST, missing=True),
    "guarantees:book_subsidy": rule({"hq_sales", "strategy", "executive", "auditor"}),
    # What banks reported that waits for a staff decision (issue 12): the book's deciders.
    "guarantees:bank_staff:decisions": rule(BOOK_WRITERS),
    "guarantees:bank_staff:decisions_xlsx": rule(BOOK_WRITERS),
    "guarantees:bank_staff:claim_review": rule(BOOK_WRITERS, methods=POST, missing=True),
    "guarantees:bank_staff:claim_decide": rule(BOOK_WRITERS, methods=POST, missing=True),
    "guarantees:bank_staff:claim_reject": rule(BOOK_WRITERS, methods=POST, missing=True),
    "guarantees:bank_staff:difference_resolve": rule(BOOK_WRITERS, methods=POST, missing=True),
    # 기한경과 (issue 12): branch staff their branch's rows, HQ and the audit office all.
    "guarantees:overdue": rule(BOOK_READERS),
    "guarantees:overdue_csv": rule(BOOK_READERS),
    "guarantees:overdue_xlsx": rule(BOOK_READERS),
    "guarantees:overdue_decide": rule(BOOK_WRITERS, methods=POST, missing=True),
    # 이차보전 청구 (issue 13 part 3): prepared and decided by 전략기획부/영업본부 (four eyes)
    "guarantees:book_subsidy_claims": rule({"hq_sales", "strategy", "executive", "auditor"}),
    "guarantees:book_subsidy_claim_prepare": rule({"hq_sales", "strategy"}, methods=POST),
    "guarantees:book_subsidy_claim": rule(
        {"hq_sales", "strategy", "executive", "auditor"}, missing=True
    ),
    "guarantees:book_subsidy_claim_decide": rule(
        {"hq_sales", "strategy"}, methods=POST, missing=True
    ),
    "guarantees:book_subsidy_claim_pay": rule({"strategy"}, methods=POST, missing=True),
    # 위험 모의실험 (issue 14): strategy and the executives.
    "guarantees:stress_home": rule({"strategy", "executive"}),
    "guarantees:stress_ask": rule({"strategy", "executive"}, methods=POST),
    "guarantees:stress_run": rule({"strategy", "executive"}, missing=True),
    # The council report, registers, pledges and consultations (issue #6).
    "reports:council": rule(REPORTERS),
    "reports:council_request": rule(REPORTERS, methods=POST),
    "reports:run": rule(REPORTERS, missing=True),
    "reports:download": rule(REPORTERS, missing=True),
    "reports:tables_xlsx": rule(REPORTERS),
    "reports:pledges": rule(REPORTERS | {"counsellor", "hq_sales"}),
    "reports:pledges_xlsx": rule(REPORTERS | {"counsellor", "hq_sales"}),
    "reports:registers": rule(REPORTERS),
    "reports:registers_xlsx": rule(REPORTERS),
    "reports:finding_edit": rule({"strategy", "auditor"}, methods=BOTH, missing=True),
    "reports:register_add": rule({"strategy"}, methods=BOTH),
    "reports:register_edit": rule({"strategy"}, methods=BOTH, missing=True),
    "guarantees:consultation_new": rule({"counsellor"}, methods=BOTH),
    # The contributors' side (issue 13): a city's or district's officer, its programmes only.
    "guarantees:contributor_home": rule({"contributor_officer"}),
    "guarantees:contributor_pledge_csv": rule({"contributor_officer"}, missing=True),
    "guarantees:contributor_pledge_xlsx": rule({"contributor_officer"}, missing=True),
    "guarantees:contributor_claims": rule({"contributor_officer"}),
    "guarantees:contributor_claim": rule({"contributor_officer"}, missing=True),
    "guarantees:contributor_claim_pay": rule({"contributor_officer"}, methods=POST, missing=True),
    # 공고·심의 (issue 13 part 4): the committee secretary is the contributor's officer.
    "guarantees:rounds": rule({"contributor_officer"}, methods=BOTH),
    "guarantees:round": rule({"contributor_officer"}, methods=BOTH),
    "guarantees:round_minutes": rule({"contributor_officer"}),
    # 디딤돌센터 courses (issue 13 part 5): counsellors run them, applicants see their own.
    "courses:list": rule({"counsellor"}, methods=BOTH),
    "courses:detail": rule({"counsellor"}, methods=BOTH),
    "courses:mine": rule({"applicant", "other_applicant"}),
    "courses:certificate": rule({"applicant", "other_applicant"}, missing=True),
    # Staff two-factor authentication (issue #8): a verified session, or anyone without a
    # second factor (applicants), is sent on (302); backup codes are staff-only.
    "accounts:otp_verify": rule(SIGNED_IN, get_status=302, methods=BOTH),
    "accounts:otp_setup": rule(SIGNED_IN, get_status=302, methods=BOTH),
    "accounts:otp_backup_codes": rule(STAFF | BANKERS, methods=BOTH),  # every second-factor user
}

# The pages a staff session that gave its password but not yet its code may open: the way
# through the second factor. Every other URL sends it to the code page.
SECOND_FACTOR_PATH = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp_verify",
    "accounts:otp_setup",
}

# URL arguments: the `world` fixture's objects, by kind.
ARGUMENTS: dict[str, str] = {
    "programs:detail": "program_code",
    "programs:history": "program_code",
    "guarantees:review_criteria_history": "criteria_kind",
    "reports:register_history": "missing_register_row",
    "reports:register_kind_history": "register_kind",
    "guarantees:book_guarantee": "guarantee",
    "guarantees:book_guarantee_events_xlsx": "guarantee",
    "guarantees:book_request": "guarantee",
    "guarantees:book_decide": "missing_request",
    "guarantees:book_claim_grade": "missing_claim",
    "guarantees:book_fee_pay": "missing_instalment",
    "guarantees:bank_staff:claim_review": "missing_claim",
    "guarantees:bank_staff:claim_decide": "missing_claim",
    "guarantees:bank_staff:claim_reject": "missing_claim",
    "guarantees:bank_staff:difference_resolve": "missing_difference",
    "guarantees:overdue_decide": "missing_overdue",
    "guarantees:book_subsidy_claim": "missing_subsidy_claim",
    "guarantees:book_subsidy_claim_decide": "missing_subsidy_claim",
    "guarantees:book_subsidy_claim_pay": "missing_subsidy_claim",
    "guarantees:contributor_claim": "missing_subsidy_claim",
    "guarantees:contributor_claim_pay": "missing_subsidy_claim",
    "reports:run": "missing_run",
    "guarantees:stress_run": "missing_run",
    "reports:download": "missing_run",
    "reports:tables_xlsx": "report_year",
    "reports:finding_edit": "missing_finding",
    "reports:register_add": "register_kind",
    "reports:register_edit": "missing_register_row",
    "guarantees:applicant:start": "program_code",
    "guarantees:contributor_pledge_csv": "program_code",  # not 계양구's: 404 (missing)
    "guarantees:contributor_pledge_xlsx": "program_code",
    "guarantees:bank_desk:monthly_differences_xlsx": "missing_monthly_report",
    "guarantees:round": "call_round",
    "guarantees:round_minutes": "call_round",
    "courses:detail": "course",
    "courses:certificate": "missing_enrolment",
    "accounts:verify_email": "token",
    "accounts:password_reset_confirm": "reset_token",
    "guarantees:applicant:document": "document",
    "guarantees:bank_desk:guarantee": "guarantee",
    "guarantees:bank_desk:loan_execution": "guarantee",
    "guarantees:bank_desk:repayment": "guarantee",
    "guarantees:bank_desk:maturity_settlement": "guarantee",
    "guarantees:bank_desk:default": "guarantee",
    "guarantees:bank_desk:subrogation_claim": "guarantee",
}


def _kwargs(name: str, world: dict) -> dict:
    pattern_args = {
        "program_code": {"code": world["program_code"]},
        "token": {"token": "not-a-valid-token"},
        "reset_token": {"uidb64": "MQ", "token": "not-a-valid-token"},
        "document": {"pk": world["document"]},
        "guarantee": {"guarantee_no": world["guarantee_no"]},
        "missing_request": {"request_id": 999_999},
        "missing_claim": {"claim_id": 999_999},
        "missing_instalment": {"instalment_id": 999_999},
        "missing_difference": {"difference_id": 999_999},
        "missing_overdue": {"overdue_id": 999_999},
        "missing_subsidy_claim": {"claim_id": 999_999},
        "missing_run": {"run_id": 999_999},
        "missing_monthly_report": {"report_id": 999_999},
        "report_year": {"year": 2020},
        "missing_finding": {"finding_id": 999_999},
        "register_kind": {"kind": "budget"},
        "criteria_kind": {"kind": "authority"},
        "missing_register_row": {"kind": "budget", "pk": 999_999},
        "call_round": {"pk": world["call_round"]},
        "course": {"code": world["course"]},
        "missing_enrolment": {"pk": 999_999},
    }
    if name in ARGUMENTS:
        return pattern_args[ARGUMENTS[name]]
    if name == "guarantees:review:document":
        return {"pk": world["application"], "document_id": world["document"]}
    if name == "guarantees:review:credit_report":
        return {"pk": world["application"], "report_id": world["credit_report"]}
    if name.startswith(("guarantees:applicant:", "guarantees:review:")) and name not in (
        "guarantees:applicant:home",
        "guarantees:applicant:profile",
        "guarantees:applicant:verify",
        "guarantees:review:monitoring",
        "guarantees:review:monitoring_csv",
        "guarantees:review:monitoring_xlsx",
    ):
        return {"pk": world["application"]}
    return {}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.namespace == "admin":
                continue  # the Django admin has its own staff/superuser checks (tested apart)
            if entry.namespace == "bank_api":
                continue  # Bearer keys, not sessions (tests/guarantees/bank/test_api*.py)
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"
        elif isinstance(entry, URLPattern):
            yield f"{prefix}<unnamed {entry.pattern}>"


def test_every_url_is_in_the_matrix():
    names = set(_walk(get_resolver().url_patterns))
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URLs with no access rule in the matrix: {missing}"


@pytest.fixture
def personas(request, programs):
    """One user per persona, created once per test (the organisation and programmes are
    seeded by the `programs` fixture)."""
    return {
        name: None if name == "anonymous" else request.getfixturevalue(name) for name in PERSONAS
    }


@pytest.fixture
def world(personas, reviewer, settings, tmp_path):
    """An application of `applicant` in 남동지점, carried through to an issued guarantee by
    the real services, with a stored document and a signed agreement."""
    from django.utils import timezone

    from guarantees.applicant import services, uploads
    from tests.guarantees.applicant import staff_steps
    from tests.guarantees.applicant.conftest import make_business, upload

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    owner = personas["applicant"]
    owner.email_verified_at = timezone.now()
    owner.save(update_fields=["email_verified_at"])
    business = make_business(owner)
    program = business.applications.model._meta.get_field("program").related_model.objects.get(
        code="COVID19"
    )
    application = services.application_start_draft(user=owner, business=business, program=program)
    services.application_save_draft(
        application_id=application.pk,
        actor=owner,
        amount_krw=15_000_000,
        purpose="원재료 구입",
        bank=program.banks.get(code="IBK"),  # bank_officer's bank
        term_months=60,
    )
    for required in program.documents.all():
        services.application_attach_document(
            application_id=application.pk,
            actor=owner,
            required_document=required,
            checked=uploads.check_upload(upload(f"{required.code}.pdf")),
        )
    services.application_submit(application_id=application.pk, actor=owner)
    staff_steps.approve(application.pk, reviewer)
    services.agreement_sign(
        application_id=application.pk,
        actor=owner,
        password="pw-for-tests-1",
        consents={"terms": True, "credit_info": True, "fee": True},
        ip_address="127.0.0.1",
        user_agent="matrix",
    )
    guarantee = staff_steps.issue(application.pk, reviewer)
    call_round = _world_call_round(personas["contributor_officer"])
    from programs.courses.services import course_create

    course = course_create(
        code="WORLD-ACADEMY",
        name="창업 아카데미",
        sessions=[(timezone.localdate(), "창업가 정신")],
        actor=personas["counsellor"],
    )
    return {
        "course": course.code,
        "call_round": call_round.pk,
        "application": application.pk,
        "program_code": program.code,
        "document": application.documents.first().pk,
        "credit_report": application.credit_reports.get().pk,  # recorded by staff_steps
        "guarantee_no": guarantee.guarantee_no,
    }


def _world_call_round(officer):
    """계양구's committee and a closed round of ALLEY with its meeting and minutes file."""
    import datetime as dt

    from django.utils import timezone

    from guarantees.applicant import uploads
    from guarantees.models import CommitteeMember, FundCommittee
    from guarantees.rounds import services as rounds
    from programs.models import Program
    from tests.guarantees.applicant.conftest import upload

    committee = FundCommittee.objects.create(
        name="계양구 기금운용심의위원회", contributor="계양구", quorum=1
    )
    member = CommitteeMember.objects.create(committee=committee, name="박정우", is_chair=True)
    today = timezone.localdate()
    call_round = rounds.round_announce(
        program=Program.objects.get(code="ALLEY"),
        committee=committee,
        title="지난 공고",
        announcement="골목상권 보증 지원 공고",
        opens_on=today - dt.timedelta(days=30),
        closes_on=today - dt.timedelta(days=20),
        budget_krw=100_000_000,
        meeting_on=today - dt.timedelta(days=10),
        actor=officer,
    )
    rounds.meeting_record(
        round_id=call_round.pk,
        held_on=today - dt.timedelta(days=10),
        attendee_ids=[member.pk],
        minutes="접수 0건, 심의 없음",
        minutes_file=uploads.check_upload(upload("minutes.pdf")),
        actor=officer,
    )
    return call_round


def _expected_get(policy: Rule, persona: str) -> set[int] | None:
    """The statuses a GET may answer, or None for "any success (< 400)"."""
    if "GET" not in policy.methods:  # POST-only: access first, then 405
        if policy.public:
            return {405}
        if persona == "anonymous":
            return {302}
        if persona in policy.hidden or (persona in policy.allowed and policy.missing):
            return {404}
        return {405} if persona in policy.allowed else {403}
    if persona != "anonymous" and policy.signed_in_status is not None:
        return {policy.signed_in_status}
    if persona in policy.allowed and policy.missing:
        return {404}
    if persona in policy.allowed or policy.public:
        return None if policy.get_status is None else {policy.get_status}
    if persona == "anonymous":
        return {302}
    return {404} if persona in policy.hidden else {403}


def _post_ok(policy: Rule, persona: str, status: int) -> bool:
    if "POST" not in policy.methods:
        return status == 405
    if persona in policy.allowed and policy.missing:
        return status == 404
    if persona in policy.allowed or policy.public:
        return status < 500 and status not in (403, 404, 405)
    if persona == "anonymous":
        return status == 302
    return status == (404 if persona in policy.hidden else 403)


# (URL name, persona) pairs checked in this run, each by a GET and a POST; read by the
# terminal summary in tests/conftest.py.
CHECKED: list[tuple[str, str]] = []


def summary() -> str:
    urls = len({name for name, _ in CHECKED})
    return (
        f"access matrix: {len(CHECKED)} URL × persona cases checked "
        f"({urls} of {len(MATRIX)} URLs × {len(PERSONAS)} personas, GET and POST each: "
        f"{2 * len(CHECKED)} requests); unverified staff sessions: {sum(UNVERIFIED_CHECKED)} "
        "URL × persona × method cases sent to 2단계 인증"
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_persona_gets_the_expected_status(client, personas, world, name):
    """GET and POST as each persona; all mismatches are reported together."""
    policy = MATRIX[name]
    url = reverse(name, kwargs=_kwargs(name, world))
    wrong = []
    for persona, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        expected = _expected_get(policy, persona)
        if (
            (response.status_code >= 400)
            if expected is None
            else (response.status_code not in expected)
        ):
            wrong.append(f"GET {persona}: {response.status_code}")
        elif persona == "anonymous" and response.status_code == 302 and not policy.public:
            if not response.url.startswith(reverse("accounts:login")):
                wrong.append(f"GET anonymous: redirected to {response.url}")
        response = client.post(url, {})
        if not _post_ok(policy, persona, response.status_code):
            wrong.append(f"POST {persona}: {response.status_code}")
        CHECKED.append((name, persona))
    assert not wrong, f"{name} ({url}): " + "; ".join(wrong)


UNVERIFIED_CHECKED: list[int] = []


def test_an_unverified_staff_session_is_sent_to_the_code_page_from_every_url(
    client, personas, world
):
    """Password given, code not: every staff persona, every URL but the way through the
    second factor, GET and POST (and the admin) → 302 to 2단계 인증, coming back after."""
    verify = reverse("accounts:otp_verify")
    urls = [
        reverse(name, kwargs=_kwargs(name, world))
        for name in sorted(MATRIX)
        if name not in SECOND_FACTOR_PATH
    ] + [reverse("admin:index"), reverse("admin:accounts_user_changelist")]
    wrong = []
    for persona in sorted(STAFF):
        client.logout()
        client.force_login(personas[persona], otp_verified=False)
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code != 302 or not response.url.startswith(verify):
                    wrong.append(f"{method.upper()} {persona} {url}: {response.status_code}")
                elif method == "get" and f"next={quote(url, safe='')}" not in response.url:
                    wrong.append(f"GET {persona} {url}: lost the way back ({response.url})")
                UNVERIFIED_CHECKED.append(1)
        # The code page itself answers, and the login page sends on to it.
        assert client.get(verify).status_code == 200
        assert client.get(reverse("accounts:login")).status_code == 302
    assert not wrong, "; ".join(wrong[:20])
