"""The synthetic Incheon book reproduces DOMAIN.md's council figures and is physically
consistent. Pure Python — no Django, no database:

    .venv/bin/python -m pytest tests/demobook -p no:django --noconftest -q
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

import pytest

from demo.demobook import BookScale, generate_book
from demo.demobook.book import read_csv
from demo.demobook.figures import millions, summarise
from demo.demobook.fitting import fit_total
from demo.demobook.reference import brn_check_digit, brn_is_valid
from demo.demobook.validate import check_book

SEED = 20201231

# DOMAIN.md, 백만원: (count, amount) per figure and year.
COUNCIL = {
    2019: {
        "supply": (30_960, 741_669),
        "balance": (61_556, 1_191_546),
        "accidents": (4_441, 55_606),
        "normalizations": (1_403, 16_498),
        "subrogations": (2_938, 38_333),
        "recoveries": (435, 12_454),
    },
    2020: {
        "supply": (62_774, 1_617_820),
        "balance": (96_099, 2_192_064),
        "accidents": (3_618, 51_864),
        "normalizations": (1_231, 15_577),
        "subrogations": (2_609, 37_608),
        "recoveries": (652, 14_336),
    },
}
BASE_ASSETS = {
    2015: 162_406,
    2016: 166_331,
    2017: 178_046,
    2018: 196_096,
    2019: 211_198,
    2020: 274_103,
}


@pytest.fixture(scope="module")
def book():
    return generate_book(scale="incheon", seed=SEED)


@pytest.fixture(scope="module")
def figures(book):
    return {year: summarise(book, year) for year in range(2015, 2021)}


@pytest.mark.parametrize("year", [2019, 2020])
@pytest.mark.parametrize(
    "name", ["supply", "balance", "accidents", "normalizations", "subrogations", "recoveries"]
)
def test_council_figures_in_millions(figures, year, name):
    figure = getattr(figures[year], name)
    count, amount = COUNCIL[year][name]
    assert (figure.count, millions(figure.amount_krw)) == (count, amount)


@pytest.mark.parametrize("year", [2019, 2020])
def test_won_totals_are_the_council_figures_times_a_million(figures, year):
    # Exact to the won, so rounding half up to 백만원 cannot land on a neighbour.
    for name, (_, amount) in COUNCIL[year].items():
        assert getattr(figures[year], name).amount_krw == amount * 1_000_000, name


def test_recourse_claims_balance_at_the_end_of_2020_is_2080_eok(figures):
    assert figures[2020].claims_balance_krw == 208_000 * 1_000_000


def test_claims_balance_rolls_forward_from_the_year_flows(figures):
    for year in range(2016, 2021):
        now, before = figures[year], figures[year - 1]
        assert now.claims_balance_krw == (
            before.claims_balance_krw
            + now.subrogations.amount_krw
            - now.recoveries.amount_krw
            - now.write_offs.amount_krw
        )


@pytest.mark.parametrize(("year", "expected"), BASE_ASSETS.items())
def test_base_assets_at_each_year_end(figures, year, expected):
    assert figures[year].base_assets_krw == expected * 1_000_000


def test_base_assets_by_category_at_the_end_of_2020(figures):
    f = figures[2020]
    by = {k: millions(v) for k, v in f.contributions_by_category_krw.items()}
    assert by == {
        "central_gov": 41_398,
        "city": 142_688,
        "district": 9_295,
        "financial_mandatory": 44_140,
        "financial_special": 118_726,
        "founding": 5_800,
    }
    assert by["city"] + by["district"] == 151_983  # "인천시 (기초단체 9,295)"
    assert millions(f.contributions_krw) == 362_047
    assert millions(f.accumulated_loss_krw) == 87_944


def test_2020_contributions_by_category_are_seed_001s(figures):
    f, before = figures[2020], figures[2019]
    year = {k: millions(v) for k, v in f.contributions_in_year_by_category_krw.items()}
    assert year["city"] == 24_800 and year["district"] == 1_200
    assert year["financial_mandatory"] == 3_627
    assert year["central_gov"] + year["financial_special"] + year.get("other", 0) == 33_278
    assert sum(year.values()) == 62_905
    assert f.accumulated_loss_krw == before.accumulated_loss_krw  # no loss booked in 2020


def test_founding_contributions_are_dated_1998_and_1999(book):
    years = {row[0].year for row in book.base_assets if row[2] == "founding"}
    assert years <= {1998, 1999}


def test_multiplier_at_the_end_of_2020_is_8_00(figures):
    f = figures[2020]
    ratio = Decimal(f.balance.amount_krw) / Decimal(f.base_assets_krw)
    assert ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == Decimal("8.00")
    assert f.multiplier == Decimal("8.00")


def test_supply_grows_every_year(figures):
    supply = [figures[year].supply for year in range(2015, 2021)]
    assert all(a.count < b.count and a.amount_krw < b.amount_krw for a, b in pairwise(supply))


def test_the_book_is_physically_consistent(book):
    assert check_book(book) == []


def test_exposure_and_claims_never_go_negative(book):
    exposure = {}
    for row in book.guarantees:
        exposure[row[0]] = row[8] * int(row[9]) // 100
    claims = Counter()
    for no, _day, event, amount, _new, _memo in book.events:
        if event == "repayment":
            exposure[no] -= amount
        elif event in ("termination", "subrogation"):
            exposure[no] = 0 if event == "subrogation" else exposure[no] - amount
        if event == "subrogation":
            claims[no] += amount
        elif event in ("recovery", "write_off"):
            claims[no] -= amount
        assert exposure[no] >= 0 and claims[no] >= 0, (no, event)


def test_no_event_before_issue_or_after_2020(book):
    issued = {row[0]: row[6] for row in book.guarantees}
    assert all(issued[no] <= day <= dt.date(2020, 12, 31) for no, day, *_ in book.events)
    assert all(dt.date(2015, 1, 1) <= row[6] <= dt.date(2020, 12, 31) for row in book.guarantees)


def test_events_of_a_guarantee_are_in_date_order(book):
    last = {}
    for no, day, *_ in book.events:
        assert day >= last.get(no, day)
        last[no] = day


def test_every_business_number_has_a_valid_check_digit(book):
    assert all(brn_is_valid(row[1]) for row in book.guarantees)


def test_check_digit_of_a_known_number():
    assert brn_check_digit("124810099") == 8  # 124-81-00998
    assert brn_is_valid("124-81-00998") and not brn_is_valid("124-81-00997")


def test_size_and_shape_of_the_incheon_book(book):
    assert 100_000 <= len(book.guarantees) <= 150_000
    per_business = Counter(row[1] for row in book.guarantees)
    assert max(per_business.values()) > 1  # some businesses came back for another guarantee
    assert {row[3] for row in book.guarantees} == {
        "NAMDONG",
        "BUPYEONG",
        "SEOINCHEON",
        "NAMBU",
        "GYEYANG",
        "JUNGBU",
    }  # no 연수 yet
    assert {row[4] for row in book.guarantees} == {""}  # general guarantees only
    assert len({row[0] for row in book.guarantees}) == len(book.guarantees)
    assert [row[0] for row in book.programs] == [
        "COVID19",
        "ALLEY",
        "UNDERGROUND",
        "HOPE",
        "REDEV",
        "SOCIAL",
        "RESTART",
        "JOBS",
        "YOUTH",
    ]


def test_covid_year_has_many_small_round_loans(book):
    loans_2020 = [row[8] for row in book.guarantees if row[6].year == 2020]
    small = sum(1 for loan in loans_2020 if 10_000_000 <= loan <= 20_000_000)
    assert small / len(loans_2020) > 0.3
    assert all(loan % 100_000 == 0 for loan in loans_2020)


def test_every_event_kind_occurs(book):
    kinds = Counter(row[2] for row in book.events)
    assert set(kinds) == {
        "repayment",
        "termination",
        "extension",
        "accident",
        "normalization",
        "subrogation",
        "recovery",
        "write_off",
    }


def test_same_seed_gives_byte_identical_csv(book, tmp_path):
    def digests(directory):
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())
        }

    book.write_csv(tmp_path / "first")
    generate_book(scale="incheon", seed=SEED).write_csv(tmp_path / "second")
    assert digests(tmp_path / "first") == digests(tmp_path / "second")


def test_csv_files_read_back_to_the_same_figures(book, figures, tmp_path):
    book.write_csv(tmp_path)
    header = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "guarantee_no,date,event,amount_krw,new_matures_on,memo"
    again = summarise(read_csv(tmp_path), 2020)
    assert again == figures[2020]


# -- tiny and generic ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3, SEED])
def test_tiny_books_are_consistent(seed):
    tiny = generate_book(scale=BookScale.TINY, seed=seed)
    assert 250 <= len(tiny.guarantees) <= 500
    assert check_book(tiny) == []
    f = summarise(tiny, 2020)
    assert f.balance.count > 0 and f.claims_balance_krw >= 0


def test_tiny_books_carry_incheons_base_assets():
    # The ledger's database tests book a tiny book's base assets and expect seed 001's figures.
    f = summarise(generate_book(scale="tiny", seed=1), 2020)
    assert millions(f.base_assets_krw) == 274_103


def test_different_seeds_give_different_books():
    one, two = generate_book("tiny", seed=1), generate_book("tiny", seed=2)
    assert list(one.guarantees) != list(two.guarantees)


def test_fit_total_hits_the_target_within_bounds():
    amounts = fit_total([100, 200, 300], [50, 150, 300], [120, 260, 300], 650)
    assert sum(amounts) == 650
    assert all(
        lo <= a <= hi for a, lo, hi in zip(amounts, [50, 150, 300], [120, 260, 300], strict=True)
    )
    assert amounts[2] == 300  # a row without room is left alone


def test_fit_total_out_of_reach_stops_at_the_bounds():
    assert fit_total([10, 10], [5, 5], [20, 20], 100) == [20, 20]
    assert fit_total([10, 10], [5, 5], [20, 20], 0) == [5, 5]
