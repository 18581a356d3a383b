"""Staff workflow records (issue #4): field surveys, scorecards and screenings, approval
authority, committee decisions, approvals, pre-audit decisions, the review policy and the fee
schedule written at issuance.

Everything that a rule depends on (weights, limits, thresholds) is a row, not code.
"""

from __future__ import annotations

__all__ = [
    "ApprovalAuthority",
    "CommitteeDecision",
    "CreditBureau",
    "CreditReport",
    "FeeInstalment",
    "FieldSurvey",
    "PreAuditDecision",
    "PreAuditOutcome",
    "ReviewApproval",
    "ReviewPolicy",
    "ScorecardFactor",
    "Screening",
    "SurveyAppointment",
    "SurveyDecision",
    "SurveyDecisionKind",
]

from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from common.history import track, tracked
from common.money import format_korean_amount, format_rate

from .core import Application


@tracked
class ReviewPolicy(models.Model):
    """심사 기준 (one row): the pre-audit threshold and the daily monitoring threshold."""

    pre_audit_threshold_krw = models.BigIntegerField(
        _("사전감사 기준 금액(원)"),
        default=100_000_000,
        help_text=_(
            "이 금액을 넘는 승인은 감사실의 사전감사를 거칩니다 (2억원에서 1억원으로 하향)."
        ),
    )
    monitoring_threshold_krw = models.BigIntegerField(
        _("일일 모니터링 기준 금액(원)"), default=30_000_000
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("수정 시각"))

    class Meta:
        verbose_name = _("심사 기준")
        verbose_name_plural = _("심사 기준")

    def __str__(self) -> str:
        return "심사 기준"

    @classmethod
    def current(cls) -> ReviewPolicy:
        policy = cls.objects.order_by("pk").first()
        return policy if policy is not None else cls.objects.create()


@tracked
class ApprovalAuthority(models.Model):
    """전결 한도: a role may approve up to `max_amount_krw`; a row with `requires_committee`
    lets the role approve any amount only with a recorded committee decision."""

    role = models.CharField(
        _("역할"),
        max_length=30,
        choices=[
            (Role.BRANCH_MANAGER.value, Role.BRANCH_MANAGER.label),
            (Role.HQ_SALES.value, Role.HQ_SALES.label),
        ],
    )
    max_amount_krw = models.BigIntegerField(_("전결 한도(원)"), null=True, blank=True)
    requires_committee = models.BooleanField(_("보증심사위원회 의결 필요"), default=False)

    class Meta:
        verbose_name = _("전결 한도")
        verbose_name_plural = _("전결 한도")
        ordering = ["requires_committee", "max_amount_krw"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requires_committee=True) | models.Q(max_amount_krw__gt=0),
                name="authority_limit_or_committee",
            ),
        ]

    def __str__(self) -> str:
        if self.requires_committee:
            return f"{Role(self.role).label}: 위원회 의결"
        return f"{Role(self.role).label}: {format_korean_amount(self.max_amount_krw)} 이하"


