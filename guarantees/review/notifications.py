"""Telling the applicant about each change: an email, and a short text message through a
pluggable backend (SMS / KakaoTalk 알림톡).

This installation has no SMS or KakaoTalk contract, so the shipped backends only print
(`ConsoleBackend`) or append to a file (`FileBackend`, path in `NOTIFICATION_FILE_PATH`).
Choose with the setting `NOTIFICATION_BACKEND` (dotted path); a real provider is a class with
the same `send(*, to, text)` method. Sending happens after commit and never breaks the
transition that caused it: a failure is logged.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

from common.foundation import foundation, sender
from common.site import absolute_reverse

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "guarantees.review.notifications.ConsoleBackend"

# What the applicant reads, per new status (Korean, short enough for an SMS).
MESSAGES = {
    "submitted": "신청이 접수되었습니다.",
    "supplement_requested": "서류 보완이 필요합니다. 포털에서 요청 내용을 확인해 주세요.",
    "docs_verified": "제출 서류 확인이 끝났습니다.",
    "field_survey": "현장조사 방문 일정이 정해졌습니다.",
    "screening": "보증심사가 진행 중입니다.",
    "awaiting_approval": "심사가 끝나 승인 절차가 진행 중입니다.",
    "pre_audit": "승인 전 사전감사가 진행 중입니다.",
    "approved": "보증이 승인되었습니다. 기한 안에 전자약정을 해 주세요.",
    "agreement_signed": "전자약정이 완료되었습니다.",
    "issued": "보증서가 발급되었습니다.",
    "rejected": "보증 신청이 거절되었습니다. 사유는 포털에서 확인해 주세요.",
    "withdrawn": "신청이 취하되었습니다.",
    "expired": "약정 기한이 지나 승인이 만료되었습니다.",
}


class ConsoleBackend:
    """Prints the message (development)."""

    def send(self, *, to: str, text: str) -> None:
        sys.stdout.write(f"[SMS/알림톡 → {to}] {text}\n")


class FileBackend:
    """Appends one line per message to NOTIFICATION_FILE_PATH (default var/notifications.log)."""

    def send(self, *, to: str, text: str) -> None:
        path = Path(
            getattr(settings, "NOTIFICATION_FILE_PATH", settings.BASE_DIR / "var/notifications.log")
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{timezone.now().isoformat()}\t{to}\t{text}\n")


class MemoryBackend:
    """Keeps messages in `outbox` (tests)."""

    outbox: list[tuple[str, str]] = []  # class-level, like django.core.mail.outbox

    def send(self, *, to: str, text: str) -> None:
        type(self).outbox.append((to, text))


def get_backend():
    return import_string(getattr(settings, "NOTIFICATION_BACKEND", DEFAULT_BACKEND))()


def notify_status_change(*, event_id: int) -> None:
    """Email and text the applicant about one ApplicationEvent. Never raises."""
    from ..models import ApplicationEvent

    try:
        event = ApplicationEvent.objects.select_related(
            "application__applicant", "application__program"
        ).get(pk=event_id)
        app = event.application
        user = app.applicant
        label = MESSAGES.get(event.to_status, "신청 상태가 변경되었습니다.")
        number = app.tracking_no or f"#{app.pk}"
        text = f"[{foundation().name}] {app.program.name} 신청({number}): {label}"
        if user.email:
            body = text
            if event.reason and event.to_status in ("supplement_requested", "rejected"):
                body += f"\n\n사유: {event.reason}"
            if event.reason and event.to_status == "field_survey":  # the appointment
                body += f"\n\n{event.reason}"
            link = absolute_reverse("guarantees:applicant:status", app.pk)
            body += f"\n\n자세한 내용: {link}"
            send_mail(
                subject=f"[{foundation().name}] 보증 신청 진행 안내",
                message=body,
                from_email=sender(),
                recipient_list=[user.email],
            )
        if user.mobile:
            get_backend().send(to=user.mobile, text=text)
    except Exception:  # a notification must never undo or block the transition
        logger.exception("notification for application event %s failed", event_id)


def notify_survey_rescheduled(*, appointment_id: int) -> None:
    """Email and text the applicant the new survey appointment. Never raises."""
    from ..models import SurveyAppointment
    from .services import appointment_text

    try:
        appointment = SurveyAppointment.objects.select_related(
            "application__applicant", "application__program", "visitor"
        ).get(pk=appointment_id)
        app = appointment.application
        user = app.applicant
        number = app.tracking_no or f"#{app.pk}"
        text = (
            f"[{foundation().name}] {app.program.name} 신청({number}): 현장조사 일정이 "
            f"변경되었습니다. {appointment_text(appointment)}"
        )
        if user.email:
            link = absolute_reverse("guarantees:applicant:status", app.pk)
            send_mail(
                subject=f"[{foundation().name}] 현장조사 일정 변경 안내",
                message=f"{text}\n\n변경 사유: {appointment.reason}\n\n자세한 내용: {link}",
                from_email=sender(),
                recipient_list=[user.email],
            )
        if user.mobile:
            get_backend().send(to=user.mobile, text=text)
    except Exception:  # a notification must never undo or block the reschedule
        logger.exception("notification for survey appointment %s failed", appointment_id)
