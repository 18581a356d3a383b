"""Maker-checker (four eyes on what decides), as Apache Fineract does: a change to an approval
authority, a review threshold or a multiplier threshold is first a proposal by one person and
takes effect only when a second person approves it (common/makerchecker.py)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("승인 대기")
    APPLIED = "applied", _("승인·적용")
    REJECTED = "rejected", _("반려")


class ChangeProposal(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("대상 종류")
    )
    object_id = models.CharField(_("대상 번호"), max_length=64, blank=True)  # blank: an addition
    summary = models.CharField(_("대상"), max_length=200)
    before = models.JSONField(_("변경 전"), default=dict)
    after = models.JSONField(_("변경 후"))
    status = models.CharField(
        _("상태"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("제안한 사람"),
    )
    proposed_at = models.DateTimeField(_("제안 일시"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("결정한 사람"),
    )
    decided_at = models.DateTimeField(_("결정 일시"), null=True, blank=True)
    reason = models.CharField(_("반려 사유"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("변경 제안(2인 승인)")
        verbose_name_plural = _("변경 제안(2인 승인)")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("proposed_by")),
                name="proposal_checker_is_not_maker",
            )
        ]

    def __str__(self) -> str:
        return f"변경 제안 #{self.pk} {self.summary}"
