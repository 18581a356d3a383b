"""Call rounds (공고) and the fund committee that selects in them (issue 13 part 4, seed 003).

A programme that has rounds takes applications only while one of its rounds is open; each
submitted application is gathered into that round (`RoundEntry`). The fund committee
(기금운용심의위원회: members and quorum as data, per programme or per contributor) meets once per
round: the attendance and the minutes are recorded, each present member's vote per
application, then the selected list (within the round's budget). The selected applications
go to the bank for its final check, whose answer is recorded on the entry.

Written only by guarantees.rounds.services (pghistory records every change of what decides).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import tracked

__all__ = [
    "BankAnswer",
    "CallRound",
    "CommitteeMeeting",
    "CommitteeMember",
    "CommitteeVote",
    "FundCommittee",
    "RoundEntry",
    "RoundOutcome",
    "VoteChoice",
]


@tracked
class FundCommittee(models.Model):
    """기금운용심의위원회: who sits on it and how many must be present to decide."""

    name = models.CharField(_("위원회 명칭"), max_length=100)
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_committees",
        verbose_name=_("보증 상품"),
        help_text=_("상품 하나의 위원회이면 상품을, 출연기관의 위원회이면 출연기관을 적습니다."),
    )
    contributor = models.CharField(_("출연기관"), max_length=100, blank=True)
    quorum = models.PositiveSmallIntegerField(_("의결 정족수(출석 위원 수)"))
    created_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("기금운용심의위원회")
        verbose_name_plural = _("기금운용심의위원회")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(program__isnull=False) | ~models.Q(contributor=""),
                name="fund_committee_has_owner",
            ),
            models.CheckConstraint(condition=models.Q(quorum__gte=1), name="fund_committee_quorum"),
        ]

    def __str__(self) -> str:
        return self.name


@tracked
class CommitteeMember(models.Model):
    """위원: a person on the committee (an outside expert has no portal account)."""

    committee = models.ForeignKey(
        FundCommittee, on_delete=models.PROTECT, related_name="members", verbose_name=_("위원회")
    )
    name = models.CharField(_("성명"), max_length=50)
    affiliation = models.CharField(_("소속·직위"), max_length=100, blank=True)
    is_chair = models.BooleanField(_("위원장"), default=False)
    is_active = models.BooleanField(_("재임 중"), default=True)

    class Meta:
        verbose_name = _("위원회 위원")
        verbose_name_plural = _("위원회 위원")
        ordering = ["committee", "-is_chair", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="committee_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


@tracked
class CallRound(models.Model):
    """공고: one call of a programme, e.g. '2021년 상반기(1월) 보증특례 지원 공고'."""

    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        related_name="call_rounds",
        verbose_name=_("보증 상품"),
    )
    committee = models.ForeignKey(
        FundCommittee,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("심의 위원회"),
    )
    title = models.CharField(_("공고 제목"), max_length=200)
    announcement = models.TextField(_("공고 내용"))
    opens_on = models.DateField(_("접수 시작일"))
    closes_on = models.DateField(_("접수 마감일"))
    budget_krw = models.BigIntegerField(_("회차 예산(원)"))
    meeting_on = models.DateField(_("심의 예정일"))
    decided_at = models.DateTimeField(_("선정 확정 시각"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("선정 확정자"),
    )
    created_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("공고(접수 회차)")
        verbose_name_plural = _("공고(접수 회차)")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__lte=models.F("closes_on")),
                name="call_round_dates_order",
            ),
            models.CheckConstraint(
                condition=models.Q(meeting_on__gte=models.F("closes_on")),
                name="call_round_meeting_after_close",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_krw__gt=0), name="call_round_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on and self.decided_at is None


class RoundOutcome(models.TextChoices):
    PENDING = "pending", _("심의 대기")
    SELECTED = "selected", _("선정")
    NOT_SELECTED = "not_selected", _("미선정")


class BankAnswer(models.TextChoices):
    PENDING = "pending", _("은행 심사 대기")
    APPROVED = "approved", _("은행 최종 승인")
    DECLINED = "declined", _("은행 부적격")


@tracked
class RoundEntry(models.Model):
    """회차 접수: one submitted application gathered into a round, and what became of it."""

    call_round = models.ForeignKey(
        CallRound, on_delete=models.PROTECT, related_name="entries", verbose_name=_("공고")
    )
    application = models.OneToOneField(
        "guarantees.Application",
        on_delete=models.PROTECT,
        related_name="round_entry",
        verbose_name=_("보증 신청"),
    )
    outcome = models.CharField(
        _("심의 결과"), max_length=20, choices=RoundOutcome.choices, default=RoundOutcome.PENDING
    )
    outcome_reason = models.TextField(_("결과 사유"), blank=True)
    sent_to_bank_at = models.DateTimeField(_("은행 통보 시각"), null=True, blank=True)
    bank_answer = models.CharField(
        _("은행 최종 심사"), max_length=20, choices=BankAnswer.choices, default=BankAnswer.PENDING
    )
    bank_reason = models.TextField(_("은행 회신 내용"), blank=True)
    bank_answered_at = models.DateTimeField(_("은행 회신 시각"), null=True, blank=True)
    bank_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("은행 회신 기록자"),
    )
    created_at = models.DateTimeField(_("접수 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("회차 접수")
        verbose_name_plural = _("회차 접수")
        ordering = ["call_round", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="not_selected") | ~models.Q(outcome_reason=""),
                name="round_entry_not_selected_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(bank_answer="pending") | models.Q(outcome="selected"),
                name="round_entry_bank_answers_selected_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_round} · {self.application}"


class CommitteeMeeting(models.Model):
    """심의 회의: the round's one selection meeting — who came, and the minutes."""

    call_round = models.OneToOneField(
        CallRound, on_delete=models.PROTECT, related_name="meeting", verbose_name=_("공고")
    )
    held_on = models.DateField(_("개최일"))
    attendees = models.ManyToManyField(
        CommitteeMember, related_name="meetings", verbose_name=_("출석 위원")
    )
    minutes = models.TextField(_("회의록"))
    minutes_file_path = models.CharField(_("회의록 파일 경로"), max_length=300, blank=True)
    minutes_file_name = models.CharField(_("회의록 파일 이름"), max_length=200, blank=True)
    minutes_file_type = models.CharField(_("회의록 파일 형식"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("간사")
    )
    recorded_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("위원회 심의 회의")
        verbose_name_plural = _("위원회 심의 회의")

    def __str__(self) -> str:
        return f"{self.call_round} 심의 ({self.held_on})"


class VoteChoice(models.TextChoices):
    FOR = "for", _("찬성")
    AGAINST = "against", _("반대")
    ABSTAIN = "abstain", _("기권")


@tracked
class CommitteeVote(models.Model):
    """위원 한 명의 한 신청에 대한 표결."""

    meeting = models.ForeignKey(
        CommitteeMeeting, on_delete=models.PROTECT, related_name="votes", verbose_name=_("회의")
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.PROTECT, related_name="votes", verbose_name=_("위원")
    )
    entry = models.ForeignKey(
        RoundEntry, on_delete=models.PROTECT, related_name="votes", verbose_name=_("회차 접수")
    )
    choice = models.CharField(_("표결"), max_length=10, choices=VoteChoice.choices)
    note = models.CharField(_("의견"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("기록자"),
    )
    recorded_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("위원 표결")
        verbose_name_plural = _("위원 표결")
        ordering = ["entry", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member", "entry"], name="committee_vote_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_choice_display()} ({self.entry})"
