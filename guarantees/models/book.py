"""The guarantee book after issuance: recourse claims with their grade history, fee
receipts, four-eyes requests. Amounts live in the journal; these rows hold what the journal cannot (grades,
schedules, who changed what)."""

from __future__ import annotations

__all__ = [
    "BookRequest",
    "BookRequestStatus",
    "ClaimGrade",
    "FeePayment",
    "RecourseClaim",
    "RecourseClaimGradeChange",
]

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import GuaranteeEventKind


class ClaimGrade(models.TextChoices):
    """구상채권 등급 (collectability, A best … F nothing to collect)."""

    A = "A", _("A (회수 확실)")
    B = "B", _("B (회수 가능)")
    C = "C", _("C (회수 의문)")
    D = "D", _("D (회수 곤란)")
    E = "E", _("E (회수 불능 우려)")
    F = "F", _("F (회수 불능)")


class RecourseClaim(models.Model):
    """구상채권: opened by a subrogation; its balance is the journal's `recourse_claims`
    balance for the guarantee (never stored here)."""

    guarantee = models.OneToOneField(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="recourse_claim",
        verbose_name=_("보증"),
    )
    opened_on = models.DateField(_("발생일"))
    grade = models.CharField(
        _("채권 등급"), max_length=1, choices=ClaimGrade.choices, default=ClaimGrade.B
    )
    closed_on = models.DateField(_("종결일"), null=True, blank=True)

    class Meta:
        verbose_name = _("구상채권")
        verbose_name_plural = _("구상채권")
        ordering = ["-opened_on"]

    def __str__(self) -> str:
        return f"{self.guarantee} 구상채권 ({self.grade})"


class RecourseClaimGradeChange(models.Model):
    """등급 변경 이력: who moved a claim from which grade to which, when and why."""

    claim = models.ForeignKey(
        RecourseClaim,
        on_delete=models.CASCADE,
        related_name="grade_changes",
        verbose_name=_("구상채권"),
    )
    from_grade = models.CharField(_("이전 등급"), max_length=1, blank=True)
    to_grade = models.CharField(_("변경 등급"), max_length=1, choices=ClaimGrade.choices)
    reason = models.TextField(_("사유"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("처리한 사람"),
    )
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("구상채권 등급 이력")
        verbose_name_plural = _("구상채권 등급 이력")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.claim}: {self.from_grade or '-'}→{self.to_grade}"


class FeePayment(models.Model):
    """보증료 수납: one fee instalment (the schedule written at issuance, FeeInstalment)
    received — cash in, fee income — at most once."""

    instalment = models.OneToOneField(
        "guarantees.FeeInstalment",
        on_delete=models.PROTECT,
        related_name="payment",
        verbose_name=_("보증료 납부 회차"),
    )
    paid_on = models.DateField(_("납부일"))
    journal_entry = models.OneToOneField(
        "ledger.JournalEntry", on_delete=models.PROTECT, related_name="+", verbose_name=_("분개")
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("수납한 사람"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("기록 시각"))

    class Meta:
        verbose_name = _("보증료 수납")
        verbose_name_plural = _("보증료 수납")
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.instalment} 수납 {self.paid_on}"


class BookRequestStatus(models.TextChoices):
    PENDING = "pending", _("승인 대기")  # entered by one person, waiting for a second
    APPROVED = "approved", _("승인")  # booked: the event and its journal entry exist
    REJECTED = "rejected", _("반려")  # terminal, with the reason


class BookRequest(models.Model):
    """사후관리 요청: a book event entered by one person and booked only when a second person
    approves it (four eyes, as for applications). The rows are the event's history."""

    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="book_requests",
        verbose_name=_("신용보증"),
    )
    kind = models.CharField(_("구분"), max_length=30, choices=GuaranteeEventKind.choices)
    date = models.DateField(_("일자"))
    amount_krw = models.BigIntegerField(_("금액(원)"), default=0)
    new_matures_on = models.DateField(_("연장 후 만기일"), null=True, blank=True)
    proceeds_krw = models.BigIntegerField(_("매각 대금(원)"), default=0)
    memo = models.CharField(_("적요"), max_length=300, blank=True)
    status = models.CharField(
        _("상태"),
        max_length=20,
        choices=BookRequestStatus.choices,
        default=BookRequestStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("요청한 사람"),
    )
    requested_at = models.DateTimeField(_("요청 일시"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("결정한 사람"),
    )
    decided_at = models.DateTimeField(_("처리 일시"), null=True, blank=True)
    decision_reason = models.TextField(_("처리 사유"), blank=True)
    event = models.OneToOneField(
        "guarantees.GuaranteeEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("반영된 사후관리 이력"),
    )

    class Meta:
        verbose_name = _("사후관리 요청")
        verbose_name_plural = _("사후관리 요청")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_krw__gte=0) & models.Q(proceeds_krw__gte=0),
                name="book_request_amounts_nonneg",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="book_request_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guarantee} {self.kind} {self.date} ({self.get_status_display()})"