@tracked
class ScorecardFactor(models.Model):
    """심사표 항목: each factor is scored 0–max_points by the screener; weights are data."""

    code = models.CharField(_("항목 코드"), max_length=30, unique=True)
    name = models.CharField(_("항목명"), max_length=100)
    help_text = models.CharField(_("채점 기준"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("가중치"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    max_points = models.PositiveSmallIntegerField(_("만점"), default=5)
    is_active = models.BooleanField(_("사용"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("표시 순서"))

    class Meta:
        verbose_name = _("심사표 항목")
        verbose_name_plural = _("심사표 항목")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.name} (가중치 {format_rate(self.weight)}%)"


@track()
class FieldSurvey(models.Model):
    """현장조사 기록, or its skip with the reason (credit score at or above the bar)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="field_surveys",
        verbose_name=_("보증 신청"),
    )
    surveyor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("조사자"),
    )
    skipped = models.BooleanField(_("생략"), default=False)
    findings = models.TextField(_("조사 결과 / 생략 사유"))
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("현장조사")
        verbose_name_plural = _("현장조사")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} {'현장조사 생략' if self.skipped else '현장조사'}"


class CreditBureau(models.TextChoices):
    NICE = "nice", _("NICE평가정보")
    KCB = "kcb", _("코리아크레딧뷰로(KCB)")


@tracked
class CreditReport(models.Model):
    """확인된 신용등급: the grade and score staff read from the credit bureau report they
    received, with the report itself (stored like the applicants' documents, under
    PRIVATE_MEDIA_ROOT). The latest one of the application decides whether the field survey
    may be skipped; the applicant's own figure (Business.credit_score) stays a declaration.
    Written only by `guarantees.review.services.credit_report_record`."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="credit_reports",
        verbose_name=_("신청"),
    )
    bureau = models.CharField(_("신용조회회사"), max_length=10, choices=CreditBureau.choices)
    grade = models.PositiveSmallIntegerField(
        _("신용등급"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1~10등급. 점수만 있는 보고서(신용점수제)면 비워 둡니다."),
    )
    score = models.PositiveSmallIntegerField(
        _("신용점수"), validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )
    report_date = models.DateField(_("조회 기준일"))
    original_name = models.CharField(_("보고서 파일 이름"), max_length=255)
    kind = models.CharField(_("파일 형식"), max_length=10)
    content_type = models.CharField(_("콘텐츠 형식"), max_length=100)
    size_bytes = models.PositiveBigIntegerField(_("크기(바이트)"))
    sha256 = models.CharField(_("SHA-256 해시"), max_length=64)
    storage_path = models.CharField(_("저장 경로"), max_length=300, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("기록자"),
    )
    recorded_at = models.DateTimeField(_("기록 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("확인된 신용등급")
        verbose_name_plural = _("확인된 신용등급")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1000), name="credit_report_score_range"
            ),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=10),
                name="credit_report_grade_range",
            ),
        ]

    def __str__(self) -> str:
        grade = f"{self.grade}등급, " if self.grade else ""
        return f"{self.get_bureau_display()} {grade}{self.score}점 ({self.report_date:%Y-%m-%d})"

    def get_staff_url(self) -> str:
        from django.urls import reverse

        return reverse("guarantees:review:credit_report", args=[self.application_id, self.pk])


class SurveyDecisionKind(models.TextChoices):
    SKIP = "skip", _("현장조사 생략")
    REQUIRE = "require", _("현장조사 실시")


@tracked
class SurveyDecision(models.Model):
    """현장조사 판단 by hand: staff skip or require the survey whatever the score says, with a
    mandatory reason (seed 001, finding 20-3: a poor business case or low credit ⇒ survey).
    The latest decision of the application wins over the credit-score rule."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="survey_decisions",
        verbose_name=_("신청"),
    )
    decision = models.CharField(_("판단"), max_length=10, choices=SurveyDecisionKind.choices)
    reason = models.TextField(_("사유"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("판단자"),
    )
    decided_at = models.DateTimeField(_("판단 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("현장조사 판단")
        verbose_name_plural = _("현장조사 판단")
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="survey_decision_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.get_decision_display()}"


@tracked
class SurveyAppointment(models.Model):
    """현장조사 방문 일정, as the reviewer records it when the survey starts: when, who comes
    (with the contact the organisation data has), and whom to call to change it. A change is
    a new row (the earlier one stays, marked by the later one as 변경); the newest is the one
    the applicant is told."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="survey_appointments",
        verbose_name=_("보증 신청"),
    )
    visit_at = models.DateTimeField(_("방문 일시"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("방문 직원"),
    )
    visitor_contact = models.CharField(_("방문 직원 연락처"), max_length=40, blank=True)
    change_contact = models.CharField(_("일정 변경 문의처"), max_length=120)
    reason = models.CharField(_("일정 변경 사유"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("기록한 사람"),
    )
    created_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("현장조사 일정")
        verbose_name_plural = _("현장조사 일정")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} 현장조사 {self.visit_at:%Y-%m-%d %H:%M}"


@track()
class Screening(models.Model):
    """보증심사: factor scores (JSON of factor code → points, weights copied at the time),
    the weighted score out of 100, the recommended amount and the screener's comment."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="screenings",
        verbose_name=_("보증 신청"),
    )
    screener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("심사자")
    )
    factor_scores = models.JSONField(_("항목별 점수"), default=list)
    score = models.DecimalField(_("심사 점수"), max_digits=5, decimal_places=1)
    recommended_amount_krw = models.BigIntegerField(_("추천 금액(원)"))
    comment = models.TextField(_("심사 의견"))
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("보증심사")
        verbose_name_plural = _("보증심사")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recommended_amount_krw__gt=0),
                name="screening_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} 심사 {self.score}점"


@track()
class CommitteeDecision(models.Model):
    """보증심사위원회 의결 for an amount above every single person's authority."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="committee_decisions",
        verbose_name=_("보증 신청"),
    )
    committee = models.ForeignKey(
        "branches.Committee", on_delete=models.PROTECT, verbose_name=_("위원회")
    )
    members_present = models.ManyToManyField(
        "branches.CommitteeMember", verbose_name=_("출석 위원"), related_name="+"
    )
    held_on = models.DateField(_("개최일"))
    approved = models.BooleanField(_("가결"))
    amount_krw = models.BigIntegerField(_("의결 금액(원)"))
    minutes = models.TextField(_("의결 요지"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("기록자")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("기록 시각"))

    class Meta:
        verbose_name = _("위원회 의결")
        verbose_name_plural = _("위원회 의결")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} 위원회 {'가결' if self.approved else '부결'}"


