"""Businesses, applications and guarantees (the core every area builds on).

Money is whole won (`*_krw`, BigIntegerField). Statuses change only through services, which
lock the row, check the transition table (guarantees/workflow.py) and write an event.
"""

from __future__ import annotations

__all__ = [
    "TERMINAL_STATUSES",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "Business",
    "Guarantee",
    "GuaranteeEvent",
    "GuaranteeEventKind",
    "GuaranteeStatus",
]

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import tracked

from ..book.vocabulary import EVENT_KINDS
from ..validators import validate_brn


@tracked
class Business(models.Model):
    """사업자: the applicant's business profile. Never a 주민등록번호: birth date only."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name=_("신청 계정"),
        help_text=_("이관된 기존 보증의 사업자는 계정이 없을 수 있습니다."),
    )
    business_no = models.CharField(
        _("사업자등록번호"), max_length=12, unique=True, validators=[validate_brn]
    )
    name = models.CharField(_("상호"), max_length=100)
    representative_name = models.CharField(_("대표자 성명"), max_length=50, blank=True)
    representative_birth_date = models.DateField(_("대표자 생년월일"), null=True, blank=True)
    industry = models.ForeignKey(
        "programs.Industry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("업종"),
    )
    opened_on = models.DateField(_("개업일"), null=True, blank=True)
    sido = models.CharField(_("시·도"), max_length=20, blank=True)
    district = models.ForeignKey(
        "branches.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("군·구"),
    )
    road_address = models.CharField(_("도로명 주소"), max_length=200, blank=True)
    employees = models.PositiveIntegerField(_("상시근로자 수"), default=0)
    last_year_sales_krw = models.BigIntegerField(_("전년도 매출액(원)"), null=True, blank=True)
    credit_score = models.PositiveSmallIntegerField(_("신용점수(자기 신고)"), null=True, blank=True)
    in_traditional_market = models.BooleanField(_("전통시장·골목상권 입점"), default=False)
    in_underground_mall = models.BooleanField(_("지하도상가 입점"), default=False)
    is_social_enterprise = models.BooleanField(_("사회적경제기업"), default=False)
    near_redevelopment_zone = models.BooleanField(_("재개발지역 인근"), default=False)
    has_settled_debt = models.BooleanField(_("채무조정(면책) 완료"), default=False)
    hired_last_year = models.PositiveIntegerField(_("최근 1년 고용 인원"), default=0)
    covid_sales_drop_pct = models.DecimalField(
        _("코로나19 매출 감소율(%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("등록 시각"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("수정 시각"))

    class Meta:
        verbose_name = _("사업자")
        verbose_name_plural = _("사업자")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_no})"

    @property
    def branch(self):
        return self.district.branch if self.district_id else None

    def facts(self, on: dt.date | None = None) -> dict:
        """The values eligibility rules look at (programs.models.RuleField), as of `on`."""
        on = on or dt.date.today()
        return {
            "representative_age": _full_years(self.representative_birth_date, on),
            "business_years": _full_years(self.opened_on, on),
            "credit_score": self.credit_score,
            "employees": self.employees,
            "last_year_sales_krw": self.last_year_sales_krw,
            "industry": self.industry.code if self.industry_id else None,
            "industry_name": self.industry.name if self.industry_id else None,
            "industry_restricted": bool(self.industry_id and self.industry.is_restricted),
            "district": self.district.name if self.district_id else None,
            "in_traditional_market": self.in_traditional_market,
            "in_underground_mall": self.in_underground_mall,
            "is_social_enterprise": self.is_social_enterprise,
            "near_redevelopment_zone": self.near_redevelopment_zone,
            "has_settled_debt": self.has_settled_debt,
            "hired_last_year": self.hired_last_year,
            "covid_sales_drop_pct": self.covid_sales_drop_pct,
            # 디딤돌센터 courses the owner completed (issue 13): course code → latest date
            "course_completions": _course_completions(self.owner_id, on),
            "facts_on": on,
        }


def _course_completions(owner_id: int | None, on: dt.date) -> dict[str, dt.date]:
    if owner_id is None:
        return {}
    from programs.courses.selectors import completions_of

    return completions_of(owner_id, on=on)


def _full_years(since: dt.date | None, on: dt.date) -> int | None:
    """만 나이 / 업력: whole years completed between `since` and `on`."""
    if since is None:
        return None
    years = on.year - since.year
    if (on.month, on.day) < (since.month, since.day):
        years -= 1
    return years


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("작성 중")  # applicant is filling it in; saved automatically
    SUBMITTED = "submitted", _("신청 접수")  # waiting for the branch to check documents
    SUPPLEMENT_REQUESTED = "supplement_requested", _("보완 요청")  # applicant must answer
    DOCS_VERIFIED = "docs_verified", _("서류 확인 완료")  # survey or its skip comes next
    FIELD_SURVEY = "field_survey", _("현장조사 중")
    SCREENING = "screening", _("보증심사 중")  # survey done or skipped with its reason
    AWAITING_APPROVAL = "awaiting_approval", _("승인 대기")  # screened, recommended
    PRE_AUDIT = "pre_audit", _("사전감사 중")  # approved above the threshold; audit decides
    APPROVED = "approved", _("승인")  # capacity reserved; waiting for the 전자약정
    AGREEMENT_SIGNED = "agreement_signed", _("약정 완료")  # waiting for issuance
    ISSUED = "issued", _("보증서 발급")  # a Guarantee exists
    REJECTED = "rejected", _("거절")  # terminal, with the reason
    WITHDRAWN = "withdrawn", _("신청 취하")  # terminal, by the applicant
    EXPIRED = "expired", _("약정 기한 경과")  # terminal: approved but not signed in time


TERMINAL_STATUSES = frozenset(
    {
        ApplicationStatus.ISSUED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.EXPIRED,
    }
)


class Application(models.Model):
    """보증 신청."""

    tracking_no = models.CharField(_("접수번호"), max_length=30, unique=True, null=True, blank=True)
    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="applications", verbose_name=_("사업자")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("신청인"),
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("보증 상품"),
    )
    branch = models.ForeignKey(
        "branches.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("담당 지점"),
    )
    status = models.CharField(
        _("진행 상태"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    amount_krw = models.BigIntegerField(_("신청 금액(원)"), null=True, blank=True)
    purpose = models.CharField(_("자금 용도"), max_length=200, blank=True)
    bank = models.ForeignKey(
        "programs.Bank",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("대출 희망 은행"),
    )
    term_months = models.PositiveSmallIntegerField(_("보증기간(개월)"), null=True, blank=True)
    # The step that asked for a supplement: the answer returns the application there.
    supplement_return_status = models.CharField(
        max_length=30, blank=True, verbose_name=_("보완 후 돌아갈 상태")
    )
    approved_amount_krw = models.BigIntegerField(_("승인 금액(원)"), null=True, blank=True)
    created_at = models.DateTimeField(_("작성 시작"), auto_now_add=True)
    updated_at = models.DateTimeField(_("최종 저장"), auto_now=True)
    submitted_at = models.DateTimeField(_("신청 일시"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("결정 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("보증 신청")
        verbose_name_plural = _("보증 신청")
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["branch", "status", "submitted_at"], name="application_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_krw__isnull=True) | models.Q(amount_krw__gt=0),
                name="application_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_no or f"작성 중 신청 #{self.pk}"

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


class ApplicationEvent(models.Model):
    """진행 이력: every transition, with who, from, to, when and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("보증 신청")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("처리자"),
    )
    action = models.CharField(_("처리"), max_length=40)
    from_status = models.CharField(
        _("이전 상태"), max_length=30, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("변경 상태"), max_length=30, choices=ApplicationStatus.choices)
    reason = models.TextField(_("사유"), blank=True)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("진행 이력")
        verbose_name_plural = _("진행 이력")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} {self.from_status}→{self.to_status}"


