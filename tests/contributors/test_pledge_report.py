"""pledge_report (issue 13, part 6): the contributors' own figures from granular records —
seed 000 (Incheon city: 2018 685 guarantees / 25,390백만원 / 667 consultations; 2019 to June
339 / 14,866 / 407) and seed 004 (Yangju: 2018 193 businesses / 3,667백만원, 이차보전 15
businesses / 17백만원) — computed, never looked up, in a flat number of queries."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.money import to_million
from demo.guarantees import valid_brn
from guarantees.consultations.services import consultation_record
from guarantees.contributors.selectors import pledge_rows, pledge_years
from guarantees.contributors.services import SubsidyError, subsidy_payment_record
from guarantees.models import Business, Consultation, Guarantee, SubsidyPayment
from ledger import chart
from ledger.models import Posting
from programs.models import ProgramYearTarget
from tests.guarantees.book.factories import make_guarantee
from tests.guarantees.review.factories import ProgramFactory

MILLION = 1_000_000

pytestmark = pytest.mark.django_db


def spread(total_krw: int, count: int, unit: int = 100_000) -> list[int]:
    """`count` amounts in whole `unit`s adding up to `total_krw` (as varied as a real book)."""
    base, extra = divmod(total_krw // unit, count)
    return [(base + (1 if i < extra else 0)) * unit for i in range(count)]


def guarantees(program, branch, total_krw: int, count: int, first: dt.date, last: dt.date):
    days = (last - first).days
    return [
        make_guarantee(
            branch=branch,
            program=program,
            amount_krw=amount,
            issued_on=first + dt.timedelta(days=i * days // max(count - 1, 1)),
        )
        for i, amount in enumerate(spread(total_krw, count))
    ]


def bulk_guarantees(program, branch, total_krw: int, count: int, first: dt.date, last: dt.date):
    """The same rows as `guarantees` for a thousand at a time: the pledge figures read the
    guarantee records, so these are bulk-created (with their businesses) without postings."""
    days = (last - first).days
    start = Business.objects.count()
    businesses = Business.objects.bulk_create(
        Business(business_no=valid_brn(f"{300000000 + start + i:09d}"), name=f"인천상회{start + i}")
        for i in range(count)
    )
    rows = []
    for i, (business, amount) in enumerate(zip(businesses, spread(total_krw, count), strict=True)):
        issued = first + dt.timedelta(days=i * days // max(count - 1, 1))
        rows.append(
            Guarantee(
                guarantee_no=f"INC-{start + i:07d}",
                business=business,
                branch=branch,
                program=program,
                bank_name="신한은행",
                issued_on=issued,
                matures_on=issued.replace(year=issued.year + 5),
                loan_amount_krw=amount,
                guaranteed_amount_krw=amount,
                guarantee_ratio_pct=Decimal("100"),
                fee_rate_pct=Decimal("1.0"),
            )
        )
    Guarantee.objects.bulk_create(rows)


def consultations(counsellor, program, count: int, first: dt.date, last: dt.date):
    """A few through the service (the program dimension is its to write), the rest in bulk."""
    days = (last - first).days
    dates = [first + dt.timedelta(days=i * days // max(count - 1, 1)) for i in range(count)]
    for i, date in enumerate(dates[:3]):
        consultation_record(
            counsellor=counsellor,
            date=date,
            channel="visit",
            topic="growth",
            outcome="특례보증 안내",
            walk_in_name=f"내방객{i}",
            program=program,
        )
    Consultation.objects.bulk_create(
        Consultation(
            counsellor=counsellor,
            date=date,
            channel="phone",
            topic="growth",
            outcome="특례보증 안내",
            walk_in_name=f"내방객{i}",
            program=program,
        )
        for i, date in enumerate(dates[3:], start=3)
    )


@pytest.fixture
def incheon(organisation, counsellor):
    """Seed 000: 인천광역시's 소상공인 특례보증, its 2018 and first-half 2019."""
    program = ProgramFactory(code="INCHEON-SME", funding_krw=2_000_000_000)
    branch = organisation["NAMDONG"]
    make = bulk_guarantees
    make(program, branch, 25_390 * MILLION, 685, dt.date(2018, 4, 24), dt.date(2018, 12, 28))
    make(program, branch, 268 * MILLION, 8, dt.date(2019, 1, 10), dt.date(2019, 3, 29))
    make(program, branch, 14_598 * MILLION, 331, dt.date(2019, 4, 1), dt.date(2019, 6, 28))
    make(program, branch, 900 * MILLION, 30, dt.date(2019, 7, 1), dt.date(2019, 9, 30))
    consultations(counsellor, program, 667, dt.date(2018, 4, 24), dt.date(2018, 12, 28))
    consultations(counsellor, program, 407, dt.date(2019, 1, 3), dt.date(2019, 6, 28))
    consultations(counsellor, None, 50, dt.date(2019, 1, 3), dt.date(2019, 6, 28))  # not its own
    return program


