"""`manage.py seed_demo`: the demo foundation — organisation, programmes, demo logins, base
assets and the synthetic guarantee book — built from granular records. Idempotent: a second
run changes nothing (every journal entry has a stable idempotency key, guarantees and events
already present are skipped by the shared loader, guarantees/book/loader.py)."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.accounts import seed_users
from demo.branches import seed_organisation
from demo.demobook import BookScale, generate_book
from demo.guarantees import seed_businesses
from demo.maturity import seed_loan_executions, seed_maturity
from demo.programs import seed_programs
from demo.reports import seed_report_registers
from demo.review import seed_review_demo
from demo.rounds import seed_guro_rounds
from guarantees.book.loader import BookImportError, import_tables
from ledger.multipliers import multiplier_snapshot_store


class Command(BaseCommand):
    help = "데모 데이터(조직, 보증 상품, 데모 계정, 기본재산, 보증 장부)를 만듭니다. 여러 번 실행해도 같습니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["tiny", "incheon", "national"],
            default="incheon",
            help="보증 장부 규모 (기본: incheon ≈ 14만 건)",
        )
        parser.add_argument("--seed", type=int, default=20201231, help="난수 시드(결정적 생성)")

    def handle(self, *args, scale: str, seed: int, **options):
        started = time.perf_counter()
        with transaction.atomic():
            units = seed_organisation()
            seed_programs(book_factor=BookScale(scale).base_asset_factor)
            users = {user.username: user for user in seed_users(units)}
            seed_businesses(users)
            seed_report_registers()  # issue #6: budget, plans, audit findings, duties (seed 001)
        # issue 19: 일반보증, committee members, work at every step (the review services open
        # their own durable transactions, so this runs outside the block above)
        seed_review_demo()
        # issue 13 parts 4–5: Guro-gu's programme in January and July calls with its fund
        # committee, votes and the bank's answers; the 창업 아카데미 feeding its rule
        seed_guro_rounds()
        book = generate_book(scale=scale, seed=seed)
        generated = time.perf_counter()
        try:
            with transaction.atomic():
                result = import_tables(book.tables())
        except BookImportError as exc:
            for problem in exc.problems[:50]:
                self.stderr.write(str(problem))
            raise CommandError(f"데모 장부에 문제 {len(exc.problems)}건") from exc
        loaded = time.perf_counter()
        for year in range(2015, 2021):
            multiplier_snapshot_store(date=dt.date(year, 12, 31))
        # issue 12: the banks' loan executions, then the 기한경과 sweep for today, through
        # the services of operation (demo/maturity.py)
        executions = seed_loan_executions()
        swept = seed_maturity(on=timezone.localdate())
        finished = time.perf_counter()
        self.stdout.write(
            f"seed_demo: 조직·상품·계정 준비, 기본재산 {result.base_asset_rows:,}행, "
            f"보증 {result.guarantees:,}건·사건 {result.events:,}건·분개 {result.entries:,}건 "
            f"새로 기록 (이미 있던 보증 {result.skipped_guarantees:,}건은 그대로) — "
            f"생성 {generated - started:.1f}s, 적재 {loaded - generated:.1f}s, "
            f"합계 {time.perf_counter() - started:.1f}s"
        )
        self.stdout.write(
            f"seed_demo: 대출실행 {executions['executed']:,}건 보고"
            f"(협약은행 아닌 보증 {executions['no_partner_bank']:,}건 제외), "
            f"기한경과 {swept.on}: 등재 {swept.listed:,}건·정책 해지 {swept.closed:,}건·"
            f"목록에 남은 {swept.open:,}건 — {finished - loaded:.1f}s"
        )
        if options["verbosity"] >= 2:
            self.stdout.write(f"적재 단계별 누적 시간: {result.timings}")
