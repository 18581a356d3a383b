"""A small hand-made book (journal via the interchange loader) and seed 001's registers."""

from __future__ import annotations

import datetime as dt

import pytest

M = 1_000_000
D = dt.date

BASE_ASSETS = [
    (D(2015, 1, 2), "contribution", "founding", "설립시 출연", "", 5_800 * M, ""),
    (D(2019, 3, 1), "contribution", "city", "인천광역시", "", 100_000 * M, ""),
    (D(2019, 12, 31), "loss", "", "", "", 10_000 * M, "2019 결손"),
    (D(2020, 2, 1), "contribution", "city", "인천광역시", "", 24_800 * M, ""),
    (D(2020, 3, 1), "contribution", "district", "연수구", "", 1_200 * M, ""),
    (D(2020, 4, 1), "contribution", "financial_mandatory", "기업은행", "", 3_627 * M, ""),
    (D(2020, 5, 1), "contribution", "financial_special", "기업은행", "", 29_332 * M, ""),
    (D(2020, 5, 2), "contribution", "central_gov", "중소벤처기업부", "", 3_928 * M, ""),
    (D(2020, 5, 3), "contribution", "other", "기타", "", 18 * M, ""),
]


def _guarantees():
    from demo.guarantees import valid_brn

    def g(no, nine, issued, loan, program=""):
        return (
            no,
            valid_brn(nine),
            f"업체{no}",
            "NAMDONG",
            program,
            "기업은행",
            issued,
            D(issued.year + 5, issued.month, 1),
            loan,
            "100",
            "1.0",
        )

    return [
        g("G1", "131810452", D(2019, 2, 1), 1_000 * M),
        g("G2", "122860335", D(2019, 3, 1), 500 * M),
        g("G3", "101810001", D(2020, 2, 1), 2_000 * M, "COVID19"),
        g("G4", "101810002", D(2020, 3, 1), 1_000 * M),
    ]


EVENTS = [
    ("G2", D(2019, 6, 1), "accident", 100 * M, "", ""),
    ("G1", D(2020, 1, 15), "extension", 1_000 * M, D(2026, 1, 15), ""),
    ("G2", D(2020, 3, 1), "accident", 50 * M, "", ""),
    ("G2", D(2020, 5, 1), "subrogation", 400 * M, "", ""),
    ("G2", D(2020, 8, 1), "recovery", 100 * M, "", ""),
    ("G4", D(2020, 10, 1), "repayment", 200 * M, "", ""),
]


@pytest.fixture
def registers(organisation, programs):
    from demo.reports import seed_report_registers

    seed_report_registers()


@pytest.fixture
def small_book(registers):
    """Supply 2019: 2 / 1,500백만; 2020: 3 / 4,000백만 (two issues and one extension).
    Balance end 2019: 2 / 1,500; end 2020: 3 / 3,800. Base assets end 2020: 158,705."""
    from django.db import transaction

    from guarantees.book.loader import import_tables

    with transaction.atomic():  # the loader writes in its caller's transaction
        import_tables({"base_assets": BASE_ASSETS, "guarantees": _guarantees(), "events": EVENTS})
