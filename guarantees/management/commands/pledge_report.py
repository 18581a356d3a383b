"""`manage.py pledge_report --program P [--until YYYY-MM-DD] [--json]`: a programme's pledge
figures per year (guarantees, amount, businesses, 이차보전, consultations), computed from the
records (guarantees.contributors.selectors)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from common.korean import with_particle
from common.money import format_million
from guarantees.contributors.selectors import pledge_report
from programs.models import Program


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--until: 날짜 형식(YYYY-MM-DD)이 아닙니다: {value!r}") from exc


class Command(BaseCommand):
    help = "상품별 공약 실적(연도별 보증·업체·금액·이차보전·상담)을 기록에서 계산해 출력합니다."

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="상품 코드")
        parser.add_argument("--until", help="이 날짜까지의 기록만 (예: 2019-06-30)")
        parser.add_argument("--json", action="store_true", help="JSON으로 출력")

    def handle(self, *args, program: str, until: str | None, json: bool, **options):
        found = Program.objects.filter(code=program).first()
        if found is None:
            raise CommandError(
                f"--program: {with_particle(f'상품 코드 {program!r}', '이')} 없습니다."
            )
        report = pledge_report(found, until=_date(until) if until else None)
        if json:
            self.stdout.write(_dumps(report))
            return
        self.stdout.write(f"{found.code} {found.name}")
        self.stdout.write("연도  업체  보증(건)  금액(백만원)  이차보전(업체/백만원)  상담(건)")
        for y in report["years"]:
            self.stdout.write(
                f"{y['year']}  {y['businesses']:,}  {y['guarantees']:,}  "
                f"{format_million(y['amount_krw'])}  {y['subsidy_businesses']:,}/"
                f"{format_million(y['subsidy_krw'])}  {y['consultations']:,}"
            )


def _dumps(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False)
