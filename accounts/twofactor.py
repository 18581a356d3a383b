"""Staff second factor (django-otp): a TOTP device per staff member, backup codes, resets.

Every role but the applicant must verify the session with a code after the password
(accounts.middleware.StaffTwoFactorMiddleware). One confirmed TOTP device per person, made by
enrolment; one static device holding the BACKUP_CODE_COUNT single-use backup codes.
"""

from __future__ import annotations

import enum
import logging
import re
import time
import unicodedata

import segno
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

logger = logging.getLogger(__name__)

APP_DEVICE_NAME = "인증 앱"
BACKUP_DEVICE_NAME = "백업 코드"
# How far back a code still counts as "expired" rather than "wrong" (in 30-second steps).
EXPIRED_LOOKBACK_STEPS = 20


def totp_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator device, if enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def needs_second_factor(user) -> bool:
    return bool(user.is_authenticated and user.is_staff_member)


def totp_device_pending(user: User) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (made on first visit, reused after,
    so that reloading the page does not change the secret the person is typing in)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG (made here; nothing is fetched)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=2, omitsize=True, title="인증 앱 등록용 QR 코드"
    )


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The Base32 secret in groups of four, for apps that cannot scan a QR code."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_token(raw: str) -> str:
    """Codes as people type them: full-width digits, spaces and dashes tolerated."""
    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"[\s\-]", "", text).lower()


class Failure(enum.Enum):
    WRONG = "wrong"
    EXPIRED = "expired"
    REUSED = "reused"
    BACKUP_INVALID = "backup_invalid"
    MALFORMED = "malformed"


FAILURE_MESSAGES = {
    Failure.WRONG: "인증 코드가 올바르지 않습니다. 인증 앱에 지금 표시된 6자리 숫자를 입력해 주세요.",
    Failure.EXPIRED: "유효시간(30초)이 지난 인증 코드입니다. 인증 앱에 새로 표시된 코드를 입력해 주세요.",
    Failure.REUSED: "이미 사용한 인증 코드입니다. 같은 코드는 한 번만 쓸 수 있으니 다음 코드가 나오면 입력해 주세요.",
    Failure.BACKUP_INVALID: "백업 코드가 올바르지 않거나 이미 사용한 코드입니다. 백업 코드는 한 번씩만 쓸 수 있습니다.",
    Failure.MALFORMED: "인증 앱의 6자리 숫자 또는 8자리 백업 코드를 입력해 주세요.",
}


def _diagnose_totp(device: TOTPDevice, token: str) -> Failure:
    """Why a 6-digit code failed: it was valid earlier and already used, valid earlier and
    now too old, or never valid."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()  # one instant for the whole search
    for back in range(-device.tolerance, EXPIRED_LOOKBACK_STEPS + 1):
        totp.drift = device.drift - back
        if totp.token() == int(token):
            if totp.t() <= device.last_t:
                return Failure.REUSED
            return Failure.EXPIRED if back > device.tolerance else Failure.WRONG
    return Failure.WRONG


def verify_code(user: User, raw: str) -> tuple[object | None, Failure | None]:
    """Check a TOTP or backup code. Returns (device that accepted it, None) or (None, why).

    django-otp refuses a TOTP code at or below the last accepted time step (no replay) and
    deletes a backup code once used."""
    token = normalise_token(raw)
    with transaction.atomic():
        if re.fullmatch(r"\d{6}", token):
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
            device = device.order_by("pk").first()
            if device is None:
                return None, Failure.WRONG
            if device.verify_token(token):
                return device, None
            return None, _diagnose_totp(device, token)
        if re.fullmatch(r"[a-z2-7]{8}", token):
            backup = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
            backup = backup.first()
            if backup is not None and backup.verify_token(token):
                return backup, None
            return None, Failure.BACKUP_INVALID
    return None, Failure.MALFORMED


@transaction.atomic
def backup_codes_regenerate(user: User) -> list[str]:
    """Replace every backup code of the user by BACKUP_CODE_COUNT new ones; the old ones stop
    working at once. The new codes are returned to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_remaining(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def totp_enrol_confirm(user: User, device: TOTPDevice, raw: str) -> list[str] | None:
    """Confirm an enrolment with the first code the app shows. Returns the new backup codes,
    or None when the code is not right (the device stays unconfirmed)."""
    token = normalise_token(raw)
    if not re.fullmatch(r"\d{6}", token) or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    logger.info("two-factor: user %s enrolled an authenticator app", user.pk)
    return backup_codes_regenerate(user)


@transaction.atomic
def two_factor_reset(*, user: User, actor: User) -> int:
    """Remove a person's authenticator and backup codes (lost phone); they enrol anew at their
    next login. Returns how many devices were removed."""
    removed = TOTPDevice.objects.filter(user=user).count()
    removed += StaticDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # its backup codes go with it
    logger.warning(
        "two-factor: user %s (%s) reset by %s (%s)", user.pk, user.username, actor.pk, actor
    )
    return removed
