"""`manage.py load_fixture [--out var/load/users.json]`: the load test's accounts and the
submitted applications its reviewers act on (demo/loadfixture.py). Idempotent; each run
tops the reviewers' stock of submitted applications back up."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loadfixture import load_fixture


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "부하시험용 계정(신청인·지점 심사역·관리자)과 심사할 접수 건을 만들고, 로그인 정보를 "
        "JSON 파일로 씁니다. 여러 번 실행해도 되며, 실행할 때마다 접수 건을 다시 채웁니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=_positive, default=40, help="신청인 계정 수")
        parser.add_argument(
            "--reviewers-per-branch", type=_positive, default=2, help="지점별 심사역 계정 수"
        )
        parser.add_argument(
            "--per-reviewer",
            type=_positive,
            default=60,
            help="심사역마다 남겨 둘 ‘접수’ 상태 신청 수",
        )
        parser.add_argument(
            "--bank-clients",
            type=_positive,
            default=2,
            help="은행 API 부하 클라이언트 수 (클라이언트마다 API 키 하나와 보증 5건)",
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=settings.BASE_DIR / "var" / "load" / "users.json",
            help="로그인 정보를 쓸 파일 (기본: var/load/users.json)",
        )

    def handle(
        self,
        *args,
        applicants,
        reviewers_per_branch,
        per_reviewer,
        out: Path,
        bank_clients: int = 2,
        **options,
    ):
        try:
            result = load_fixture(
                applicants=applicants,
                reviewers_per_branch=reviewers_per_branch,
                per_reviewer=per_reviewer,
                bank_clients=bank_clients,
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        # The file holds passwords and TOTP keys of the load accounts: owner-only, written
        # whole (a reader never sees half a file).
        partial = out.with_suffix(".tmp")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(result.as_json(), fh, ensure_ascii=False, indent=2)
        partial.replace(out)
        waiting = sum(result.submitted_by_tag.values())
        self.stdout.write(
            f"load_fixture: 신청인 {len(result.applicants)}명, 심사역 {len(result.reviewers)}명, "
            f"관리자 {len(result.managers)}명; 접수 건 {result.applications_created:,}건 새로 "
            f"만듦, 심사 대기 {waiting:,}건 → {out}"
        )
