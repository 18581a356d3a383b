"""Demo work for the staff pages: applications of 남동지점 at every step of the review, so that
the queue, the approval panel and the audit queue have something to show.

Call `seed_review_demo()` after `seed_demo`'s organisation, programmes and users (the lead
wires it into `manage.py seed_demo`). Idempotent: applications are keyed by tracking number;
a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from branches.models import District, OrgUnit
from demo.guarantees import valid_brn
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

# tracking no, business name, first nine digits, credit, programme, amount, days ago, step
DEMO = [
    ("ICGF-DEMO-0001", "구월동 손칼국수", "131810461", 760, "ALLEY", 2000 * MAN, 1, "submitted"),
    ("ICGF-DEMO-0002", "간석 꽃집", "131810478", 640, "ALLEY", 1500 * MAN, 4, "submitted"),
    ("ICGF-DEMO-0003", "논현 세탁소", "131810485", 820, "COVID19", 2000 * MAN, 9, "screening"),
    ("ICGF-DEMO-0004", "만수 정육점", "131810492", 590, "HOPE", 1000 * MAN, 6, "field_survey"),
    ("ICGF-DEMO-0005", "소래 수산", "131810508", 780, "ALLEY", 5000 * MAN, 12, "awaiting"),
    ("ICGF-DEMO-0006", "남촌 공방", "131810515", 800, "COVID19", 3000 * MAN, 15, "approved"),
]


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
        services.application_verify_documents(application=app, actor=reviewer)
        app.refresh_from_db()
        if step == "field_survey":
            services.survey_start(application=app, actor=reviewer)
            continue
        if app.status == ApplicationStatus.DOCS_VERIFIED:
            services.survey_start(application=app, actor=reviewer)
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
    return created
