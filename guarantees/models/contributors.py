"""What the contributors (a city, a district) pay for the programmes they fund, beyond their
contributions (which are base assets in the journal): the interest subsidy (이차보전)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import tracked

__all__ = [
    "ContributorOfficer",
    "SubsidyClaim",
    "SubsidyClaimLine",
    "SubsidyClaimStatus",
    "SubsidyPayment",
]


class ContributorOfficer(models.Model):
    """출연기관 담당자: a user's membership of one contributor (a city or a district, named as
    in the journal's contributor dimension). The programmes it funds are those its
    contributions are booked to; the officer sees those only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contributor_officer",
        verbose_name=_("사용자"),
    )
    contributor = models.CharField(_("출연기관"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("등록 시각"))

    class Meta:
        verbose_name = _("출연기관 담당자")
        verbose_name_plural = _("출연기관 담당자")

    def __str__(self) -> str:
        return f"{self.user} ({self.contributor})"


class SubsidyPayment(models.Model):
    """이차보전 지급: the contributor's payment of part of a guarantee's loan interest over a
    period. Written only by guarantees.contributors.services.subsidy_payment_record, which
    books its journal entry (memo.subsidy_paid / contra, programme and guarantee dimensions)
    in the same transaction."""

    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        related_name="subsidy_payments",
        verbose_name=_("상품"),
    )
    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="subsidy_payments",
        verbose_name=_("보증"),
    )
    period_start = models.DateField(_("대상 기간 시작"))
    period_end = models.DateField(_("대상 기간 끝"))
    amount_krw = models.BigIntegerField(_("지급액(원)"))
    paid_on = models.DateField(_("지급일"), db_index=True)
    contributor = models.CharField(_("출연기관"), max_length=100, blank=True)
    entry = models.OneToOneField(
        "ledger.JournalEntry", on_delete=models.PROTECT, related_name="+", verbose_name=_("분개")
    )
    created_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("이차보전 지급")
        verbose_name_plural = _("이차보전 지급")
        ordering = ["-paid_on", "-id"]
        indexes = [models.Index(fields=["program", "paid_on"], name="subsidy_program_paid")]
        constraints = [
            models.UniqueConstraint(
                fields=["guarantee", "period_start", "period_end"], name="subsidy_period_once"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_krw__gt=0), name="subsidy_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="subsidy_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guarantee_id} {self.period_start}~{self.period_end} {self.amount_krw:,}원"


class SubsidyClaimStatus(models.TextChoices):
    PENDING = "pending", _("승인 대기")  # prepared by the foundation, waiting for a second person
    APPROVED = "approved", _("승인(지급 대기)")  # booked as payable; the contributor owes it
    REJECTED = "rejected", _("반려")  # nothing booked; the period may be claimed again
    PAID = "paid", _("지급 완료")  # the contributor paid; SubsidyPayment rows per guarantee


# A period is claimed once: every status but 반려 holds it.
LIVE_CLAIM = ~models.Q(status=SubsidyClaimStatus.REJECTED)


@tracked
class SubsidyClaim(models.Model):
    """이차보전 청구: a programme's interest subsidy for one period (a month or a quarter, as
    the programme says), gathered from its guarantees' lines, approved by the foundation (a
    second person), paid by the contributor. Written only by guarantees.contributors.claims."""

    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        related_name="subsidy_claims",
        verbose_name=_("상품"),
    )
    contributor = models.CharField(_("출연기관"), max_length=100, blank=True)
    period_start = models.DateField(_("청구 기간 시작"))
    period_end = models.DateField(_("청구 기간 끝"))
    status = models.CharField(
        _("상태"),
        max_length=10,
        choices=SubsidyClaimStatus.choices,
        default=SubsidyClaimStatus.PENDING,
    )
    amount_krw = models.BigIntegerField(_("청구액(원)"))
    guarantees_count = models.PositiveIntegerField(_("대상 보증 수"))
    # guarantees of the programme that the bank has not reported as executed: not claimed
    not_executed_count = models.PositiveIntegerField(_("대출실행 미보고 보증 수"), default=0)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("작성자"),
    )
    prepared_at = models.DateTimeField(_("작성 시각"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("결정자"),
    )
    decided_at = models.DateTimeField(_("결정 시각"), null=True, blank=True)
    decision_reason = models.CharField(_("반려 사유"), max_length=300, blank=True)
    payable_entry = models.OneToOneField(
        "ledger.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("미지급 분개"),
    )
    paid_on = models.DateField(_("지급일"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("지급 기록자"),
    )
    settlement_entry = models.OneToOneField(
        "ledger.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("미지급 정리 분개"),
    )

    class Meta:
        verbose_name = _("이차보전 청구")
        verbose_name_plural = _("이차보전 청구")
        ordering = ["-period_start", "program_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "period_start"],
                condition=LIVE_CLAIM,
                name="subsidy_claim_period_once",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_krw__gt=0), name="subsidy_claim_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="subsidy_claim_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.period_start}~{self.period_end} {self.amount_krw:,}원"


class SubsidyClaimLine(models.Model):
    """이차보전 청구 내역: one guarantee's subsidy in a claim's period, at the rate the bank
    reported at loan execution; becomes a SubsidyPayment when the claim is paid."""

    claim = models.ForeignKey(
        SubsidyClaim, on_delete=models.PROTECT, related_name="lines", verbose_name=_("청구")
    )
    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="subsidy_claim_lines",
        verbose_name=_("보증"),
    )
    loan_rate_pct = models.DecimalField(_("대출 금리(%)"), max_digits=6, decimal_places=3)
    amount_krw = models.BigIntegerField(_("이차보전액(원)"))
    payment = models.OneToOneField(
        SubsidyPayment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim_line",
        verbose_name=_("지급"),
    )

    class Meta:
        verbose_name = _("이차보전 청구 내역")
        verbose_name_plural = _("이차보전 청구 내역")
        ordering = ["claim", "guarantee_id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "guarantee"], name="subsidy_line_once"),
            models.CheckConstraint(
                condition=models.Q(amount_krw__gt=0), name="subsidy_line_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.guarantee_id} {self.amount_krw:,}원"
