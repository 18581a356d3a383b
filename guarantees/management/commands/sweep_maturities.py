"""`manage.py sweep_maturities [--on D] [--json]`: the nightly 기한경과 sweep on demand
(guarantees/bank/maturity.py): list guarantees past maturity without a settlement, close those
whose grace under the maturity policy has passed."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from common.errors import DomainError
from common.money import format_korean_amount
from guarantees.bank.maturity import sweep_overdue_maturities


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"--on: 날짜는 YYYY-MM-DD 형식이어야 합니다 (받은 값: {text!r})."
        ) from exc


class Command(BaseCommand):
    help = "만기가 지났는데 만기 처리 보고가 없는 보증을 기한경과 목록에 올리고, 정책의 유예 기간이 지난 보증을 해지합니다."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="기준일 YYYY-MM-DD (기본: 오늘)")
        parser.add_argument("--json", action="store_true", help="JSON으로 출력")

    def handle(self, *args, on: str | None = None, json: bool = False, **options):
        from django.utils import timezone

        day = _date(on) if on else timezone.localdate()
        try:
            result = sweep_overdue_maturities(on=day)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        self.stdout.write(
            f"기한경과 {day}: 새로 등재 {result.listed:,}건, 해소 {result.resolved:,}건, "
            f"정책 해지 {result.closed:,}건(보증잔액 {format_korean_amount(result.released_krw)} "
            f"해제), 목록에 남은 {result.open:,}건 — {result.timings['total']:.1f}s"
        )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
