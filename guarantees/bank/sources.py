"""Who is reporting: a bank, through its API key or one of its officers at the desk."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from programs.models import Bank

from ..models import BankApiKey, BankChannel, Guarantee
from .problems import BankProblem


@dataclass(frozen=True)
class ReportSource:
    """The bank a report comes from and the person or key that sent it."""

    bank: Bank
    channel: str = BankChannel.API
    api_key: BankApiKey | None = None
    officer: User | None = None

    @property
    def actor(self) -> User:
        """The user the book records as having entered the bank's report: the officer at the
        desk, or the bank's system account for its API (a BookRequest needs a requester, and
        four eyes then only asks that a foundation employee decides)."""
        return self.officer or bank_system_user(self.bank)

    def record_fields(self) -> dict:
        return {
            "channel": self.channel,
            "api_key": self.api_key,
            "reported_by": self.officer,
        }


def bank_system_user(bank: Bank) -> User:
    """The bank's system account (inactive, no password, no role): it cannot sign in; it names
    the bank's API as the author of what the bank reported."""
    username = f"bank-api.{bank.code.lower()}"[:150]
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@bank-api.invalid",
            "last_name": bank.name,
            "first_name": " API",
            "is_active": False,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def bank_guarantees(bank: Bank):
    """The guarantees a bank may see: those whose loan it made (`bank_name` as in the book)."""
    return Guarantee.objects.filter(bank_name=bank.name)


def guarantee_of(bank: Bank, guarantee_no: str, *, lock: bool = False) -> Guarantee:
    """One of the bank's guarantees; another bank's is as unknown as a missing one (404)."""
    queryset = bank_guarantees(bank)
    if lock:
        queryset = queryset.select_for_update()
    guarantee = queryset.filter(guarantee_no=guarantee_no).first()
    if guarantee is None:
        raise BankProblem("not_found", f"보증번호 {guarantee_no!r}인 이 은행의 보증이 없습니다.")
    return guarantee
