"""Applications ready for the staff workflow, made directly with the ORM (submission belongs
to the applicant area). A test programme with no eligibility rules keeps the rules of the
review itself in focus; the amounts are data the tests set."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from branches.models import District, OrgUnit
from demo.guarantees import valid_brn
from guarantees.models import Application, ApplicationEvent, ApplicationStatus, Business
from programs.models import FeePayment, Program, ProgramStatus

EOK = 100_000_000
MAN = 10_000

_brn = itertools.count(100_000_001)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"TEST{n}")
    name = factory.Sequence(lambda n: f"시험 특례보증 {n}")
    summary = "심사 시험용 상품"
    status = ProgramStatus.OPEN
    year = 2026
    multiple = Decimal("10")
    per_business_limit_krw = 5 * EOK
    min_amount_krw = 1_000_000
    guarantee_ratio_pct = Decimal("100")
    fee_rate_pct = Decimal("1.000")
    fee_payment = FeePayment.UP_FRONT
    term_months = 60
    grace_months = 12
    survey_skip_min_credit_score = 700
    signing_deadline_days = 30

    @factory.post_generation
    def funding_krw(program, create, extracted, **kwargs):
        """The programme's funding, booked as a district's contribution (default 5억 × 10 =
        50억): funding is the journal's, never a typed figure."""
        amount = 5 * EOK if extracted is None else extracted
        if create and amount:
            from ledger.services import contribution_record

            contribution_record(
                date=dt.date(2020, 1, 2),
                category="district",
                amount_krw=amount,
                contributor="시험구",
                program_id=program.pk,
                memo=f"{program.code} 출연",
            )
        program.__dict__.pop("_funding_krw", None)


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    business_no = factory.LazyFunction(lambda: valid_brn(str(next(_brn))))
    name = factory.Sequence(lambda n: f"시험상회{n}")
    representative_name = "김대표"
    credit_score = 750
    employees = 3
    last_year_sales_krw = 300_000_000
    district = factory.LazyFunction(lambda: District.objects.get(name="남동구"))


def make_application(
    *,
    applicant,
    program: Program | None = None,
    business: Business | None = None,
    amount_krw: int = 5_000 * MAN,
    status: str = ApplicationStatus.SUBMITTED,
    branch_code: str = "NAMDONG",
    submitted_days_ago: int = 1,
    **fields,
) -> Application:
    """An application as the applicant area would leave it after `submit`."""
    program = program or ProgramFactory()
    business = business or BusinessFactory(owner=applicant)
    submitted = timezone.now() - timezone.timedelta(days=submitted_days_ago)
    app = Application.objects.create(
        tracking_no=fields.pop("tracking_no", f"T-{next(_brn)}"),
        business=business,
        applicant=applicant,
        program=program,
        branch=OrgUnit.objects.get(code=branch_code),
        status=status,
        amount_krw=amount_krw,
        purpose="운전자금",
        submitted_at=submitted,
        **fields,
    )
    ApplicationEvent.objects.create(
        application=app,
        actor=applicant,
        action="submit",
        from_status="draft",
        to_status=ApplicationStatus.SUBMITTED,
    )
    return app


REPORT_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def report_upload(name: str = "신용조회결과.pdf", content: bytes = REPORT_PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def verify_credit(
    app, actor, *, score: int = 750, grade: int | None = 3, bureau: str = "nice", on=None
):
    """Record the verified credit grade staff read from the bureau's report (a PDF)."""
    from guarantees.applicant import uploads
    from guarantees.review import services

    return services.credit_report_record(
        application=app,
        actor=actor,
        bureau=bureau,
        grade=grade,
        score=score,
        report_date=on or timezone.localdate(),
        checked=uploads.check_upload(report_upload()),
    )


def screen(app, reviewer, *, amount_krw: int | None = None, points: int = 4):
    """Verify (with a verified credit score of 750 ≥ 700 the survey is skipped), screen and
    send for approval."""
    from guarantees.models import ScorecardFactor
    from guarantees.review import services

    if app.status == ApplicationStatus.SUBMITTED:
        if not app.credit_reports.exists():
            verify_credit(app, reviewer)
        services.application_verify_documents(application=app, actor=reviewer)
    app.refresh_from_db()
    if app.status == ApplicationStatus.DOCS_VERIFIED:
        services.survey_start(application=app, actor=reviewer, visit_at=services.next_visit_slot())
        services.survey_record(application=app, actor=reviewer, findings="사업장 정상 영업 확인")
    services.screening_record(
        application=app,
        actor=reviewer,
        points={f.code: points for f in ScorecardFactor.objects.filter(is_active=True)},
        recommended_amount_krw=amount_krw or app.amount_krw,
        comment="상환 능력 양호",
    )
    services.application_send_for_approval(application=app, actor=reviewer)
    app.refresh_from_db()
    return app
