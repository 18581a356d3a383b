"""20 copies of one POST at once, each on its own connection and real transaction: one
booking, twenty identical answers."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from guarantees.bank.keys import api_key_issue
from guarantees.models import BankReport, GuaranteeEvent, IdempotencyRecord
from ledger.models import JournalEntry

COPIES = 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_copies_book_once(banks, make_bank_guarantee):
    guarantee = make_bank_guarantee(imported=True)  # counts as executed on its issue date
    key = api_key_issue(bank=banks["IBK"]).key
    entries = JournalEntry.objects.count()
    body = {
        "paid_on": "2026-02-01",
        "loan_principal_krw": 2_000_000,
        "loan_balance_krw": 18_000_000,
    }
    idempotency_key = str(uuid.uuid4())
    barrier = threading.Barrier(COPIES)
    answers: list[tuple[int, bytes]] = []
    failures: list[BaseException] = []

    def send():
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(
                f"/api/bank/v1/guarantees/{guarantee.guarantee_no}/repayments",
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
                HTTP_IDEMPOTENCY_KEY=idempotency_key,
            )
            answers.append((response.status_code, response.content))
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures
    assert len(answers) == COPIES
    assert {status for status, _ in answers} == {201}
    assert len({content for _, content in answers}) == 1
    assert GuaranteeEvent.objects.filter(guarantee=guarantee).count() == 1
    assert BankReport.objects.filter(guarantee=guarantee).count() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert JournalEntry.objects.count() == entries + 1
