"""디딤돌센터 상담 기록 (consultations): counsellors log each consultation; yearly counts
against the target feed the council report and the pledge page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import tracked


class ConsultationChannel(models.TextChoices):
    VISIT = "visit", _("방문")  # at the centre or a branch
    PHONE = "phone", _("전화")
    ONLINE = "online", _("온라인")
    OUTREACH = "outreach", _("출장")  # islands, markets, people who cannot travel


class ConsultationTopic(models.TextChoices):
    STARTUP = "startup", _("창업")
    GROWTH = "growth", _("성장")
    RESTART = "restart", _("재기")
    UNFAIR_TRADE = "unfair_trade", _("불공정거래 피해")


class Consultation(models.Model):
    """상담: with a known business or a walk-in (name only, no registration number)."""

    date = models.DateField(_("상담일"), db_index=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("상담자"),
    )
    business = models.ForeignKey(
        "guarantees.Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("업체"),
    )
    walk_in_name = models.CharField(_("내방객 성명·상호"), max_length=100, blank=True)
    # The programme whose pledge this consultation counts for (a contributor's 상담 실적).
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("관련 상품"),
    )
    channel = models.CharField(_("상담 방식"), max_length=20, choices=ConsultationChannel.choices)
    topic = models.CharField(_("상담 분야"), max_length=20, choices=ConsultationTopic.choices)
    outcome = models.TextField(_("상담 결과"))
    created_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("상담 기록")
        verbose_name_plural = _("상담 기록")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(business__isnull=False) | ~models.Q(walk_in_name=""),
                name="consultation_has_client",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.client_label}"

    @property
    def client_label(self) -> str:
        return self.business.name if self.business_id else self.walk_in_name


@tracked
class ConsultationTarget(models.Model):
    """상담 목표 건수 for a year (pledge: 400+ in 2018, 600+ in 2019 and 2020)."""

    year = models.PositiveSmallIntegerField(_("연도"), unique=True)
    count = models.PositiveIntegerField(_("목표 건수"))

    class Meta:
        verbose_name = _("상담 목표")
        verbose_name_plural = _("상담 목표")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}년 상담 목표 {self.count}건"
