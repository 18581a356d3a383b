"""은행 API 키: issued, looked up, rotated and revoked here only (the command, the admin and the
API's authentication all come through these functions).

A key reads `bk_<10 hex>.<43 url-safe characters>`: the part before the dot is the public
`prefix` (names the key in lists and the call log), the rest 256 random bits. Only the SHA-256
of the whole key is stored; the key is shown once, when it is issued.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.errors import DomainError
from programs.models import Bank

from ..models import BankApiKey


class ApiKeyError(DomainError, ValueError):
    """A key command that cannot be done (Korean message)."""

    code = "api_key"


@dataclass(frozen=True)
class IssuedKey:
    record: BankApiKey
    key: str  # the only time the key exists outside the bank's hands


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def bank_by_code_or_name(text: str) -> Bank:
    """--bank B: the bank's code (IBK) or its name as in guarantees.csv (IBK기업은행)."""
    text = (text or "").strip()
    bank = Bank.objects.filter(Q(code__iexact=text) | Q(name=text)).first()
    if bank is None:
        known = ", ".join(f"{b.code}({b.name})" for b in Bank.objects.order_by("code"))
        raise ApiKeyError(f"은행 {text!r}을 찾을 수 없습니다. 은행 코드 또는 이름: {known}")
    return bank


def api_key_issue(*, bank: Bank, label: str = "", actor=None) -> IssuedKey:
    """A new key for the bank."""
    prefix = f"bk_{secrets.token_hex(5)}"
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    record = BankApiKey.objects.create(
        bank=bank, prefix=prefix, key_sha256=_digest(key), label=label[:100], created_by=actor
    )
    return IssuedKey(record=record, key=key)


def api_key_rotate(*, prefix: str, overlap_days: int = 7, actor=None) -> IssuedKey:
    """A new key replacing `prefix`; the old one keeps working `overlap_days` more days."""
    with transaction.atomic():
        old = BankApiKey.objects.select_for_update().filter(prefix=prefix).first()
        if old is None or old.revoked_at is not None:
            raise ApiKeyError(f"사용 중인 키 {prefix!r}가 없습니다.")
        issued = api_key_issue(bank=old.bank, label=old.label, actor=actor)
        old.replaced_by = issued.record
        old.expires_at = timezone.now() + dt.timedelta(days=overlap_days)
        old.save(update_fields=["replaced_by", "expires_at"])
        return issued


def api_key_revoke(*, prefix: str, actor=None) -> BankApiKey:
    with transaction.atomic():
        record = BankApiKey.objects.select_for_update().filter(prefix=prefix).first()
        if record is None:
            raise ApiKeyError(f"키 {prefix!r}가 없습니다.")
        if record.revoked_at is not None:
            raise ApiKeyError(
                f"키 {prefix!r}는 이미 {record.revoked_at:%Y-%m-%d %H:%M}에 폐기되었습니다."
            )
        record.revoked_at = timezone.now()
        record.revoked_by = actor
        record.save(update_fields=["revoked_at", "revoked_by"])
        return record


def key_state(record: BankApiKey, now=None) -> str:
    now = now or timezone.now()
    if record.revoked_at is not None:
        return "폐기"
    if record.expires_at is not None and record.expires_at <= now:
        return "만료"
    return "사용 중"


def api_key_authenticate(key: str) -> BankApiKey | None:
    """The live key this is, or None (unknown, wrong secret, revoked, expired)."""
    prefix, dot, _secret = (key or "").partition(".")
    if not dot or not prefix.startswith("bk_") or len(prefix) > 16:
        return None
    record = BankApiKey.objects.select_related("bank").filter(prefix=prefix).first()
    if record is None or not hmac.compare_digest(record.key_sha256, _digest(key)):
        return None
    now = timezone.now()
    if key_state(record, now) != "사용 중":
        return None
    if record.last_used_at is None or now - record.last_used_at > dt.timedelta(minutes=1):
        BankApiKey.objects.filter(pk=record.pk).update(last_used_at=now)
    return record
