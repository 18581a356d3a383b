"""Posting to the journal. The only way money enters the ledger.

`journal_post` is idempotent: the same key returns the entry already booked, so a retried
job or a double-clicked button books once. Balance and immutability are enforced again by
PostgreSQL (see migrations), so a bug here cannot corrupt the ledger silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from django.db import IntegrityError, transaction
from django.db.models import Sum

from common.errors import DomainError

from . import chart
from .models import Account, JournalEntry, Posting


class LedgerError(DomainError):
    """A posting that would break the ledger's rules (message in Korean)."""

    code = "ledger"


@dataclass(frozen=True)
class Line:
    """One line of an entry: account code and signed amount (debit +, credit −)."""

    account: str
    amount_krw: int
    branch_id: int | None = None
    program_id: int | None = None
    guarantee_id: int | None = None
    contributor: str = ""


class Dimensions(TypedDict, total=False):
    """A line's dimensions (Line's keyword fields), typed for `Line(code, amount, **dims)`."""

    branch_id: int | None
    program_id: int | None
    guarantee_id: int | None
    contributor: str


_account_ids: dict[str, int] = {}


def account_id(code: str) -> int:
    """Account id by code (cached: the chart changes only by migration)."""
    if code not in _account_ids:
        try:
            _account_ids[code] = Account.objects.only("id").get(code=code).id
        except Account.DoesNotExist as exc:
            raise LedgerError(f"없는 계정과목입니다: {code}") from exc
    return _account_ids[code]


def journal_post(
    *,
    date: dt.date,
    kind: str,
    lines: Sequence[Line],
    idempotency_key: str,
    memo: str = "",
    created_by=None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Book one balanced entry; return the existing entry when the key was booked before."""
    if len(lines) < 2:
        raise LedgerError("분개에는 두 줄 이상이 필요합니다.")
    if any(line.amount_krw == 0 for line in lines):
        raise LedgerError("금액이 0인 분개 줄은 기록할 수 없습니다.")
    if sum(line.amount_krw for line in lines) != 0:
        raise LedgerError("차변과 대변의 합계가 일치하지 않습니다.")
    existing = JournalEntry.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        # A savepoint, so that losing a race on the key leaves the caller's transaction usable.
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                date=date,
                kind=kind,
                memo=memo[:300],
                idempotency_key=idempotency_key,
                created_by=created_by,
                reverses=reverses,
            )
            Posting.objects.bulk_create(
                Posting(
                    entry=entry,
                    entry_date=date,
                    account_id=account_id(line.account),
                    amount_krw=line.amount_krw,
                    branch_id=line.branch_id,
                    program_id=line.program_id,
                    guarantee_id=line.guarantee_id,
                    contributor=line.contributor,
                )
                for line in lines
            )
    except IntegrityError:
        existing = JournalEntry.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    return entry


def journal_reverse(
    *, entry: JournalEntry, date: dt.date, reason: str, created_by=None
) -> JournalEntry:
    """정정: a new entry with every posting's sign flipped (the original stays as it was)."""
    lines = [
        Line(
            account=p.account.code,
            amount_krw=-p.amount_krw,
            branch_id=p.branch_id,
            program_id=p.program_id,
            guarantee_id=p.guarantee_id,
            contributor=p.contributor,
        )
        for p in entry.postings.select_related("account")
    ]
    return journal_post(
        date=date,
        kind="reversal",
        lines=lines,
        idempotency_key=f"reversal:{entry.pk}",
        memo=f"정정: {reason}",
        created_by=created_by,
        reverses=entry,
    )


def _base_asset_key(*parts: object) -> str:
    """A stable idempotency key for a base-asset row: the same row always books once."""
    import hashlib

    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f"base_assets:{digest}"


def contribution_record(
    *,
    date: dt.date,
    category: str,
    amount_krw: int,
    contributor: str = "",
    program_id: int | None = None,
    memo: str = "",
    created_by=None,
) -> JournalEntry:
    """출연금 수입: cash in, base assets up in the contributor's category."""

    if amount_krw <= 0:
        raise LedgerError("출연금은 0원보다 커야 합니다.")
    return journal_post(
        date=date,
        kind="contribution",
        memo=memo or f"{contributor} 출연",
        idempotency_key=_base_asset_key(
            "contribution", date, category, contributor, program_id, amount_krw, memo
        ),
        created_by=created_by,
        lines=[
            Line(chart.CASH, amount_krw, program_id=program_id, contributor=contributor),
            Line(
                chart.base_asset_account(category),
                -amount_krw,
                program_id=program_id,
                contributor=contributor,
            ),
        ],
    )


def loss_closing_record(
    *, date: dt.date, amount_krw: int, memo: str = "", created_by=None
) -> JournalEntry:
    """결손 처리: the year's loss closed into accumulated loss (base assets down)."""
    if amount_krw <= 0:
        raise LedgerError("결손금은 0원보다 커야 합니다.")
    return journal_post(
        date=date,
        kind="loss_closing",
        memo=memo or f"{date.year}년 결손 처리",
        idempotency_key=_base_asset_key("loss", date, amount_krw, memo),
        created_by=created_by,
        lines=[Line(chart.ACCUMULATED_LOSS, amount_krw), Line(chart.PROFIT_AND_LOSS, -amount_krw)],
    )


def loss_close_year(*, year: int, actor=None):
    """결산: the year's loss (expenses − income of the year) closed into accumulated loss, base
    assets down. Books only what is not closed yet (a loss already booked on 12-31 — by an
    earlier closing or an imported base-asset `loss` row — counts), so running it twice books
    once. Returns the entry, or None when there is nothing (more) to close."""
    end = dt.date(year, 12, 31)
    net = (
        Posting.objects.filter(
            account__kind__in=["income", "expense"],
            entry_date__gte=dt.date(year, 1, 1),
            entry_date__lte=end,
        ).aggregate(total=Sum("amount_krw"))["total"]
        or 0
    )  # debit-positive: expenses +, income −; net > 0 is a loss
    closed = (
        Posting.objects.filter(account__code=chart.ACCUMULATED_LOSS, entry_date=end).aggregate(
            total=Sum("amount_krw")
        )["total"]
        or 0
    )
    remaining = int(net) - int(closed)
    if remaining <= 0:
        return None
    return loss_closing_record(
        date=end, amount_krw=remaining, memo=f"{year}년 결손 처리", created_by=actor
    )
