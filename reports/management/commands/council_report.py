"""`manage.py council_report --year Y --out FILE`: render the council report without a worker."""

import hashlib
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.rendering import render_council_report_pages


class Command(BaseCommand):
    help = "행정사무감사 자료(PDF)를 작성합니다 (작업자 없이 바로 실행)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="보고 연도 (예: 2020)")
        parser.add_argument("--out", required=True, help="저장할 PDF 파일 경로")

    def handle(self, *args, year: int, out: str, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("연도는 2000–2100 사이여야 합니다.")
        started = time.perf_counter()
        pdf, pages = render_council_report_pages(year)  # pages from the layout, no re-parse
        path = Path(out)
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_bytes(pdf)
        tmp.replace(path)  # atomic: no half-written file under the final name
        self.stdout.write(
            f"{path}: {pages}쪽, {len(pdf):,} bytes, "
            f"{time.perf_counter() - started:.1f}s, sha256 {hashlib.sha256(pdf).hexdigest()}"
        )
