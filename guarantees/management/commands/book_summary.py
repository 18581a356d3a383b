"""`manage.py book_summary --year Y [--json]`: the year's book figures in won (the same
selector the council report uses)."""

import json

from django.core.management.base import BaseCommand

from common.money import format_million
from guarantees.book.selectors import book_summary


class Command(BaseCommand):
    help = "연도별 보증공급·잔액·사고·정상화·대위변제·회수·상각과 구상채권 잔액, 기본재산을 출력합니다."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="JSON으로 출력(원 단위)")

    def handle(self, *args, year: int, json: bool = False, **options):
        summary = book_summary(year=year)
        if json:
            self.stdout.write(_dumps(summary))
            return
        labels = {
            "supply": "보증공급",
            "balance": "보증잔액(연말)",
            "accidents": "사고 발생",
            "normalizations": "정상화",
            "subrogations": "구상채권 발생(대위변제)",
            "recoveries": "회수",
            "write_offs": "상각",
        }
        self.stdout.write(f"{year}년 (금액 단위: 백만원)")
        for key, label in labels.items():
            row = summary[key]
            self.stdout.write(f"  {label}: {row['count']:,}건 {format_million(row['amount_krw'])}")
        self.stdout.write(f"  구상채권 잔액: {format_million(summary['claims_balance_krw'])}")
        self.stdout.write(f"  기본재산: {format_million(summary['base_assets_krw'])}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