class GuaranteeStatus(models.TextChoices):
    ACTIVE = "active", _("정상")  # exposure outstanding
    ACCIDENT = "accident", _("사고")  # default reported; normalisation or subrogation follows
    SUBROGATED = "subrogated", _("대위변제")  # exposure released, recourse claim open
    TERMINATED = "terminated", _("해지")  # repaid or terminated: no exposure left


class Guarantee(models.Model):
    """신용보증: the certificate a bank lends against. Exposure lives in the journal."""

    guarantee_no = models.CharField(_("보증번호"), max_length=30, unique=True)
    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="guarantees", verbose_name=_("사업자")
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guarantee",
        verbose_name=_("보증 신청"),
    )
    branch = models.ForeignKey(
        "branches.OrgUnit",
        on_delete=models.PROTECT,
        related_name="guarantees",
        verbose_name=_("취급 지점"),
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guarantees",
        verbose_name=_("보증 상품"),
        help_text=_("비어 있으면 일반보증"),
    )
    bank_name = models.CharField(_("대출 은행"), max_length=50)
    issued_on = models.DateField(_("발급일"), db_index=True)
    matures_on = models.DateField(_("만기일"))
    loan_amount_krw = models.BigIntegerField(_("대출 금액(원)"))
    guaranteed_amount_krw = models.BigIntegerField(_("보증 금액(원)"))
    guarantee_ratio_pct = models.DecimalField(_("보증비율(%)"), max_digits=5, decimal_places=2)
    fee_rate_pct = models.DecimalField(_("보증료율(%)"), max_digits=5, decimal_places=3)
    status = models.CharField(
        _("상태"),
        max_length=20,
        choices=GuaranteeStatus.choices,
        default=GuaranteeStatus.ACTIVE,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("등록 시각"))

    class Meta:
        verbose_name = _("신용보증")
        verbose_name_plural = _("신용보증")
        ordering = ["-issued_on", "guarantee_no"]
        indexes = [
            # A partner bank's guarantees, newest first (the bank API's list and the desk).
            models.Index(fields=["bank_name", "-issued_on", "-id"], name="guarantee_bank_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(guaranteed_amount_krw__gt=0)
                & models.Q(guaranteed_amount_krw__lte=models.F("loan_amount_krw")),
                name="guarantee_amount_within_loan",
            ),
            models.CheckConstraint(
                condition=models.Q(matures_on__gt=models.F("issued_on")),
                name="guarantee_matures_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.guarantee_no


# Life after issuance: the choices come from the book's one table of event kinds
# (guarantees/book/vocabulary.py), so a kind and its Korean name are written once.
GuaranteeEventKind = models.TextChoices(
    "GuaranteeEventKind",
    [(kind.code.upper(), (kind.code, _(kind.label))) for kind in EVENT_KINDS],
)


class GuaranteeEvent(models.Model):
    """보증 사후관리 이력: one business event with its journal entry (if it moves money)."""

    guarantee = models.ForeignKey(
        Guarantee, on_delete=models.PROTECT, related_name="events", verbose_name=_("신용보증")
    )
    date = models.DateField(_("일자"))
    kind = models.CharField(_("구분"), max_length=30, choices=GuaranteeEventKind.choices)
    amount_krw = models.BigIntegerField(_("금액(원)"), default=0)
    new_matures_on = models.DateField(_("연장 후 만기일"), null=True, blank=True)
    memo = models.CharField(_("적요"), max_length=300, blank=True)
    journal_entry = models.OneToOneField(
        "ledger.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guarantee_event",
        verbose_name=_("분개"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("처리한 사람"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("기록 시각"))

    class Meta:
        verbose_name = _("보증 사후관리 이력")
        verbose_name_plural = _("보증 사후관리 이력")
        ordering = ["guarantee", "date", "id"]
        indexes = [models.Index(fields=["kind", "date"], name="guarantee_event_kind_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_krw__gte=0), name="guarantee_event_amount_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guarantee} {self.get_kind_display()} {self.date}"
