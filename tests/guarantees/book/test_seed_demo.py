"""seed_demo (tiny scale): the database's figures equal the generator's oracle; twice = once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from demo import demobook
from demo.demobook import figures
from guarantees.book.selectors import book_summary
from ledger.models import JournalEntry, Posting

FLOWS = (
    "supply",
    "balance",
    "accidents",
    "normalizations",
    "subrogations",
    "recoveries",
    "write_offs",
)


@pytest.mark.django_db
def test_seed_demo_books_the_generated_book_and_matches_the_oracle():
    call_command("seed_demo", "--scale", "tiny")
    book = demobook.generate_book(scale="tiny", seed=20201231)

    for year in range(2015, 2021):
        expected = figures.summarise(book, year)
        summary = book_summary(year=year)
        for flow in FLOWS:
            figure = getattr(expected, flow)
            assert summary[flow] == {"count": figure.count, "amount_krw": figure.amount_krw}, (
                year,
                flow,
            )
        assert summary["claims_balance_krw"] == expected.claims_balance_krw
        assert summary["base_assets_krw"] == expected.base_assets_krw


@pytest.mark.django_db
def test_a_second_seed_demo_books_nothing():
    call_command("seed_demo", "--scale", "tiny")
    before = (JournalEntry.objects.count(), Posting.objects.count())

    call_command("seed_demo", "--scale", "tiny")

    assert (JournalEntry.objects.count(), Posting.objects.count()) == before
