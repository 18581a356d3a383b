"""The demo base-asset history, booked in the journal, gives DOMAIN.md's figures back through
the ledger query (seed 001: base assets by year and by contributor at 2021-01-01)."""

import datetime as dt
from decimal import Decimal

import pytest

from common.money import percent, to_million
from demo.demobook import generate_book
from ledger import selectors
from programs.base_assets import book_base_assets

pytestmark = pytest.mark.django_db

YEAR_END_MILLION = {
    2015: 162_406,
    2016: 166_331,
    2017: 178_046,
    2018: 196_096,
    2019: 211_198,
    2020: 274_103,
}


@pytest.fixture
def booked(programs):
    book_base_assets(generate_book(scale="tiny", seed=1).base_assets)


@pytest.mark.parametrize(("year", "expected"), YEAR_END_MILLION.items())
def test_base_assets_at_each_year_end(booked, year, expected):
    assert to_million(selectors.base_assets(dt.date(year, 12, 31))) == expected


def test_base_assets_by_contributor_at_2021_01_01(booked):
    by = selectors.base_assets_by_category(dt.date(2021, 1, 1))
    city = by["city"] + by["district"]
    financial = by["financial_special"]
    total = sum(amount for key, amount in by.items() if key != "loss")
    assert to_million(total) == 362_047
    assert to_million(city) == 151_983 and to_million(by["district"]) == 9_295
    assert to_million(by["central_gov"]) == 41_398
    assert to_million(financial) == 118_726
    assert to_million(by["financial_mandatory"]) == 44_140
    assert to_million(by["founding"]) == 5_800
    assert to_million(by["loss"]) == 87_944
    shares = [
        percent(part, total)
        for part in (city, by["central_gov"], financial, by["financial_mandatory"], by["founding"])
    ]
    assert shares == [
        Decimal("42.0"),
        Decimal("11.4"),
        Decimal("32.8"),
        Decimal("12.2"),
        Decimal("1.6"),
    ]


def test_booking_the_history_twice_books_it_once(booked):
    before = selectors.base_assets(dt.date(2020, 12, 31))
    book_base_assets(generate_book(scale="tiny", seed=1).base_assets)
    assert selectors.base_assets(dt.date(2020, 12, 31)) == before
