"""The eligibility service: each rule's pass/fail and reason, for a few businesses per
programme."""

import datetime as dt
from decimal import Decimal

import pytest

from guarantees.models import Business
from programs.eligibility import evaluate, is_eligible
from programs.models import Industry

pytestmark = pytest.mark.django_db

# Birthdays and opening dates below are 1 January, so whole years are exact on any day.
TODAY = dt.date.today()


def _business(**facts) -> Business:
    defaults = {
        "business_no": "131-81-04525",
        "name": "테스트상회",
        "representative_name": "홍길동",
        "representative_birth_date": dt.date(TODAY.year - 45, 1, 1),
        "opened_on": dt.date(TODAY.year - 10, 1, 1),
        "credit_score": 800,
        "employees": 2,
        "last_year_sales_krw": 200_000_000,
        "industry": Industry.objects.get(code="G47"),
    }
    defaults.update(facts)
    return Business(**defaults)


def _results(programs, code, business):
    return evaluate(programs[code], business.facts(on=TODAY))


def test_youth_programme_accepts_a_young_owner_of_a_new_business(programs):
    business = _business(
        representative_birth_date=dt.date(TODAY.year - 30, 1, 1),
        opened_on=dt.date(TODAY.year - 2, 1, 1),
    )
    results = _results(programs, "YOUTH", business)
    assert is_eligible(results)
    assert [r.passed for r in results] == [True, True]


def test_youth_programme_refuses_an_owner_over_39_and_says_why(programs):
    business = _business(
        representative_birth_date=dt.date(TODAY.year - 45, 1, 1),
        opened_on=dt.date(TODAY.year - 2, 1, 1),
    )
    age, years = _results(programs, "YOUTH", business)
    assert not age.passed
    assert age.reason == "대표자 만 나이 45 (기준: 39 이하)"
    assert years.passed


def test_youth_programme_refuses_a_business_older_than_five_years(programs):
    business = _business(
        representative_birth_date=dt.date(TODAY.year - 30, 1, 1),
        opened_on=dt.date(TODAY.year - 8, 1, 1),
    )
    results = _results(programs, "YOUTH", business)
    assert not is_eligible(results)
    assert results[1].reason == "업력(년) 8 (기준: 5 이하)"


def test_covid_programme_needs_a_ten_percent_sales_drop(programs):
    assert is_eligible(_results(programs, "COVID19", _business(covid_sales_drop_pct=Decimal("25"))))
    (rule,) = _results(programs, "COVID19", _business(covid_sales_drop_pct=Decimal("5")))
    assert not rule.passed and "기준: 10 이상" in rule.reason


def test_a_missing_fact_fails_the_rule_and_asks_for_it(programs):
    (rule,) = _results(programs, "COVID19", _business(covid_sales_drop_pct=None))
    assert not rule.passed and "정보가 없습니다" in rule.reason


def test_alley_programme_needs_the_market_and_a_listed_industry(programs):
    ok = _business(in_traditional_market=True, industry=Industry.objects.get(code="I56"))
    assert is_eligible(_results(programs, "ALLEY", ok))
    wrong_industry = _business(in_traditional_market=True, industry=Industry.objects.get(code="C"))
    market, industry = _results(programs, "ALLEY", wrong_industry)
    assert market.passed and not industry.passed
    outside = _business(in_traditional_market=False, industry=Industry.objects.get(code="I56"))
    market, industry = _results(programs, "ALLEY", outside)
    assert not market.passed and "해당 없음" in market.reason


def test_hope_programme_is_for_low_credit_and_low_sales(programs):
    assert is_eligible(
        _results(programs, "HOPE", _business(credit_score=600, last_year_sales_krw=100_000_000))
    )
    credit, sales = _results(
        programs, "HOPE", _business(credit_score=900, last_year_sales_krw=500_000_000)
    )
    assert not credit.passed and not sales.passed
    assert "500,000,000" in sales.reason


@pytest.mark.parametrize(
    ("code", "flag"),
    [
        ("UNDERGROUND", "in_underground_mall"),
        ("REDEV", "near_redevelopment_zone"),
        ("SOCIAL", "is_social_enterprise"),
        ("RESTART", "has_settled_debt"),
    ],
)
def test_flag_programmes_follow_their_flag(programs, code, flag):
    assert is_eligible(_results(programs, code, _business(**{flag: True})))
    assert not is_eligible(_results(programs, code, _business(**{flag: False})))


def test_jobs_programme_needs_a_hire(programs):
    assert is_eligible(_results(programs, "JOBS", _business(hired_last_year=2)))
    assert not is_eligible(_results(programs, "JOBS", _business(hired_last_year=0)))


def test_a_restricted_industry_is_refused_by_every_programme(programs):
    bar = _business(industry=Industry.objects.get(code="I5621"), hired_last_year=3)
    for code in programs:
        results = _results(programs, code, bar)
        assert not is_eligible(results)
        assert "보증제한업종" in results[0].reason
