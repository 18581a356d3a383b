"""import_book: every bad row reported with file, row and column; all-or-nothing; twice = once."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from guarantees.book.loader import COLUMNS
from guarantees.book.selectors import book_summary
from guarantees.models import Guarantee, GuaranteeEvent, GuaranteeStatus, RecourseClaim
from ledger.models import JournalEntry, Posting

GOOD = {
    "base_assets": [
        ("2015-01-10", "contribution", "city", "인천광역시", "", "10000000000", "시 출연"),
        ("2016-12-31", "loss", "", "", "", "1000000000", "결손"),
    ],
    "guarantees": [
        (
            "G-0001",
            "131-81-04522",
            "가나상회",
            "NAMDONG",
            "",
            "신한은행",
            "2019-03-02",
            "2024-03-02",
            "20000000",
            "90",
            "1.0",
        ),
        (
            "G-0002",
            "1318104522",
            "가나상회",
            "BUPYEONG",
            "COVID19",
            "국민은행",
            "2020-04-01",
            "2025-04-01",
            "10000000",
            "100",
            "0.8",
        ),
    ],
    "events": [
        ("G-0001", "2019-09-01", "repayment", "3000000", "", ""),
        ("G-0001", "2020-03-01", "extension", "15000000", "2025-03-01", ""),
        ("G-0001", "2020-05-01", "accident", "15000000", "", ""),
        ("G-0001", "2020-08-01", "subrogation", "14000000", "", ""),
        ("G-0001", "2020-10-01", "recovery", "4000000", "", ""),
        ("G-0001", "2020-11-01", "write_off", "1000000", "", ""),
        ("G-0002", "2020-12-01", "repayment", "1000000", "", ""),
    ],
}


def write_book(directory: Path, tables: dict) -> Path:
    for name, rows in tables.items():
        with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS[name])
            writer.writerows(rows)
    return directory


def counts() -> tuple:
    return (
        Guarantee.objects.count(),
        GuaranteeEvent.objects.count(),
        JournalEntry.objects.count(),
        Posting.objects.count(),
        RecourseClaim.objects.count(),
    )


@pytest.fixture
def book_dir(tmp_path, organisation, programs):
    return write_book(tmp_path, GOOD)


def test_it_imports_a_book_into_the_journal(book_dir):
    call_command("import_book", str(book_dir))

    summary = book_summary(year=2020)
    assert summary["supply"] == {"count": 2, "amount_krw": 25_000_000}
    assert summary["balance"] == {"count": 1, "amount_krw": 9_000_000}
    assert summary["accidents"] == {"count": 1, "amount_krw": 15_000_000}
    assert summary["subrogations"] == {"count": 1, "amount_krw": 14_000_000}
    assert summary["recoveries"] == {"count": 1, "amount_krw": 4_000_000}
    assert summary["write_offs"] == {"count": 1, "amount_krw": 1_000_000}
    assert summary["claims_balance_krw"] == 9_000_000
    assert summary["base_assets_krw"] == 9_000_000_000
    g1 = Guarantee.objects.get(guarantee_no="G-0001")
    assert g1.status == GuaranteeStatus.SUBROGATED
    assert str(g1.matures_on) == "2025-03-01"
    assert g1.recourse_claim.opened_on.isoformat() == "2020-08-01"


def test_a_second_import_changes_nothing(book_dir):
    call_command("import_book", str(book_dir))
    before = counts()

    call_command("import_book", str(book_dir))

    assert counts() == before


def test_new_events_beside_existing_data_are_added_once(book_dir, tmp_path_factory):
    call_command("import_book", str(book_dir))
    more = dict(GOOD)
    more["events"] = [*GOOD["events"], ("G-0002", "2020-12-20", "termination", "", "", "")]
    again = write_book(tmp_path_factory.mktemp("more"), more)

    call_command("import_book", str(again))
    call_command("import_book", str(again))

    assert GuaranteeEvent.objects.filter(kind="termination").count() == 1
    assert Guarantee.objects.get(guarantee_no="G-0002").status == GuaranteeStatus.TERMINATED
    assert book_summary(year=2020)["balance"] == {"count": 0, "amount_krw": 0}


def test_dry_run_stores_nothing(book_dir):
    call_command("import_book", str(book_dir), "--dry-run")

    assert counts() == (0, 0, 0, 0, 0)


BAD_ROWS = [
    # (table, row index to replace, new row, expected "file:row: column")
    (
        "guarantees",
        0,
        (
            "G-0001",
            "131-81-04523",
            "가나상회",
            "NAMDONG",
            "",
            "신한은행",
            "2019-03-02",
            "2024-03-02",
            "20000000",
            "90",
            "1.0",
        ),
        "guarantees.csv:2: business_no",
    ),
    (
        "events",
        6,
        ("G-9999", "2020-12-01", "repayment", "1000000", "", ""),
        "events.csv:8: guarantee_no",
    ),
    ("events", 0, ("G-0001", "2019-01-01", "repayment", "3000000", "", ""), "events.csv:2: date"),
    (
        "events",
        6,
        ("G-0002", "2020-12-01", "repayment", "99000000", "", ""),
        "events.csv:8: amount_krw",
    ),
    (
        "events",
        5,
        ("G-0001", "2020-11-01", "write_off", "50000000", "", ""),
        "events.csv:7: amount_krw",
    ),
    ("events", 6, ("G-0002", "2020-13-01", "repayment", "1000000", "", ""), "events.csv:8: date"),
    (
        "base_assets",
        0,
        ("2015-01-10", "contribution", "lottery", "복권", "", "100", ""),
        "base_assets.csv:2: category",
    ),
    ("events", 6, ("G-0002", "2020-12-01", "refund", "1000000", "", ""), "events.csv:8: event"),
    ("events", 6, ("G-0002", "2020-12-01", "repayment", "-5", "", ""), "events.csv:8: amount_krw"),
]


@pytest.mark.parametrize(("table", "index", "row", "where"), BAD_ROWS)
def test_a_bad_row_is_reported_with_file_row_and_column_and_nothing_is_imported(
    tmp_path, organisation, programs, capsys, table, index, row, where
):
    tables = {name: list(rows) for name, rows in GOOD.items()}
    tables[table][index] = row
    write_book(tmp_path, tables)

    with pytest.raises(CommandError):
        call_command("import_book", str(tmp_path))

    assert where in capsys.readouterr().err
    assert counts() == (0, 0, 0, 0, 0)


def test_every_problem_is_reported_not_only_the_first(tmp_path, organisation, programs, capsys):
    tables = {name: list(rows) for name, rows in GOOD.items()}
    tables["events"][0] = ("G-0001", "2019-01-01", "repayment", "3000000", "", "")
    tables["events"][6] = ("G-0002", "bad", "repayment", "1000000", "", "")
    tables["base_assets"][0] = ("2015-01-10", "contribution", "lottery", "x", "", "1", "")
    write_book(tmp_path, tables)

    with pytest.raises(CommandError):
        call_command("import_book", str(tmp_path))

    err = capsys.readouterr().err
    assert "events.csv:2: date" in err
    assert "events.csv:8: date" in err
    assert "base_assets.csv:2: category" in err


def test_a_big_load_checks_balances_set_based_and_restores_the_triggers(book_dir, monkeypatch):
    from django.db import connection

    from guarantees.book.importing import writing

    monkeypatch.setattr(writing, "BULK_CHECK_MIN_ENTRIES", 1)
    call_command("import_book", str(book_dir))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgname IN "
            "('posting_balanced', 'posting_entry_date', 'journalentry_balanced')"
        )
        assert sorted(cursor.fetchall()) == [
            ("journalentry_balanced", "O"),
            ("posting_balanced", "O"),
            ("posting_entry_date", "O"),
        ]
    assert book_summary(year=2020)["supply"] == {"count": 2, "amount_krw": 25_000_000}


def test_a_new_event_that_contradicts_the_recorded_history_is_refused(
    book_dir, tmp_path_factory, capsys
):
    call_command("import_book", str(book_dir))
    before = counts()
    more = dict(GOOD)
    # G-0002 has 10,000,000 and a recorded 1,000,000 repayment on 12-01; 9,500,000 earlier
    # leaves too little for it.
    more["events"] = [*GOOD["events"], ("G-0002", "2020-11-01", "repayment", "9500000", "", "")]
    again = write_book(tmp_path_factory.mktemp("contradicting"), more)

    with pytest.raises(CommandError):
        call_command("import_book", str(again))

    assert "events.csv:9: date: 이미 기록된" in capsys.readouterr().err
    assert counts() == before


@pytest.mark.django_db
def test_a_generated_book_imports_into_an_empty_database(tmp_path):
    from demo.demobook import generate_book
    from demo.demobook.figures import summarise

    book = generate_book(scale="tiny", seed=7)
    book.write_csv(tmp_path)

    call_command("import_book", str(tmp_path))

    expected = summarise(book, 2020)
    summary = book_summary(year=2020)
    assert summary["balance"] == {
        "count": expected.balance.count,
        "amount_krw": expected.balance.amount_krw,
    }
    assert summary["base_assets_krw"] == expected.base_assets_krw
