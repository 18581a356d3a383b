"""On the demo book (`seed_demo`, ~145k guarantees), every section reproduces seed 001.

The book is loaded once for the module and committed to the test database, so these tests
are marked `demo_book` and run last (tests/conftest.py): nothing that counts rows runs after
them."""

import subprocess
import time
from decimal import Decimal

import pytest
from django.core.management import call_command

from reports.sections import (
    accidents,
    base_assets,
    base_assets_by_year,
    contributions,
    multiplier,
    supply,
    supply_plan,
)

M = 1_000_000

pytestmark = [pytest.mark.demo_book, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo_book(django_db_setup, django_db_blocker):
    from django.db import connection

    from ledger.models import Account

    with django_db_blocker.unblock():
        if not Account.objects.exists():
            # A transactional test ran before and flushed the database, reference data
            # (roles, chart of accounts) included: restore it as Django's own tests do.
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        call_command("seed_demo")


def millions(krw: int) -> int:
    from common.money import to_million

    return to_million(krw)


def test_supply_and_balance(demo_book):
    supplied, balance = supply.build(2020)["rows"]
    assert (supplied["old_count"], millions(supplied["old_amount_krw"])) == (30_960, 741_669)
    assert (supplied["new_count"], millions(supplied["new_amount_krw"])) == (62_774, 1_617_820)
    assert (supplied["rate_count"], supplied["rate_amount"]) == (Decimal("102.8"), Decimal("118.1"))
    assert (balance["new_count"], millions(balance["new_amount_krw"])) == (96_099, 2_192_064)
    assert (balance["rate_count"], balance["rate_amount"]) == (Decimal("56.1"), Decimal("84.0"))


def test_supply_plan(demo_book):
    count, amount = supply_plan.build(2020)["rows"]
    assert (count["rate"], amount["rate"]) == (Decimal("232.5"), Decimal("265.2"))


def test_accidents(demo_book):
    groups = accidents.build(2020)["groups"]
    accident, normalised = groups[0]["rows"]
    arisen, recovered = groups[1]["rows"]
    assert (accident["delta_count"], accident["rate_count"]) == (-823, Decimal("-18.5"))
    assert accident["rate_amount"] == Decimal("-6.7")
    assert normalised["rate_count"] == Decimal("-12.3")
    assert arisen["rate_count"] == Decimal("-11.2")
    assert (recovered["rate_count"], recovered["rate_amount"]) == (Decimal("49.9"), Decimal("15.1"))


def test_base_assets_contributions_and_years(demo_book):
    data = base_assets.build(2020)
    assert millions(data["base_assets_krw"]) == 274_103
    assert millions(data["contributions_krw"]) == 362_047
    assert [c["share"] for c in data["columns"]] == [
        Decimal("42.0"),
        Decimal("11.4"),
        Decimal("32.8"),
        Decimal("12.2"),
        Decimal("1.6"),
    ]
    assert contributions.build(2020)["rate_total"] == Decimal("409.8")
    rows = base_assets_by_year.build(2020)["rows"]
    assert [millions(r["base_assets_krw"]) for r in rows] == [
        162_406,
        166_331,
        178_046,
        196_096,
        211_198,
        274_103,
    ]


def test_multiplier(demo_book):
    assert multiplier.build(2020)["multiplier"] == Decimal("8.00")


SEED_001_FIGURES = [
    "62,774",
    "1,617,820",
    "102.8",
    "118.1",
    "2,192,064",
    "84.0",
    "△18.5",
    "274,103",
    "362,047",
    "409.8",
    "232.5",
    "265.2",
    "8.00",
]


def test_council_report_pdf_holds_seed_001_figures(demo_book, tmp_path):
    out = tmp_path / "report.pdf"
    started = time.perf_counter()
    call_command("council_report", year=2020, out=str(out))
    elapsed = time.perf_counter() - started
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert [figure for figure in SEED_001_FIGURES if figure not in text] == []
    assert elapsed < 30  # 4–6 s on a quiet machine; generous for a shared CI box
