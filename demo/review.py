"""Demo work for the staff pages: applications of 남동지점 at every step of the review, so that
the queue, the approval panel and the audit queue have something to show.

Call `seed_review_demo()` after `seed_demo`'s organisation, programmes and users (the lead
wires it into `manage.py seed_demo`). Idempotent: applications are keyed by tracking number;
a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from branches.models import Committee, CommitteeMember, District, OrgUnit
from demo.credit import record_demo_credit
from demo.guarantees import valid_brn
from demo.programs import seed_programs
from guarantees.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Business,
    ScorecardFactor,
)
from guarantees.review import services
from programs.models import Industry, Program

MAN = 10_000
EOK = 100_000_000

# tracking no, business name, first nine digits, credit, programme, amount, days ago, step
DEMO = [
    ("ICGF-DEMO-0001", "구월동 손칼국수", "131810461", 760, "ALLEY", 2000 * MAN, 1, "submitted"),
    ("ICGF-DEMO-0002", "간석 꽃집", "131810478", 640, "ALLEY", 1500 * MAN, 4, "submitted"),
    ("ICGF-DEMO-0003", "논현 세탁소", "131810485", 820, "COVID19", 2000 * MAN, 9, "screening"),
    ("ICGF-DEMO-0004", "만수 정육점", "131810492", 590, "HOPE", 1000 * MAN, 6, "field_survey"),
    ("ICGF-DEMO-0005", "소래 수산", "131810508", 780, "ALLEY", 5000 * MAN, 12, "awaiting"),
    ("ICGF-DEMO-0006", "남촌 공방", "131810515", 800, "COVID19", 3000 * MAN, 15, "approved"),
    # 일반보증 (issue 19): above the branch manager's 1억 전결 and the 1억 pre-audit threshold.
    # 0007: 영업본부 approves 2억 → 사전감사; 0008: already waiting for 감사실's 사전감사;
    # 0009: 5억 needs a 보증심사위원회 decision before 영업본부 can approve.
    ("ICGF-DEMO-0007", "구월 인쇄소", "131810522", 750, "GENERAL", 2 * EOK, 5, "awaiting"),
    ("ICGF-DEMO-0008", "논현 가구점", "131810539", 730, "GENERAL", 15000 * MAN, 8, "pre_audit"),
    ("ICGF-DEMO-0009", "소래 식자재마트", "131810546", 790, "GENERAL", 5 * EOK, 10, "awaiting"),
]

# 일반보증: the foundation's ordinary guarantee beside the special programmes, with limits
# that reach pre-audit (> 1억) and the committee (> 3억). Demo data, editable by strategy.
GENERAL_PROGRAM = (
    "GENERAL",
    "일반보증",
    "업력 1년 이상 인천 소재 중소기업·소상공인의 운전·시설자금 (업체당 최대 8억원)",
    500 * EOK,
    8 * EOK,
    60,
    12,
    Decimal("1.0"),
    Decimal("85"),
    None,  # every general guarantee gets a field survey
    [],
    [("FIN_STMT", "재무제표", "최근 2개년 재무제표(표준재무제표증명)")],
    [],
)

# 보증심사위원회 (5 seats, 3 external: seed 001's 위원회 table); quorum is 3.
COMMITTEE_MEMBERS = [
    ("정심의", "영업본부장", False, True),
    ("한리스", "리스크관리부장", False, False),
    ("오세무", "세무사 (외부)", True, False),
    ("윤회계", "공인회계사 (외부)", True, False),
    ("장교수", "인하대학교 경영학과 교수 (외부)", True, False),
]


def seed_general_program() -> Program:
    return seed_programs(rows=[GENERAL_PROGRAM])["GENERAL"]


def seed_committee_members() -> None:
    committee = Committee.objects.get(code="GUARANTEE_REVIEW")
    for name, position, external, chair in COMMITTEE_MEMBERS:
        CommitteeMember.objects.update_or_create(
            committee=committee,
            name=name,
            defaults={"position": position, "is_external": external, "is_chair": chair},
        )


def _business(name, digits, credit, district, owner) -> Business:
    business, _ = Business.objects.get_or_create(
        business_no=valid_brn(digits),
        defaults={
            "name": name,
            "owner": owner,
            "industry": Industry.objects.filter(code="I56").first(),
            "representative_name": "홍길동",
            "representative_birth_date": dt.date(1985, 4, 1),
            "opened_on": dt.date(2021, 3, 1),
            "district": district,
            "sido": "인천광역시",
            "road_address": "인천광역시 남동구 예술로 1",
            "employees": 3,
            "last_year_sales_krw": 240_000_000,
            "credit_score": credit,
            "in_traditional_market": True,
            "hired_last_year": 1,
            "covid_sales_drop_pct": 20,
        },
    )
    return business


def seed_review_demo() -> int:
    applicant = User.objects.get(username="applicant")
    reviewer = User.objects.get(username="reviewer")
    manager = User.objects.get(username="manager")
    hq = User.objects.get(username="hq")
    seed_general_program()
    seed_committee_members()
    branch = OrgUnit.objects.get(code="NAMDONG")
    district = District.objects.get(name="남동구")
    factors = list(ScorecardFactor.objects.filter(is_active=True))
    created = 0
    for tracking_no, name, digits, credit, code, amount, days, step in DEMO:
        if Application.objects.filter(tracking_no=tracking_no).exists():
            continue
        program = Program.objects.get(code=code)
        amount = min(amount, program.per_business_limit_krw)
        with transaction.atomic():
            app = Application.objects.create(
                tracking_no=tracking_no,
                business=_business(name, digits, credit, district, applicant),
                applicant=applicant,
                program=program,
                branch=branch,
                status=ApplicationStatus.SUBMITTED,
                amount_krw=amount,
                purpose="운전자금(재료비·임차료)",
                term_months=program.term_months,
                submitted_at=timezone.now() - dt.timedelta(days=days),
            )
            ApplicationEvent.objects.create(
                application=app,
                actor=applicant,
                action="submit",
                from_status="draft",
                to_status=ApplicationStatus.SUBMITTED,
            )
        created += 1
        if step == "submitted":
            continue
        if credit is not None:
            # The bureau's report confirms the declared score (demo): the skip follows it.
            record_demo_credit(app, reviewer, credit)
        services.application_verify_documents(application=app, actor=reviewer)
        app.refresh_from_db()
        if step == "field_survey":
            services.survey_start(
                application=app, actor=reviewer, visit_at=services.next_visit_slot()
            )
            continue
        if app.status == ApplicationStatus.DOCS_VERIFIED:
            services.survey_start(
                application=app, actor=reviewer, visit_at=services.next_visit_slot()
            )
            services.survey_record(application=app, actor=reviewer, findings="정상 영업 확인")
        if step == "screening":
            continue
        services.screening_record(
            application=app,
            actor=reviewer,
            points={f.code: 4 for f in factors},
            recommended_amount_krw=amount,
            comment="매출이 안정적이고 상환 능력이 양호합니다.",
        )
        services.application_send_for_approval(application=app, actor=reviewer)
        if step == "approved":
            services.application_approve(application=app, actor=manager)
        if step == "pre_audit":
            services.application_approve(application=app, actor=hq)
    return created
