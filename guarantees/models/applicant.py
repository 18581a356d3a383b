"""The applicant journey's records: uploaded documents, supplement answers, the signed
electronic agreement (전자약정) and the certificate's verification code (진위확인).

Files live outside the web root (settings.PRIVATE_MEDIA_ROOT); a row keeps the path relative to
it, the type sniffed from the content and the SHA-256, and is served only by a view that checks
ownership. The signed agreement is immutable: PostgreSQL refuses UPDATE and DELETE (pgtrigger).
"""

from __future__ import annotations

__all__ = ["Agreement", "ApplicationDocument", "GuaranteeCertificate", "SupplementAnswer"]

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupplementAnswer(models.Model):
    """보완 답변: the applicant's note (and documents) answering a staff supplement request."""

    application = models.ForeignKey(
        "guarantees.Application",
        on_delete=models.CASCADE,
        related_name="supplement_answers",
        verbose_name=_("보증 신청"),
    )
    # The request_supplement event this answers (its `reason` is what staff asked for).
    request_event = models.ForeignKey(
        "guarantees.ApplicationEvent",
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("보완 요청"),
    )
    note = models.TextField(_("답변 내용"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("답변한 사람")
    )
    created_at = models.DateTimeField(_("답변 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("보완 답변")
        verbose_name_plural = _("보완 답변")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} 보완 답변"


class ApplicationDocument(models.Model):
    """제출 서류 파일. One current file per required document while drafting; supplement
    answers add theirs."""

    application = models.ForeignKey(
        "guarantees.Application",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("보증 신청"),
    )
    required_document = models.ForeignKey(
        "programs.RequiredDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("제출 서류 종류"),
    )
    supplement_answer = models.ForeignKey(
        SupplementAnswer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("보완 답변"),
    )
    original_name = models.CharField(_("파일 이름"), max_length=255)
    kind = models.CharField(_("파일 형식"), max_length=10)  # sniffed: pdf jpg png hwp hwpx
    content_type = models.CharField(max_length=100, verbose_name=_("파일 형식 (MIME)"))
    size_bytes = models.PositiveBigIntegerField(_("크기(바이트)"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256 해시"))
    # Relative to settings.PRIVATE_MEDIA_ROOT; never under STATIC/MEDIA roots.
    storage_path = models.CharField(max_length=300, unique=True, verbose_name=_("저장 경로"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("올린 사람")
    )
    uploaded_at = models.DateTimeField(_("올린 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("제출 서류 파일")
        verbose_name_plural = _("제출 서류 파일")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_staff_url(self) -> str:
        """Staff view the file through a view that checks branch access and logs the access
        (PRIVATE_MEDIA_ROOT is never served by URL)."""
        from django.urls import reverse

        return reverse("guarantees:review:document", args=[self.application_id, self.pk])


class Agreement(models.Model):
    """전자약정 서명 기록: a snapshot of the terms, its SHA-256, when, from where, by whom.

    Append-only: the database refuses UPDATE and DELETE of a signed record.
    """

    application = models.OneToOneField(
        "guarantees.Application",
        on_delete=models.PROTECT,
        related_name="agreement",
        verbose_name=_("보증 신청"),
    )
    terms = models.JSONField(_("약정 조건(서명 시점)"))
    terms_sha256 = models.CharField(_("약정 조건 SHA-256"), max_length=64)
    consents = models.JSONField(_("동의 항목"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("서명한 사람")
    )
    signed_at = models.DateTimeField(_("서명 일시"))
    ip_address = models.GenericIPAddressField(_("IP 주소"), null=True, blank=True)
    user_agent = models.CharField(_("브라우저 정보"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("전자약정")
        verbose_name_plural = _("전자약정")
        triggers = [
            pgtrigger.Protect(
                name="agreement_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} 전자약정"


class GuaranteeCertificate(models.Model):
    """보증서 진위확인 자료: the code printed on the certificate that a bank types in with the
    certificate number. Written when the guarantee is issued (certificate_issue)."""

    guarantee = models.OneToOneField(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("신용보증"),
    )
    check_code = models.CharField(_("진위확인 코드"), max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("발급 시각"))

    class Meta:
        verbose_name = _("보증서 진위확인")
        verbose_name_plural = _("보증서 진위확인")

    def __str__(self) -> str:
        return f"{self.guarantee} 진위확인"
