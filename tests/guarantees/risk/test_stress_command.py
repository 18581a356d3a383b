"""`manage.py stress_test` on a small book in PostgreSQL: what it reads, what it estimates,
and how it refuses bad input (a non-zero exit naming the option)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guarantees.risk.book import book_at, estimate
from ledger.multipliers import compute_multipliers

from .conftest import DAY


def run(*args) -> dict:
    out = StringIO()
    call_command("stress_test", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_the_start_is_the_journals_multiplier_and_the_estimates_are_the_books(book):
    result = run("--date", DAY.isoformat(), "--months", "12", "--paths", "2000", "--seed", "4")
    journal = compute_multipliers(date=DAY)
    assert result["start"]["outstanding_krw"] == journal["outstanding_krw"]
    assert result["start"]["base_assets_krw"] == journal["base_assets_krw"]
    assert result["start"]["guarantees"] == 22  # 24 issued, 2 subrogated
    estimates = result["estimates"]
    assert estimates["accidents"] == 4
    assert estimates["subrogations"] == 2
    assert estimates["normalisation_share"] == pytest.approx(1 / 3)
    assert estimates["subrogation_lag_months"] == 6  # 2021-03-02 → 2021-09-01
    assert estimates["recovery_rate"] == pytest.approx(0.25)
    assert 0 <= result["breach_probability"] <= 1
    assert len(result["months"]) == 12
    assert result["months"][0]["month_end"] == "2023-01-31"
    assert set(result["months"][0]["quantiles"]) == {
        "p01",
        "p05",
        "p25",
        "p50",
        "p75",
        "p95",
        "p99",
    }
    assert result["expected_loss_krw"] >= 0
    assert [p["program_code"] for p in result["programs"]] == ["COVID19"]


@pytest.mark.django_db
def test_the_open_accident_is_paid_in_every_path_unless_normalised(book):
    at = book_at(DAY)
    assert sorted(at.book.in_accident_months.tolist()).count(1) == 1  # since 2022-11-01
    result = run(
        "--date",
        DAY.isoformat(),
        "--months",
        "6",
        "--paths",
        "500",
        "--default-rate-monthly",
        "0",
        "--normalisation-share",
        "0",
        "--recovery-rate",
        "0",
    )
    # No new defaults: the loss is the open accident, paid (lag 6 − 1 elapsed = 5 months).
    assert result["expected_loss_krw"] == 100_000_000
    assert result["loss_p99_krw"] == 100_000_000


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_figures(book):
    args = ("--date", DAY.isoformat(), "--months", "12", "--paths", "1500", "--seed", "9")
    assert run(*args)["months"] == run(*args)["months"]


@pytest.mark.django_db
def test_rates_come_from_history_by_programme_and_band(book):
    estimates = estimate(DAY)
    assert {(g.program_code, g.band) for g in estimates.groups} == {
        ("COVID19", "미상"),
        ("일반보증", "미상"),
    }
    assert all(0 < g.default_rate_monthly < 0.05 for g in estimates.groups)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--months", "0", "--months: 기간은 1개월 이상"),
        ("--months", "61", "--months: 기간은 60개월을 넘을 수 없습니다"),
        ("--paths", "0", "--paths: 경로 수는 1 이상"),
        ("--default-rate-monthly", "-0.1", "--default-rate-monthly: 월 부실률은 0 이상"),
        (
            "--default-rate-monthly",
            "1.5",
            "--default-rate-monthly: 월 부실률은 1(100%)을 넘을 수 없습니다",
        ),
        ("--recovery-rate", "abc", "--recovery-rate: 회수율은 0과 1 사이의 숫자"),
        ("--amortisation", "maybe", "--amortisation: 분할상환 반영은 on 또는 off"),
        ("--new-supply-krw-monthly", "-5", "--new-supply-krw-monthly: 월 신규 공급액은 0원 이상"),
        ("--date", "2010-01-01", "--date: 기준일이 장부의 첫 보증일(2020-01-02)보다 앞섭니다"),
        ("--date", "2020-13-01", "--date: 기준일 형식이 올바르지 않습니다"),
    ],
)
def test_bad_input_names_the_option(book, option, value, message):
    args = {"--date": DAY.isoformat(), "--months": "12", "--paths": "100"}
    args[option] = value
    with pytest.raises(CommandError) as raised:
        call_command("stress_test", *[x for pair in args.items() for x in pair], stdout=StringIO())
    assert message in str(raised.value)
