"""`manage.py compute_multipliers --date D [--json]`: the multiplier of a date, stored as
snapshots (one row per date and scope, however often it runs) by a MultiplierRun recorded and
executed in this process, like the worker's runs."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.money import format_million
from ledger.models import MultiplierRunTrigger
from ledger.runs import MultiplierRunBusy, multiplier_run_now


class Command(BaseCommand):
    help = "보증운용배수(재단·상품별·지점별)를 계산해 스냅숏으로 저장합니다."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="기준일 YYYY-MM-DD (기본: 오늘)")
        parser.add_argument("--json", action="store_true", help="JSON으로 출력")

    def handle(self, *args, date=None, json=False, **options):
        try:
            day = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"날짜 형식이 올바르지 않습니다: {date}") from exc
        try:
            figures = multiplier_run_now(date=day, trigger=MultiplierRunTrigger.COMMAND)
        except MultiplierRunBusy as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(figures))
            return
        self.stdout.write(
            f"{figures['date']} 보증잔액 {format_million(figures['outstanding_krw'])}백만원 ÷ "
            f"기본재산 {format_million(figures['base_assets_krw'])}백만원 = "
            f"{figures['multiplier']}배"
        )
        for row in figures["programs"]:
            self.stdout.write(
                f"  {row['program_code']}: {format_million(row['outstanding_krw'])} ÷ "
                f"{format_million(row['funding_krw'])} = {row['multiplier']}배"
            )
        for row in figures["branches"]:
            self.stdout.write(f"  {row['branch_code']}: {format_million(row['outstanding_krw'])}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
