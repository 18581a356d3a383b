"""On the demo book (`seed_demo`, ~100k guarantees), the report reproduces seed 001's figures.

Slow (loads the whole synthetic book): runs when ICGF_DEMO_BOOK_TESTS=1."""

import os
import subprocess
import time

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("ICGF_DEMO_BOOK_TESTS") != "1",
        reason="loads the ~100k-guarantee demo book; set ICGF_DEMO_BOOK_TESTS=1",
    ),
]

SEED_001_FIGURES = [
    "62,774",
    "1,617,820",
    "102.8",
    "118.1",  # supply 2020 and its change
    "2,192,064",
    "84.0",  # balance at the end of 2020
    "△18.5",  # accidents, count
    "274,103",
    "362,047",  # base assets, contributions since founding
    "409.8",  # contributions plan vs actual
    "232.5",
    "265.2",  # supply plan vs actual
    "8.00",  # the multiplier
]


def test_council_report_2020_on_the_demo_book_holds_seed_001_figures(tmp_path):
    call_command("seed_demo")
    out = tmp_path / "report.pdf"
    started = time.perf_counter()
    call_command("council_report", year=2020, out=str(out))
    elapsed = time.perf_counter() - started
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    missing = [figure for figure in SEED_001_FIGURES if figure not in text]
    assert missing == []
    assert elapsed < 30  # target 10 s on a quiet machine
