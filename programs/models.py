"""Guarantee programmes (특례보증): everything about a programme is data, not code."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import tracked
from common.money import apply_percent, format_rate


class Bank(models.Model):
    """협약은행 (partner bank)."""

    code = models.CharField(_("은행 코드"), max_length=20, unique=True)
    name = models.CharField(_("은행명"), max_length=50)

    class Meta:
        verbose_name = _("협약은행")
        verbose_name_plural = _("협약은행")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    """업종. Restricted industries (보증제한업종) are refused by every programme."""

    code = models.CharField(_("업종 코드"), max_length=20, unique=True)
    name = models.CharField(_("업종명"), max_length=100)
    is_restricted = models.BooleanField(_("보증제한업종"), default=False)
    restriction_reason = models.CharField(_("제한 사유"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("업종")
        verbose_name_plural = _("업종")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("준비 중")  # configured, not visible to applicants
    OPEN = "open", _("접수 중")  # applicants may apply (within the window and capacity)
    CLOSED = "closed", _("마감")  # no new applications; the book keeps its guarantees


class SubsidyClaimFrequency(models.TextChoices):
    """이차보전 청구 주기: how often the foundation gathers a programme's subsidy into a claim."""

    MONTHLY = "monthly", _("월별")  # one claim per calendar month
    QUARTERLY = "quarterly", _("분기별")  # one claim per calendar quarter


class FeePayment(models.TextChoices):
    UP_FRONT = "up_front", _("일시 납부")  # the whole term's fee at issuance
    ANNUAL = "annual", _("연 단위 분할 납부")  # council audit item 20-4


