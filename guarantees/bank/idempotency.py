"""Idempotency-Key for every POST of the bank API.

`bank_post` runs the booking and stores its answer in one transaction, under a PostgreSQL
advisory lock on (bank, key): of 20 copies arriving at once, the first books and answers; the
others wait for its commit, then find the stored answer and return it (`replayed`). The same
key with another body (another call, path or JSON) is `idempotency_key_reused` (409).

A refused request (a BankProblem) is not stored: nothing was booked, and the bank may correct
the request and send it again under the same key (as Stripe does for rejected parameters).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from programs.models import Bank

from ..models import IdempotencyRecord
from .problems import BankProblem

KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as in HTTP header tokens


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict
    replayed: bool = False


def request_digest(operation: str, path: str, body: dict) -> str:
    canonical = json.dumps(
        {"operation": operation, "path": path, "body": body},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> str:
    if key is None or key == "":
        raise BankProblem(
            "idempotency_key_missing",
            "POST 요청에는 Idempotency-Key 헤더가 필요합니다 (예: UUID).",
        )
    if not KEY.match(key):
        raise BankProblem(
            "idempotency_key_invalid",
            "Idempotency-Key는 공백 없는 ASCII 문자 1~255자입니다.",
        )
    return key


def _lock(bank_id: int, key: str) -> None:
    digest = hashlib.sha256(f"bank-idempotency:{bank_id}:{key}".encode()).digest()
    lock_id = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def bank_post(
    *,
    bank: Bank,
    key: str | None,
    operation: str,
    path: str,
    body: dict,
    book: Callable[[], tuple[int, dict]],
) -> Answer:
    """Book once per (bank, key); `book` returns (status, JSON body) or raises BankProblem."""
    key = check_key(key)
    digest = request_digest(operation, path, body)
    with transaction.atomic():
        _lock(bank.id, key)
        existing = IdempotencyRecord.objects.filter(bank=bank, key=key).first()
        if existing is not None:
            if existing.request_sha256 != digest:
                raise BankProblem(
                    "idempotency_key_reused",
                    f"Idempotency-Key {key!r}는 다른 요청({existing.operation})에 이미 쓰였습니다. "
                    "요청마다 새 키를 쓰세요.",
                )
            return Answer(existing.status, existing.response, replayed=True)
        status, response = book()
        IdempotencyRecord.objects.create(
            bank=bank,
            key=key,
            operation=operation,
            request_sha256=digest,
            status=status,
            response=response,
        )
        return Answer(status, response)
