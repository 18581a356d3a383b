"""What the contributors (a city, a district) pay for the programmes they fund, beyond their
contributions (which are base assets in the journal): the interest subsidy (이차보전)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ContributorOfficer", "SubsidyPayment"]


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