@tracked
class Program(models.Model):
    """보증 상품 / 특례보증 프로그램."""

    code = models.CharField(_("상품 코드"), max_length=30, unique=True)
    name = models.CharField(_("상품명"), max_length=100)
    summary = models.CharField(_("지원 대상 요약"), max_length=300)
    description = models.TextField(_("상세 설명"), blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("사업연도"))

    # Capacity: funding × multiple, unless an explicit amount is set. The funding is not a
    # field: it is the contributions booked to the programme in the journal (programs.funding).
    multiple = models.DecimalField(
        _("운용배수"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    capacity_override_krw = models.BigIntegerField(
        _("보증한도 직접 지정(원)"), null=True, blank=True
    )
    # Reserved by approvals (guarded update, see programs.services.capacity_reserve).
    committed_krw = models.BigIntegerField(_("승인 누계(원)"), default=0)

    per_business_limit_krw = models.BigIntegerField(_("업체당 한도(원)"))
    min_amount_krw = models.BigIntegerField(_("최소 신청액(원)"), default=1_000_000)
    guarantee_ratio_pct = models.DecimalField(
        _("보증비율(%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    fee_rate_pct = models.DecimalField(
        _("보증료율(연 %)"),
        max_digits=5,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
    )
    fee_payment = models.CharField(
        _("보증료 납부 방식"),
        max_length=10,
        choices=FeePayment.choices,
        default=FeePayment.UP_FRONT,
    )
    term_months = models.PositiveSmallIntegerField(_("보증기간(개월)"))
    grace_months = models.PositiveSmallIntegerField(_("거치기간(개월)"), default=0)
    # At or above this declared credit score the field survey may be skipped (seed 001).
    survey_skip_min_credit_score = models.PositiveSmallIntegerField(
        _("현장조사 생략 신용점수"), null=True, blank=True
    )
    applications_open_on = models.DateField(_("접수 시작일"), null=True, blank=True)
    applications_close_on = models.DateField(_("접수 마감일"), null=True, blank=True)
    signing_deadline_days = models.PositiveSmallIntegerField(_("약정 기한(일)"), default=30)
    banks = models.ManyToManyField(
        Bank, blank=True, related_name="programs", verbose_name=_("협약은행")
    )
    subsidy_claim_frequency = models.CharField(
        _("이차보전 청구 주기"),
        max_length=10,
        choices=SubsidyClaimFrequency.choices,
        default=SubsidyClaimFrequency.QUARTERLY,
    )

    class Meta:
        verbose_name = _("보증 상품")
        verbose_name_plural = _("보증 상품")
        ordering = ["-year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed_krw__gte=0), name="program_committed_nonneg"
            ),
            models.CheckConstraint(
                condition=models.Q(per_business_limit_krw__gt=0), name="program_limit_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(grace_months__lt=models.F("term_months")),
                name="program_grace_within_term",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def funding_krw(self) -> int:
        """재원: the contributions booked to this programme in the journal, today (one query,
        kept on the instance; `refresh_from_db` forgets it)."""
        if "_funding_krw" not in self.__dict__:
            from .funding import funding_by_program

            self.__dict__["_funding_krw"] = funding_by_program(program_ids=[self.pk]).get(
                self.pk, 0
            )
        return self.__dict__["_funding_krw"]

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_funding_krw", None)
        return super().refresh_from_db(*args, **kwargs)

    @property
    def capacity_krw(self) -> int:
        """보증공급 한도 = 재원 × 운용배수 (rounded down), or the explicit amount."""
        if self.capacity_override_krw is not None:
            return self.capacity_override_krw
        return apply_percent(self.funding_krw, self.multiple * 100)

    @property
    def remaining_krw(self) -> int:
        return max(self.capacity_krw - self.committed_krw, 0)


class InterestSubsidyStep(models.Model):
    """이차보전: what the city pays of the borrower's interest, by year of the loan.

    e.g. COVID-19: year 1 the whole interest (`covers_full_interest`), years 2–5 1.5%p.
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="subsidy_steps", verbose_name=_("보증 상품")
    )
    from_year = models.PositiveSmallIntegerField(_("시작 연차"))
    to_year = models.PositiveSmallIntegerField(_("종료 연차"))
    rate_pct = models.DecimalField(_("지원 금리(%p)"), max_digits=5, decimal_places=3, default=0)
    covers_full_interest = models.BooleanField(_("이자 전액 지원"), default=False)

    class Meta:
        verbose_name = _("이차보전 단계")
        verbose_name_plural = _("이차보전 단계")
        ordering = ["program", "from_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_year__lte=models.F("to_year")), name="subsidy_years_order"
            )
        ]

    def __str__(self) -> str:
        what = "이자 전액" if self.covers_full_interest else f"{format_rate(self.rate_pct)}%p"
        return f"{self.years_text} {what}"

    @property
    def years_text(self) -> str:
        """'1년차' for one year, '2~5년차' for several (never '1~1년차')."""
        if self.from_year == self.to_year:
            return f"{self.from_year}년차"
        return f"{self.from_year}~{self.to_year}년차"


@tracked
class SubsidyBudget(models.Model):
    """이차보전 예산: what the contributor set aside for a programme's interest subsidy in a
    year. Approved and paid claims use it; a claim that would go beyond it is refused
    (guarantees.contributors.claims)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="subsidy_budgets", verbose_name=_("상품")
    )
    year = models.PositiveSmallIntegerField(_("예산연도"))
    amount_krw = models.BigIntegerField(_("예산액(원)"))

    class Meta:
        verbose_name = _("이차보전 예산")
        verbose_name_plural = _("이차보전 예산")
        ordering = ["program", "year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="subsidy_budget_once"),
            models.CheckConstraint(
                condition=models.Q(amount_krw__gte=0), name="subsidy_budget_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year}년 이차보전 예산"


class RequiredDocument(models.Model):
    """제출 서류 per programme."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="documents", verbose_name=_("보증 상품")
    )
    code = models.CharField(_("서류 코드"), max_length=30)
    name = models.CharField(_("서류명"), max_length=100)
    help_text = models.CharField(_("안내"), max_length=300, blank=True)
    is_mandatory = models.BooleanField(_("필수"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("표시 순서"))

    class Meta:
        verbose_name = _("제출 서류")
        verbose_name_plural = _("제출 서류")
        ordering = ["program", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="required_document_unique")
        ]

    def __str__(self) -> str:
        return self.name


class RuleField(models.TextChoices):
    """The business facts an eligibility rule can look at (see guarantees.Business.facts)."""

    REPRESENTATIVE_AGE = "representative_age", _("대표자 만 나이")
    BUSINESS_YEARS = "business_years", _("업력(년)")
    CREDIT_SCORE = "credit_score", _("신용점수")
    EMPLOYEES = "employees", _("상시근로자 수")
    LAST_YEAR_SALES = "last_year_sales_krw", _("전년도 매출액(원)")
    INDUSTRY = "industry", _("업종 코드")
    DISTRICT = "district", _("사업장 군·구")
    TRADITIONAL_MARKET = "in_traditional_market", _("전통시장·골목상권 입점")
    UNDERGROUND_MALL = "in_underground_mall", _("지하도상가 입점")
    SOCIAL_ENTERPRISE = "is_social_enterprise", _("사회적경제기업")
    REDEVELOPMENT_ZONE = "near_redevelopment_zone", _("재개발지역 인근")
    SETTLED_DEBT = "has_settled_debt", _("채무조정(면책) 완료")
    HIRED = "hired_last_year", _("최근 1년 고용 인원")
    COVID_SALES_DROP = "covid_sales_drop_pct", _("코로나19 매출 감소율(%)")
    # value "COURSE_CODE:N" with operator within (programs.courses, issue 13)
    COURSE_COMPLETED = "course_completions", _("교육 과정 수료")


class RuleOperator(models.TextChoices):
    EQ = "eq", _("같음")
    NE = "ne", _("같지 않음")
    LT = "lt", _("미만")
    LTE = "lte", _("이하")
    GT = "gt", _("초과")
    GTE = "gte", _("이상")
    IN = "in", _("다음 중 하나")
    NOT_IN = "not_in", _("다음에 해당하지 않음")
    IS_TRUE = "is_true", _("해당")
    IS_FALSE = "is_false", _("해당하지 않음")
    COMPLETED_WITHIN = "within", _("최근 N개월 안에 수료")  # value "COURSE_CODE:N"


@tracked
class EligibilityRule(models.Model):
    """지원 자격 조건: field, operator, value, and the sentence an applicant reads."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="rules", verbose_name=_("보증 상품")
    )
    field = models.CharField(_("항목"), max_length=40, choices=RuleField.choices)
    operator = models.CharField(_("조건"), max_length=10, choices=RuleOperator.choices)
    # Numbers as text ("39"), lists separated by commas ("I56,I56111"); empty for is_true/false.
    value = models.CharField(_("기준값"), max_length=200, blank=True)
    explanation = models.CharField(_("안내 문구"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("표시 순서"))

    class Meta:
        verbose_name = _("자격 조건")
        verbose_name_plural = _("자격 조건")
        ordering = ["program", "sort_order", "id"]

    def __str__(self) -> str:
        return self.explanation


class ProgramYearTarget(models.Model):
    """연도별 목표 (pledge tracking): amount and count of guarantees."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="targets", verbose_name=_("보증 상품")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    amount_krw = models.BigIntegerField(_("목표 금액(원)"))
    count = models.PositiveIntegerField(_("목표 건수"))

    class Meta:
        verbose_name = _("연도별 목표")
        verbose_name_plural = _("연도별 목표")
        ordering = ["program", "year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="program_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year}년 목표"


# 디딤돌센터 courses (issue 13 part 5) live in their own module of this app.
from .courses.models import *  # noqa: E402, F403