@track()
class ReviewApproval(models.Model):
    """승인: who approved what amount under which authority. An objection by the audit office
    supersedes it (the application needs a fresh approval); nobody approves twice."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="approvals", verbose_name=_("보증 신청")
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("승인자")
    )
    role = models.CharField(_("승인 권한"), max_length=30)
    amount_krw = models.BigIntegerField(_("승인 금액(원)"))
    authority = models.ForeignKey(
        ApprovalAuthority, on_delete=models.PROTECT, verbose_name=_("적용 전결 한도")
    )
    committee_decision = models.ForeignKey(
        CommitteeDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("위원회 의결"),
    )
    comment = models.TextField(_("승인 의견"), blank=True)
    superseded_at = models.DateTimeField(_("무효화 일시"), null=True, blank=True)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("승인")
        verbose_name_plural = _("승인")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "approver"], name="approval_once_per_person"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(superseded_at__isnull=True),
                name="approval_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_krw__gt=0), name="approval_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} 승인 {format_korean_amount(self.amount_krw)}"


class PreAuditOutcome(models.TextChoices):
    CLEARED = "cleared", _("이상 없음")  # the approval stands
    OBJECTED = "objected", _("이의 제기")  # back to awaiting approval, capacity released


@track()
class PreAuditDecision(models.Model):
    """사전감사 결과 by the audit office."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="pre_audits",
        verbose_name=_("보증 신청"),
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("감사자")
    )
    outcome = models.CharField(_("결과"), max_length=10, choices=PreAuditOutcome.choices)
    reason = models.TextField(_("의견"), blank=True)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("사전감사")
        verbose_name_plural = _("사전감사")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} 사전감사 {self.get_outcome_display()}"


class FeeInstalment(models.Model):
    """보증료 납부 일정 written at issuance: one row (up-front) or one per year (annual)."""

    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="fee_instalments",
        verbose_name=_("신용보증"),
    )
    seq = models.PositiveSmallIntegerField(_("회차"))
    due_on = models.DateField(_("납부 기한"))
    period_start = models.DateField(_("대상 기간 시작"))
    period_end = models.DateField(_("대상 기간 종료"))
    amount_krw = models.BigIntegerField(_("보증료(원)"))

    class Meta:
        verbose_name = _("보증료 납부 일정")
        verbose_name_plural = _("보증료 납부 일정")
        ordering = ["guarantee", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["guarantee", "seq"], name="fee_instalment_unique"),
            models.CheckConstraint(
                condition=models.Q(amount_krw__gte=0), name="fee_instalment_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guarantee} 보증료 {self.seq}회차"


# The application's status history at the database level (trigger-based: bulk updates are
# recorded too). The domain history (who/why) is ApplicationEvent.
track(
    pghistory.UpdateEvent("status_changed", condition=pghistory.AnyChange("status")),
    fields=["status", "amount_krw", "approved_amount_krw"],
    model_name="ApplicationStatusHistory",
    verbose_name="신청 상태 이력",
)(Application)
