"""Bad input for every field of every POST: wrong type, negative, too large, missing, unknown
guarantee, another bank's → 4xx problem details, and nothing booked."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from guarantees.bank.keys import api_key_issue
from guarantees.models import (
    BankReport,
    BookRequest,
    GuaranteeEvent,
    IdempotencyRecord,
    LoanExecution,
    MonthlyReport,
    SubrogationClaim,
)
from ledger.models import JournalEntry

pytestmark = pytest.mark.django_db
TOO_LARGE = 10**15 + 1

VALID = {
    "loan-executions": {
        "executed_on": "2026-01-06",
        "loan_amount_krw": 20_000_000,
        "interest_rate_pct": 4.25,
        "loan_account_ref": "110-1",
    },
    "repayments": {"paid_on": "2026-02-01", "loan_principal_krw": 1_000_000, "loan_balance_krw": 1},
    "maturity-settlements": {"settled_on": "2026-02-01", "outcome": "repaid"},
    "defaults": {"default_on": "2026-02-01", "overdue_principal_krw": 1_000_000, "reason": "연체"},
    "subrogation-claims": {
        "claimed_on": "2026-02-01",
        "principal_krw": 1_000_000,
        "interest_krw": 0,
    },
}

BAD: list[tuple[str, str, object]] = []
for call, body in VALID.items():
    for field, value in body.items():
        BAD.append((call, field, None))  # missing
        if isinstance(value, int) or isinstance(value, float):
            BAD += [
                (call, field, "1000"),
                (call, field, -1),
                (call, field, TOO_LARGE),
                (call, field, True),
            ]
        elif field.endswith("_on"):
            BAD += [
                (call, field, "2026/01/06"),
                (call, field, 20260106),
                (call, field, "2026-02-30"),
            ]
        elif field == "outcome":
            BAD += [(call, field, "paid"), (call, field, 1)]
        else:
            BAD += [(call, field, 123), (call, field, "x" * 301), (call, field, "")]
# a rate of 100.001 % and one of four decimals are too precise/large for the rate field
BAD += [
    ("loan-executions", "interest_rate_pct", 100.001),
    ("loan-executions", "interest_rate_pct", 1.2345),
]


def _nothing_booked():
    assert not GuaranteeEvent.objects.exists()
    assert not BankReport.objects.exists()
    assert not LoanExecution.objects.exists()
    assert not SubrogationClaim.objects.exists()
    assert not BookRequest.objects.exists()
    assert not IdempotencyRecord.objects.exists()


@pytest.fixture
def client_ibk(banks):
    key = api_key_issue(bank=banks["IBK"]).key
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def _post(client, path, body):
    return client.post(
        f"/api/bank/v1{path}",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )


@pytest.mark.parametrize(
    ("call", "field", "value"), BAD, ids=[f"{c}-{f}-{v!r}"[:60] for c, f, v in BAD]
)
def test_a_bad_field_is_a_4xx_problem_and_books_nothing(
    client_ibk, make_bank_guarantee, call, field, value
):
    guarantee = make_bank_guarantee(imported=True)
    entries = JournalEntry.objects.count()
    body = dict(VALID[call])
    if value is None:
        body.pop(field)
    else:
        body[field] = value

    response = _post(client_ibk, f"/guarantees/{guarantee.guarantee_no}/{call}", body)

    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert any(e["field"] == field for e in problem["errors"]), problem
    _nothing_booked()
    assert JournalEntry.objects.count() == entries


@pytest.mark.parametrize("call", list(VALID))
def test_an_unknown_field_is_refused(client_ibk, make_bank_guarantee, call):
    guarantee = make_bank_guarantee(imported=True)
    body = {**VALID[call], "surprise": 1}
    response = _post(client_ibk, f"/guarantees/{guarantee.guarantee_no}/{call}", body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "surprise"
    _nothing_booked()


@pytest.mark.parametrize("call", list(VALID))
@pytest.mark.parametrize("whose", ["unknown", "another bank's"])
def test_an_unknown_or_another_banks_guarantee_is_404(client_ibk, make_bank_guarantee, call, whose):
    other = make_bank_guarantee(bank_name="신한은행", imported=True)
    no = "NO-SUCH-7" if whose == "unknown" else other.guarantee_no
    response = _post(client_ibk, f"/guarantees/{no}/{call}", VALID[call])
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    _nothing_booked()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2026-13", "rows": []}, "month"),
        ({"month": 202602, "rows": []}, "month"),
        ({"rows": []}, "month"),
        ({"month": "2026-02"}, "rows"),
        ({"month": "2026-02", "rows": "x"}, "rows"),
        (
            {"month": "2026-02", "rows": [{"guarantee_no": 5, "loan_balance_krw": 1}]},
            "rows[0].guarantee_no",
        ),
        (
            {"month": "2026-02", "rows": [{"guarantee_no": "A", "loan_balance_krw": -1}]},
            "rows[0].loan_balance_krw",
        ),
        (
            {"month": "2026-02", "rows": [{"guarantee_no": "A", "loan_balance_krw": "1"}]},
            "rows[0].loan_balance_krw",
        ),
        (
            {"month": "2026-02", "rows": [{"guarantee_no": "A", "loan_balance_krw": TOO_LARGE}]},
            "rows[0].loan_balance_krw",
        ),
        (
            {"month": "2026-02", "rows": [{"guarantee_no": "A" * 31, "loan_balance_krw": 1}]},
            "rows[0].guarantee_no",
        ),
        (
            {"month": "2026-02", "rows": [{"guarantee_no": "A", "loan_balance_krw": 1}] * 2},
            "rows[1].guarantee_no",
        ),
    ],
)
def test_a_bad_monthly_report_names_the_field_and_keeps_nothing(client_ibk, body, field):
    response = _post(client_ibk, "/monthly-reports", body)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not MonthlyReport.objects.exists() and not IdempotencyRecord.objects.exists()


def test_a_body_that_is_not_json(client_ibk, make_bank_guarantee):
    guarantee = make_bank_guarantee(imported=True)
    response = client_ibk.post(
        f"/api/bank/v1/guarantees/{guarantee.guarantee_no}/repayments",
        "{not json",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")
    _nothing_booked()
