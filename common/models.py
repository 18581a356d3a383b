"""The bottom layer's own records (common imports no other app):

- the foundation's identity as data (issue #17): one profile per install, set with
  `manage.py foundation_setup`, editable by a system administrator in the admin (with
  history), read everywhere a page, e-mail, certificate, report, number or 2FA issuer names
  the foundation;
- maker-checker (four eyes on what decides), as Apache Fineract does: a change to an approval
  authority, a review threshold or a multiplier threshold is first a proposal by one person
  and takes effect only when a second person approves it (common/makerchecker.py)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import track

from .logo import validate_logo


@track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class FoundationProfile(models.Model):
    """재단 정보: name, short code (number prefixes), 시·도 and its districts, address,
    representative, logo, e-mail sender and the 2FA issuer. There is only ever one row (pk=1)."""

    id = models.PositiveSmallIntegerField(
        primary_key=True, default=1, editable=False, verbose_name=_("번호")
    )
    name = models.CharField(_("재단 이름"), max_length=50, help_text=_("예: 인천신용보증재단"))
    code = models.CharField(
        _("약칭 코드"),
        max_length=10,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]{1,9}$",
                _("영문 대문자로 시작하는 2–10자의 영문 대문자·숫자여야 합니다 (예: ICGF)."),
            )
        ],
        help_text=_("신청·보증 번호 앞머리 (영문 대문자, 예: ICGF)"),
    )
    sido = models.CharField(_("시·도"), max_length=20, help_text=_("예: 인천광역시"))
    districts = models.TextField(_("관할 시·군·구"), blank=True, help_text=_("한 줄에 하나"))
    address = models.CharField(_("주소"), max_length=200, blank=True)
    representative = models.CharField(_("대표자(이사장)"), max_length=30, blank=True)
    logo = models.FileField(
        _("로고(직인)"),
        upload_to="foundation/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG 또는 JPEG, 512KB 이하: 화면 머리글, 보증서, 보고서 표지에 들어갑니다"),
    )
    email_sender = models.CharField(
        _("보내는 사람 주소"),
        max_length=200,
        blank=True,
        help_text=_("비우면 '재단 이름 <no-reply@…>' (설정의 DEFAULT_FROM_EMAIL 주소)"),
    )
    otp_issuer = models.CharField(
        _("2단계 인증 앱에 보일 이름"),
        max_length=60,
        blank=True,
        help_text=_("비우면 '재단 이름 보증 포털'"),
    )
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)

    class Meta:
        verbose_name = _("재단 정보")
        verbose_name_plural = _("재단 정보")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="foundation_profile_singleton"),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z][A-Z0-9]{1,9}$"),
                name="foundation_profile_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def district_list(self) -> list[str]:
        return [line.strip() for line in self.districts.splitlines() if line.strip()]

    @property
    def short_sido(self) -> str:
        """The 시·도 as people say it: 인천광역시 → 인천시, 서울특별시 → 서울시, 세종특별자치시 →
        세종시, 제주특별자치도 → 제주도, 경기도 → 경기도 ("시·도" when none is set)."""
        for long, short in (
            ("특별자치시", "시"),
            ("특별자치도", "도"),
            ("광역시", "시"),
            ("특별시", "시"),
        ):
            if self.sido.endswith(long):
                return self.sido.removesuffix(long) + short
        return self.sido or "시·도"

    @property
    def portal_name(self) -> str:
        return f"{self.name} 보증 포털"

    @property
    def issuer(self) -> str:
        return self.otp_issuer or self.portal_name


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
