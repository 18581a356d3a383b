"""The ledger's invariants hold in PostgreSQL itself, not only in Python."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import InternalError

from ledger import chart
from ledger.models import JournalEntry, Posting
from ledger.selectors import balance
from ledger.services import LedgerError, Line, account_id, journal_post, journal_reverse

# Tests run inside a transaction that is rolled back, so deferred checks would never fire:
# `SET CONSTRAINTS ALL IMMEDIATE` runs them now, exactly as COMMIT would.
pytestmark = pytest.mark.django_db


def _as_if_committing():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


DAY = dt.date(2020, 6, 30)


def _post(key="k1", amount=1_000_000):
    return journal_post(
        date=DAY,
        kind="contribution",
        idempotency_key=key,
        lines=[Line(chart.CASH, amount), Line(chart.base_asset_account("city"), -amount)],
    )


def test_it_refuses_an_unbalanced_entry_in_python():
    with pytest.raises(LedgerError):
        journal_post(
            date=DAY,
            kind="contribution",
            idempotency_key="bad",
            lines=[Line(chart.CASH, 100), Line(chart.base_asset_account("city"), -99)],
        )
    assert not JournalEntry.objects.exists()


def test_the_database_refuses_to_commit_an_unbalanced_entry():
    """Raw ORM inserts bypass journal_post's check: PostgreSQL still refuses them."""
    cash, city = account_id(chart.CASH), account_id(chart.base_asset_account("city"))
    with pytest.raises((IntegrityError, InternalError), match="does not balance"):
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                date=DAY, kind="contribution", idempotency_key="raw"
            )
            Posting.objects.create(entry=entry, entry_date=DAY, account_id=cash, amount_krw=100)
            Posting.objects.create(entry=entry, entry_date=DAY, account_id=city, amount_krw=-99)
            _as_if_committing()
    assert not JournalEntry.objects.filter(idempotency_key="raw").exists()


def test_the_database_refuses_an_entry_without_postings():
    with pytest.raises((IntegrityError, InternalError), match="does not balance"):
        with transaction.atomic():
            JournalEntry.objects.create(date=DAY, kind="contribution", idempotency_key="empty")
            _as_if_committing()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_posting SET amount_krw = amount_krw + 1",
        "DELETE FROM ledger_posting",
        "UPDATE ledger_journalentry SET memo = 'changed'",
        "DELETE FROM ledger_journalentry",
    ],
)
def test_raw_sql_cannot_change_posted_rows(statement):
    _post()
    with pytest.raises((IntegrityError, InternalError), match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert balance(accounts=[chart.CASH], at=DAY) == 1_000_000


def test_posting_twice_with_one_key_books_once():
    first = _post(key="same")
    second = _post(key="same")
    assert first.pk == second.pk
    assert JournalEntry.objects.count() == 1
    assert balance(accounts=[chart.CASH], at=DAY) == 1_000_000


def test_the_idempotency_key_is_unique_in_the_database():
    _post(key="dup")
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.create(date=DAY, kind="contribution", idempotency_key="dup")


def test_the_database_sets_the_posting_date_from_its_entry():
    entry = _post()
    assert set(entry.postings.values_list("entry_date", flat=True)) == {DAY}


def test_a_reversal_is_a_new_entry_that_cancels_the_old_one():
    entry = _post()
    journal_reverse(entry=entry, date=dt.date(2020, 7, 1), reason="금액 오류")
    assert balance(accounts=[chart.CASH], at=DAY) == 1_000_000
    assert balance(accounts=[chart.CASH], at=dt.date(2020, 7, 1)) == 0
    assert JournalEntry.objects.count() == 2