def test_incheon_citys_programme_gives_seed_000s_figures(incheon):
    out = StringIO()
    call_command("pledge_report", "--program", incheon.code, "--json", stdout=out)
    report = json.loads(out.getvalue())

    assert report["program_code"] == "INCHEON-SME"
    y2018 = report["years"][0]
    assert y2018["year"] == 2018
    assert (y2018["guarantees"], to_million(y2018["amount_krw"])) == (685, 25_390)
    assert y2018["businesses"] == 685
    assert y2018["consultations"] == 667
    assert set(y2018) == {
        "year",
        "businesses",
        "guarantees",
        "amount_krw",
        "subsidy_businesses",
        "subsidy_krw",
        "consultations",
    }

    out = StringIO()
    call_command(
        "pledge_report", "--program", incheon.code, "--until", "2019-06-30", "--json", stdout=out
    )
    y2019 = json.loads(out.getvalue())["years"][1]
    assert (y2019["guarantees"], to_million(y2019["amount_krw"])) == (339, 14_866)
    assert y2019["consultations"] == 407
    # The whole of 2019 goes on: the report counts, it does not look up.
    assert pledge_years(incheon)[1]["guarantees"] == 369


@pytest.fixture
def yangju(organisation):
    """Seed 004: 양주시's 소상공인 특례보증 and 이차보전, 2018."""
    program = ProgramFactory(code="YANGJU-SME", funding_krw=300_000_000)
    made = guarantees(
        program, organisation["BUPYEONG"], 3_667 * MILLION, 193, dt.date(2018, 2, 1),
        dt.date(2018, 11, 30),
    )  # fmt: skip
    # 16 payments to 15 businesses (one paid twice), 16,980,000원 → 17백만원.
    amounts = spread(16_980_000, 16, unit=10_000)
    for i, amount in enumerate(amounts):
        g = made[min(i, 14)]
        start = dt.date(2018, 12, 1) if i < 15 else dt.date(2018, 12, 16)
        subsidy_payment_record(
            guarantee=g,
            period_start=start,
            period_end=start + dt.timedelta(days=14),
            amount_krw=amount,
            paid_on=dt.date(2018, 12, 31),
            contributor="양주시",
        )
    return program


def test_yangjus_programme_gives_seed_004s_figures(yangju):
    (y2018,) = pledge_years(yangju)
    assert (y2018["businesses"], to_million(y2018["amount_krw"])) == (193, 3_667)
    assert (y2018["subsidy_businesses"], to_million(y2018["subsidy_krw"])) == (15, 17)


def test_each_subsidy_payment_is_booked_in_the_journal_with_its_programme(yangju):
    paid = Posting.objects.filter(account__code=chart.SUBSIDY_PAID, program=yangju)
    assert paid.count() == SubsidyPayment.objects.count() == 16
    assert sum(paid.values_list("amount_krw", flat=True)) == 16_980_000


def test_a_refused_subsidy_payment_stores_nothing(organisation):
    program = ProgramFactory()
    g = make_guarantee(branch=organisation["NAMDONG"], program=program)
    general = make_guarantee(branch=organisation["NAMDONG"])
    period = {"period_start": dt.date(2020, 2, 1), "period_end": dt.date(2020, 2, 29)}
    subsidy_payment_record(guarantee=g, amount_krw=10_000, paid_on=dt.date(2020, 3, 5), **period)
    before = Posting.objects.count()
    cases = [
        (dict(guarantee=g, amount_krw=10_000, paid_on=dt.date(2020, 3, 6)), "이미 지급"),
        (dict(guarantee=general, amount_krw=10_000, paid_on=dt.date(2020, 3, 6)), "일반보증"),
        (dict(guarantee=g, amount_krw=0, paid_on=dt.date(2020, 3, 6)), "0원보다"),
    ]
    for kwargs, message in cases:
        with pytest.raises(SubsidyError, match=message):
            subsidy_payment_record(**kwargs, **period)
    assert Posting.objects.count() == before and SubsidyPayment.objects.count() == 1


def test_the_pledge_figures_take_a_flat_number_of_queries(organisation, counsellor):
    program = ProgramFactory()
    ProgramYearTarget.objects.create(
        program=program, year=2018, amount_krw=25_000 * MILLION, count=600
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            pledge_rows(program)
        return len(ctx)

    guarantees(
        program, organisation["NAMDONG"], 100 * MILLION, 5, dt.date(2018, 1, 2), dt.date(2018, 3, 1)
    )
    small = queries()
    guarantees(
        program,
        organisation["NAMDONG"],
        900 * MILLION,
        60,
        dt.date(2018, 3, 2),
        dt.date(2019, 3, 1),
    )
    consultations(counsellor, program, 20, dt.date(2018, 1, 2), dt.date(2019, 1, 1))
    assert queries() == small == 4
    rows = pledge_rows(program)
    assert rows[0]["target_count"] == 600 and rows[0]["count_rate"] is not None


def test_an_unknown_programme_is_named():
    with pytest.raises(CommandError, match="NOPE"):
        call_command("pledge_report", "--program", "NOPE", "--json")
