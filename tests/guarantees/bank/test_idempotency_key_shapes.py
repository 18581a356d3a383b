"""A bank's Idempotency-Key is an opaque token, not text a person typed: a random UUID whose
digits happen to chain into the shape of a resident number (about 1 in 20,000) is accepted,
booked once and replayed, and its call is logged (it was a 500 for good before)."""

from __future__ import annotations

import pytest
from django.test import Client

from common.pii import looks_like_rrn
from guarantees.bank.keys import api_key_issue
from guarantees.models import BankApiCall, GuaranteeEvent

pytestmark = pytest.mark.django_db
UNLUCKY = "a41244f0-8012-4771-8688-d2ceb98ebebb"  # uuid4; its digits chain to 0801247718688


def test_an_unlucky_uuid_is_a_good_idempotency_key(banks, make_bank_guarantee):
    assert looks_like_rrn(UNLUCKY)
    guarantee = make_bank_guarantee(imported=True)  # counts as executed on its issue date
    client = Client()
    headers = {
        "HTTP_AUTHORIZATION": f"Bearer {api_key_issue(bank=banks['IBK']).key}",
        "HTTP_IDEMPOTENCY_KEY": UNLUCKY,
    }
    body = {"paid_on": "2026-03-02", "loan_principal_krw": 1_000_000, "loan_balance_krw": 5}
    path = f"/api/bank/v1/guarantees/{guarantee.guarantee_no}/repayments"
    first = client.post(path, body, content_type="application/json", **headers)
    again = client.post(path, body, content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert GuaranteeEvent.objects.filter(guarantee=guarantee, kind="repayment").count() == 1
    assert BankApiCall.objects.filter(idempotency_key=UNLUCKY).count() == 2
