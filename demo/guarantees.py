"""Demo businesses for the demo applicants (their profiles drive the eligibility page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branches.models import District
from guarantees.models import Business
from guarantees.validators import brn_check_digit
from programs.models import Industry


def valid_brn(first_nine: str) -> str:
    digits = first_nine + str(brn_check_digit(first_nine))
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


DEMO_BUSINESSES = [
    # owner username, first nine digits, name, representative, birth, industry, opened, district,
    # road address, employees, sales, credit score, flags
    (
        "applicant",
        "131810452",
        "소상분식",
        "김소상",
        dt.date(1990, 5, 17),
        "I56",
        dt.date(2022, 3, 2),
        "남동구",
        "인천광역시 남동구 구월로 100, 1층",
        2,
        180_000_000,
        720,
        {
            "in_traditional_market": True,
            "covid_sales_drop_pct": Decimal("18.0"),
            "hired_last_year": 1,
        },
    ),
    (
        "applicant2",
        "122860335",
        "부평상회",
        "이상인",
        dt.date(1971, 11, 3),
        "G47",
        dt.date(2009, 8, 10),
        "부평구",
        "인천광역시 부평구 부평대로 25",
        4,
        420_000_000,
        810,
        {"in_underground_mall": True},
    ),
]


def seed_businesses(users_by_name) -> list[Business]:
    districts = {d.name: d for d in District.objects.filter(sido="인천광역시")}
    industries = {i.code: i for i in Industry.objects.all()}
    businesses = []
    for (
        owner,
        nine,
        name,
        rep,
        birth,
        industry,
        opened,
        district,
        address,
        employees,
        sales,
        score,
        flags,
    ) in DEMO_BUSINESSES:
        business, _ = Business.objects.update_or_create(
            business_no=valid_brn(nine),
            defaults={
                "owner": users_by_name[owner],
                "name": name,
                "representative_name": rep,
                "representative_birth_date": birth,
                "industry": industries[industry],
                "opened_on": opened,
                "sido": "인천광역시",
                "district": districts[district],
                "road_address": address,
                "employees": employees,
                "last_year_sales_krw": sales,
                "credit_score": score,
                **flags,
            },
        )
        businesses.append(business)
    return businesses
