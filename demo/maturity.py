"""The demo book after 2020 (issue 12): the banks' loan executions of the programme
guarantees, then the 기한경과 sweep for today — both through the same services as in
operation (guarantees/bank/services.py, guarantees/bank/maturity.py), so that the dashboard's
figure for today follows the loans (the generated book stops at 2020-12-31 and every loan it
left outstanding matured by 2025-12-31), while the 2019/2020 figures of seed 001 stay as
they are (no guarantee of the book matures before 2021-01-01, so no policy closing is dated
before 2021-04-01, and an execution of the whole guaranteed loan moves no exposure).

Called from `seed_demo`; kept apart so that other changes to the seed merge easily.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import transaction

from guarantees.bank.maturity import SweepResult, sweep_overdue_maturities
from guarantees.bank.services import loan_execution_report
from guarantees.bank.sources import ReportSource
from guarantees.models import BankChannel, Guarantee
from programs.models import Bank

# The year's typical rate of a new SME loan (%, 신규취급액 기준 중소기업 대출금리, rounded),
# around which a demo loan's rate is spread by ±0.50%p (deterministic, from its number).
SME_LOAN_RATE_PCT = {
    2015: "3.90",
    2016: "3.60",
    2017: "3.70",
    2018: "3.90",
    2019: "3.70",
    2020: "3.00",
    2021: "3.00",
    2022: "4.60",
    2023: "5.40",
    2024: "5.00",
    2025: "4.40",
    2026: "4.20",
}


def demo_rate_pct(guarantee_no: str, issued_on: dt.date) -> Decimal:
    """The demo loan's rate: the issue year's typical rate ± up to 0.50%p (two decimals)."""
    years = sorted(SME_LOAN_RATE_PCT)
    year = min(max(issued_on.year, years[0]), years[-1])
    spread = int(hashlib.sha256(guarantee_no.encode()).hexdigest()[:8], 16) % 101 - 50
    return Decimal(SME_LOAN_RATE_PCT[year]) + Decimal(spread) / 100


def seed_loan_executions() -> dict[str, int]:
    """대출실행 of every programme guarantee with an interest subsidy (이차보전) that has no
    execution yet: the whole guaranteed loan, paid out on the issue day, at `demo_rate_pct`,
    reported by its bank through the bank service (channel `import`). A guarantee whose bank
    is not a partner bank (`programs.Bank`) is left unreported and counted. Twice = once."""
    banks = {bank.name: bank for bank in Bank.objects.all()}
    pending = (
        Guarantee.objects.filter(program__subsidy_steps__isnull=False, loan_execution__isnull=True)
        .distinct()
        .order_by("id")
        .only("guarantee_no", "bank_name", "issued_on", "loan_amount_krw")
    )
    counts = {"executed": 0, "no_partner_bank": 0}
    with transaction.atomic():
        for guarantee in list(pending):
            bank = banks.get(guarantee.bank_name)
            if bank is None:
                counts["no_partner_bank"] += 1
                continue
            loan_execution_report(
                source=ReportSource(bank=bank, channel=BankChannel.IMPORT),
                guarantee_no=guarantee.guarantee_no,
                executed_on=guarantee.issued_on,
                loan_amount_krw=guarantee.loan_amount_krw,
                interest_rate_pct=demo_rate_pct(guarantee.guarantee_no, guarantee.issued_on),
                loan_account_ref=f"DEMO-{guarantee.guarantee_no}",
            )
            counts["executed"] += 1
    return counts


def seed_maturity(*, on: dt.date) -> SweepResult:
    """The nightly 기한경과 sweep, run once for `on` over the whole demo book."""
    return sweep_overdue_maturities(on=on)
