"""`manage.py seed_demo`: the demo foundation — organisation, programmes, demo logins, base
assets and the synthetic guarantee book — built from granular records. Idempotent: a second
run changes nothing (every journal entry has a stable idempotency key)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import seed_users
from branches.demo import seed_organisation
from guarantees.demo import seed_businesses
from guarantees.demobook import generate_book
from ledger.demo import book_base_assets
from programs.demo import seed_programs
from reports.demo import seed_report_registers


class Command(BaseCommand):
    help = "데모 데이터(조직, 보증 상품, 데모 계정, 기본재산, 보증 장부)를 만듭니다. 여러 번 실행해도 같습니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["tiny", "incheon", "national"],
            default="incheon",
            help="보증 장부 규모 (기본: incheon ≈ 10만 건)",
        )
        parser.add_argument("--seed", type=int, default=20201231, help="난수 시드(결정적 생성)")

    def handle(self, *args, scale: str, seed: int, **options):
        started = time.perf_counter()
        with transaction.atomic():
            units = seed_organisation()
            seed_programs()
            users = {user.username: user for user in seed_users(units)}
            seed_businesses(users)
            seed_report_registers()  # issue #6: budget, plans, audit findings, duties (seed 001)
        book = generate_book(scale=scale, seed=seed)
        with transaction.atomic():
            rows = book_base_assets(book.base_assets)
        self.stdout.write(
            f"seed_demo: 조직·상품·계정 준비, 기본재산 {rows}건 "
            f"({time.perf_counter() - started:.1f}s)"
        )
