"""`manage.py import_book DIR [--dry-run]`: a legacy guarantee book in the interchange format
(DESIGN.md). Every problem is reported as `file:row: column: reason`; nothing is imported
when anything is wrong; importing the same files twice changes nothing."""

import time

from django.core.management.base import BaseCommand, CommandError

from guarantees.book.importing.problems import BookImportError
from guarantees.book.importing.service import book_import


class Command(BaseCommand):
    help = (
        "보증 장부(CSV 교환 형식)를 가져옵니다. 문제가 하나라도 있으면 아무것도 가져오지 않습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않음")

    def handle(self, *args, directory: str, dry_run: bool = False, **options):
        started = time.perf_counter()
        try:
            result = book_import(directory, dry_run=dry_run)
        except BookImportError as exc:
            self._fail(exc.problems)
        elapsed = time.perf_counter() - started
        verb = "검사 완료(저장하지 않음)" if dry_run else "가져오기 완료"
        self.stdout.write(
            f"{verb}: 보증 {result.guarantees:,}건, 사건 {result.events:,}건, "
            f"분개 {result.entries:,}건, 전기 {result.postings:,}줄, 사업자 {result.businesses:,}곳, "
            f"기본재산 {result.base_asset_rows:,}행; 이미 있던 보증 {result.skipped_guarantees:,}건·"
            f"사건 {result.skipped_events:,}건은 건너뜀; 이차보전 지급 {result.subsidies:,}건"
            f"(이미 있던 {result.skipped_subsidies:,}건 건너뜀) ({elapsed:.1f}s)"
        )
        if options["verbosity"] >= 2:
            self.stdout.write(f"단계별 누적 시간: {result.timings}")

    def _fail(self, problems) -> None:
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(f"문제 {len(problems):,}건: 아무것도 가져오지 않았습니다.")
