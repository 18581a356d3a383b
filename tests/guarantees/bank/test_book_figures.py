"""What a bank reports through the API moves the foundation's figures exactly as the same
event entered by staff (a request and a second person's approval) does: book_summary's
balance and flows, compute_multipliers' outstanding exposure and multiplier, and the council
report's supply, accident and multiplier sections (issue 12, "the figures follow the loans").

Each scenario runs once per channel from the same starting book; both must change every
figure by the same, hand-computed amount."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client

from guarantees.bank import services as bank_services
from guarantees.bank.keys import api_key_issue
from guarantees.book import services as book_services
from guarantees.book.selectors import book_summary
from guarantees.models import SubrogationClaim
from ledger.multipliers import compute_multipliers
from ledger.services import contribution_record
from reports.sections import accidents, multiplier, supply
from reports.sections.common import report_cache

pytestmark = pytest.mark.django_db
YEAR = 2026
DAY = dt.date(2026, 3, 2)
AT = dt.date(2026, 11, 30)
BASE = "/api/bank/v1"

# A loan of 20,000,000 guaranteed at 85 %: exposure 17,000,000.
# scenario → expected change of (balance count, balance amount, accidents, subrogations)
EXPECTED = {
    "repayment": (0, -1_700_000, 0, 0),  # principal 2,000,000 × 85 %
    "lower_execution": (0, -6_800_000, 0, 0),  # executed 12,000,000: cap 10,200,000
    "default": (0, 0, 8_500_000, 0),  # overdue 10,000,000 × 85 %
    "subrogation": (-1, -17_000_000, 8_500_000, 8_500_000),  # default, then paid claim
    "repaid_in_full": (-1, -17_000_000, 0, 0),  # balance 0: termination
}


def _figures() -> dict:
    summary = book_summary(year=YEAR)
    current = compute_multipliers(date=AT)
    with report_cache():
        balance_row = supply.build(YEAR)["rows"][1]
        accident_groups = accidents.build(YEAR)["groups"]
        chart = multiplier.build(YEAR)
    return {
        "balance_count": summary["balance"]["count"],
        "balance_krw": summary["balance"]["amount_krw"],
        "accidents_krw": summary["accidents"]["amount_krw"],
        "subrogations_krw": summary["subrogations"]["amount_krw"],
        "outstanding_krw": current["outstanding_krw"],
        "multiplier": current["multiplier"],
        "program_krw": {p["program_code"]: p["outstanding_krw"] for p in current["programs"]},
        "report_balance_krw": balance_row["new_amount_krw"],
        "report_balance_count": balance_row["new_count"],
        "report_accidents_krw": accident_groups[0]["rows"][0]["new_amount_krw"],
        "report_subrogations_krw": accident_groups[1]["rows"][0]["new_amount_krw"],
        "report_outstanding_krw": chart["outstanding_krw"],
        "report_multiplier": chart["multiplier"],
    }


class Api:
    def __init__(self, key: str):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def post(self, path: str, body: dict):
        response = self.client.post(
            BASE + path,
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
            **self.headers,
        )
        assert response.status_code in (200, 201), response.content
        return response.json()


def _through_the_api(scenario, guarantee, banks, staff):
    api = Api(api_key_issue(bank=banks["IBK"]).key)
    no = guarantee.guarantee_no
    executed = 12_000_000 if scenario == "lower_execution" else guarantee.loan_amount_krw
    api.post(
        f"/guarantees/{no}/loan-executions",
        {
            "executed_on": guarantee.issued_on.isoformat(),
            "loan_amount_krw": executed,
            "interest_rate_pct": 4.25,
            "loan_account_ref": "IBK-1",
        },
    )
    if scenario == "repayment":
        api.post(
            f"/guarantees/{no}/repayments",
            {"paid_on": DAY.isoformat(), "loan_principal_krw": 2_000_000, "loan_balance_krw": 1},
        )
    if scenario == "repaid_in_full":
        api.post(
            f"/guarantees/{no}/repayments",
            {"paid_on": DAY.isoformat(), "loan_principal_krw": 20_000_000, "loan_balance_krw": 0},
        )
    if scenario in ("default", "subrogation"):
        api.post(
            f"/guarantees/{no}/defaults",
            {"default_on": DAY.isoformat(), "overdue_principal_krw": 10_000_000, "reason": "연체"},
        )
    if scenario == "subrogation":
        body = api.post(
            f"/guarantees/{no}/subrogation-claims",
            {
                "claimed_on": (DAY + dt.timedelta(days=20)).isoformat(),
                "principal_krw": 10_000_000,
                "interest_krw": 0,
            },
        )
        claim = SubrogationClaim.objects.get(pk=body["id"])
        bank_services.subrogation_claim_review(
            claim_id=claim.pk, actor=staff[0], pay_on=DAY + dt.timedelta(days=30)
        )
        claim = bank_services.subrogation_claim_decide(
            claim_id=claim.pk, approve=True, actor=staff[1]
        )
        assert bank_services.claim_status(claim) == "paid"


def _by_staff(scenario, guarantee, banks, staff):
    def book(kind, date, amount=0):
        request = book_services.book_request_create(
            guarantee_id=guarantee.id, kind=kind, date=date, amount_krw=amount, actor=staff[0]
        )
        book_services.book_request_decide(request_id=request.id, approve=True, actor=staff[1])

    if scenario == "repayment":
        book("repayment", DAY, 1_700_000)
    if scenario == "lower_execution":
        book("repayment", guarantee.issued_on, 6_800_000)
    if scenario == "repaid_in_full":
        book("termination", DAY)
    if scenario in ("default", "subrogation"):
        book("accident", DAY, 8_500_000)
    if scenario == "subrogation":
        book("subrogation", DAY + dt.timedelta(days=30), 8_500_000)


@pytest.mark.parametrize("channel", ["api", "staff"])
@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_a_bank_report_moves_the_figures_as_the_same_event_entered_by_staff(
    scenario, channel, banks, programs, make_bank_guarantee, make_user
):
    contribution_record(
        date=dt.date(2025, 1, 2),
        category="city",
        amount_krw=10_000_000,
        program_id=programs["COVID19"].id,
    )
    make_bank_guarantee(loan_krw=30_000_000)  # another live guarantee, untouched
    guarantee = make_bank_guarantee(loan_krw=20_000_000)
    staff = (make_user("reviewer", "NAMDONG"), make_user("branch_manager", "NAMDONG"))
    before = _figures()

    (_through_the_api if channel == "api" else _by_staff)(scenario, guarantee, banks, staff)

    after = _figures()
    count, balance, accident, subrogation = EXPECTED[scenario]
    assert after["balance_count"] - before["balance_count"] == count
    assert after["balance_krw"] - before["balance_krw"] == balance
    assert after["accidents_krw"] - before["accidents_krw"] == accident
    assert after["subrogations_krw"] - before["subrogations_krw"] == subrogation
    # compute_multipliers: the foundation and the programme the guarantee belongs to
    assert after["outstanding_krw"] - before["outstanding_krw"] == balance
    assert after["program_krw"]["COVID19"] - before["program_krw"]["COVID19"] == balance
    # 42,500,000 (25,500,000 + 17,000,000) ÷ 10,000,000 = 4.25 before any report
    assert before["multiplier"] == "4.25"
    expected_multiplier = f"{(42_500_000 + balance) / 10_000_000:.2f}"
    assert after["multiplier"] == expected_multiplier
    # the council report reads the same figures
    assert after["report_balance_krw"] - before["report_balance_krw"] == balance
    assert after["report_balance_count"] - before["report_balance_count"] == count
    assert after["report_accidents_krw"] - before["report_accidents_krw"] == accident
    assert after["report_subrogations_krw"] - before["report_subrogations_krw"] == subrogation
    assert after["report_outstanding_krw"] - before["report_outstanding_krw"] == balance
    assert str(after["report_multiplier"]) == expected_multiplier
