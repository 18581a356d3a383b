"""`manage.py council_report --year Y --out FILE`: render the council report without a worker.
The format follows the extension: FILE.pdf (as before) or FILE.hwpx (한글)."""

import hashlib
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.rendering import render_council_report_hwpx, render_council_report_pages

FORMATS = (".pdf", ".hwpx")


class Command(BaseCommand):
    help = "행정사무감사 자료(PDF 또는 HWPX)를 작성합니다 (작업자 없이 바로 실행)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="보고 연도 (예: 2020)")
        parser.add_argument(
            "--out", required=True, help="저장할 파일 경로 (.pdf 또는 .hwpx, 확장자로 형식 결정)"
        )

    def handle(self, *args, year: int, out: str, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("연도는 2000–2100 사이여야 합니다.")
        path = Path(out)
        suffix = path.suffix.lower()
        if suffix not in FORMATS:
            raise CommandError(
                f"{out}: 확장자 '{path.suffix or '(없음)'}'은 지원하지 않습니다. "
                ".pdf 또는 .hwpx로 끝나는 파일 이름을 주세요."
            )
        started = time.perf_counter()
        if suffix == ".pdf":
            data, pages = render_council_report_pages(year)  # pages from the layout
            what = f"{pages}쪽"
        else:
            data = render_council_report_hwpx(year)
            what = "HWPX(한글)"
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: no half-written file under the final name
        self.stdout.write(
            f"{path}: {what}, {len(data):,} bytes, "
            f"{time.perf_counter() - started:.1f}s, sha256 {hashlib.sha256(data).hexdigest()}"
        )
