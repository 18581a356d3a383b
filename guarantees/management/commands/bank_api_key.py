"""`manage.py bank_api_key create --bank B [--label L]`: a new key for bank B (its code, or its
name as in guarantees.csv), printed alone on the last line — shown this once, stored hashed.
`revoke --prefix P`, `rotate --prefix P [--overlap-days N]`, `list [--bank B]`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from guarantees.bank.keys import (
    ApiKeyError,
    api_key_issue,
    api_key_revoke,
    api_key_rotate,
    bank_by_code_or_name,
    key_state,
)
from guarantees.models import BankApiKey


class Command(BaseCommand):
    help = "은행 API 키를 발급(create)·교체(rotate)·폐기(revoke)하고 목록(list)을 봅니다."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="새 키 발급 (마지막 줄에 키만 출력)")
        create.add_argument("--bank", required=True, help="은행 코드 또는 이름 (예: IBK, 신한은행)")
        create.add_argument("--label", default="", help="용도 (예: 여신계 운영)")
        revoke = sub.add_parser("revoke", help="키 폐기")
        revoke.add_argument("--prefix", required=True, help="키 식별자 (bk_…)")
        rotate = sub.add_parser("rotate", help="새 키로 교체 (이전 키는 유예 기간 뒤 만료)")
        rotate.add_argument("--prefix", required=True)
        rotate.add_argument("--overlap-days", type=int, default=7)
        listing = sub.add_parser("list", help="키 목록")
        listing.add_argument("--bank", default="")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ApiKeyError as exc:
            raise CommandError(str(exc)) from exc

    def _create(self, *, bank: str, label: str, **_):
        issued = api_key_issue(bank=bank_by_code_or_name(bank), label=label)
        self.stderr.write(
            f"{issued.record.bank.name}({issued.record.bank.code})의 API 키 "
            f"{issued.record.prefix}를 발급했습니다. 키는 지금 한 번만 보입니다."
        )
        self.stdout.write(issued.key)

    def _rotate(self, *, prefix: str, overlap_days: int, **_):
        if overlap_days < 0:
            raise CommandError("--overlap-days는 0 이상입니다.")
        issued = api_key_rotate(prefix=prefix, overlap_days=overlap_days)
        self.stderr.write(
            f"{prefix}를 {issued.record.prefix}로 교체했습니다 ({overlap_days}일 뒤 만료)."
        )
        self.stdout.write(issued.key)

    def _revoke(self, *, prefix: str, **_):
        record = api_key_revoke(prefix=prefix)
        self.stdout.write(f"{record.prefix} 폐기 ({record.bank.name})")

    def _list(self, *, bank: str, **_):
        keys = BankApiKey.objects.select_related("bank").order_by("bank__code", "-created_at")
        if bank:
            keys = keys.filter(bank=bank_by_code_or_name(bank))
        now = timezone.now()
        self.stdout.write("식별자\t은행\t상태\t용도\t발급\t마지막 사용")
        for key in keys:
            used = (
                f"{timezone.localtime(key.last_used_at):%Y-%m-%d %H:%M}"
                if key.last_used_at
                else "-"
            )
            self.stdout.write(
                f"{key.prefix}\t{key.bank.code}\t{key_state(key, now)}\t{key.label or '-'}\t"
                f"{timezone.localtime(key.created_at):%Y-%m-%d}\t{used}"
            )
