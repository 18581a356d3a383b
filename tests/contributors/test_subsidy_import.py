"""subsidies.csv in the interchange (issue 13, part 7): a foundation moving in brings its
이차보전 history; validated first, every problem named by file, row and column, all-or-nothing,
twice = once; the payments become SubsidyPayment rows through the service, and seed 004's
Yangju figures come out of pledge_report computed from them."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from common.money import to_million
from demo.guarantees import valid_brn
from guarantees.models import Guarantee, SubsidyPayment
from ledger import chart
from ledger.models import JournalEntry, Posting
from tests.guarantees.book.test_import import write_book

pytestmark = pytest.mark.django_db

MILLION = 1_000_000


def spread(total_krw: int, count: int, unit: int) -> list[int]:
    base, extra = divmod(total_krw // unit, count)
    return [(base + (1 if i < extra else 0)) * unit for i in range(count)]


def yangju_book() -> dict:
    """Seed 004 (양주시, 2018): 193 businesses / 3,667백만원 of guarantees, 이차보전 to 15
    businesses / 17백만원 (16 payments: one business paid for two periods)."""
    guarantees = []
    for i, amount in enumerate(spread(3_667 * MILLION, 193, unit=100_000)):
        issued = dt.date(2018, 2, 1) + dt.timedelta(days=i * 300 // 192)
        guarantees.append(
            (
                f"YJ-2018-{i + 1:04d}",
                valid_brn(f"{410000000 + i:09d}"),
                f"양주상회{i + 1}",
                "YANGJU",
                "YANGJU-SME",
                "농협은행",
                issued.isoformat(),
                issued.replace(year=2023).isoformat(),
                str(amount),
                "100",
                "1.0",
            )
        )
    subsidies = []
    for i, amount in enumerate(spread(16_980_000, 16, unit=10_000)):
        start = dt.date(2018, 12, 1) if i < 15 else dt.date(2018, 12, 16)
        subsidies.append(
            (
                "YANGJU-SME",
                f"YJ-2018-{min(i, 14) + 1:04d}",
                start.isoformat(),
                (start + dt.timedelta(days=14)).isoformat(),
                str(amount),
                "2018-12-31",
            )
        )
    return {
        "branches": [("YANGJU", "양주지점", "양주시")],
        "programs": [
            (
                "YANGJU-SME",
                "양주시 소상공인 특례보증",
                "300000000",
                "12.5",
                "50000000",
                "100",
                "1.0",
            )
        ],
        "base_assets": [
            ("2018-01-15", "contribution", "district", "양주시", "YANGJU-SME", "300000000", "")
        ],
        "guarantees": guarantees,
        "events": [],
        "subsidies": subsidies,
    }


def counts() -> tuple:
    return (
        Guarantee.objects.count(),
        SubsidyPayment.objects.count(),
        JournalEntry.objects.count(),
        Posting.objects.count(),
    )


def test_yangjus_book_gives_seed_004s_figures_through_pledge_report(tmp_path):
    directory = write_book(tmp_path, yangju_book())

    call_command("import_book", str(directory), stdout=StringIO())
    out = StringIO()
    call_command("pledge_report", "--program", "YANGJU-SME", "--json", stdout=out)

    (y2018,) = json.loads(out.getvalue())["years"]
    assert (y2018["year"], y2018["businesses"], y2018["guarantees"]) == (2018, 193, 193)
    assert to_million(y2018["amount_krw"]) == 3_667
    assert (y2018["subsidy_businesses"], to_million(y2018["subsidy_krw"])) == (15, 17)
    paid = Posting.objects.filter(account__code=chart.SUBSIDY_PAID)
    assert sum(paid.values_list("amount_krw", flat=True)) == 16_980_000
    assert set(SubsidyPayment.objects.values_list("contributor", flat=True)) == {"양주시"}


def test_a_second_import_changes_nothing(tmp_path):
    directory = write_book(tmp_path, yangju_book())
    call_command("import_book", str(directory), stdout=StringIO())
    before = counts()

    out = StringIO()
    call_command("import_book", str(directory), stdout=out)

    assert counts() == before
    assert "이차보전 지급 0건(이미 있던 16건 건너뜀)" in out.getvalue()


def test_every_bad_subsidy_row_is_named_and_nothing_is_imported(tmp_path):
    book = yangju_book()
    book["programs"].append(("OTHER", "다른 상품", "0", "10", "50000000", "100", "1.0"))
    good = book["subsidies"][0]
    book["subsidies"] += [
        ("YANGJU-SME", "YJ-9999-0001", "2018-12-01", "2018-12-15", "10000", "2018-12-31"),
        ("OTHER", good[1], "2018-12-01", "2018-12-15", "10000", "2018-12-31"),
        ("YANGJU-SME", good[1], "2018-12-20", "2018-12-10", "10000", "2018-12-31"),
        ("YANGJU-SME", good[1], "2019-01-01", "2019-01-15", "0", "2019-01-31"),
        ("YANGJU-SME", good[1], "2019-02-01", "2019-02-15", "10000", "2019-01-31"),
        ("YANGJU-SME", good[1], "2017-02-01", "2017-02-15", "10000", "2018-03-01"),
        good,
    ]
    directory = write_book(tmp_path, book)
    err = StringIO()

    with pytest.raises(CommandError, match="아무것도 가져오지 않았습니다"):
        call_command("import_book", str(directory), stdout=StringIO(), stderr=err)

    problems = err.getvalue()
    first = len(yangju_book()["subsidies"]) + 2  # the first added row's line
    for line, column, reason in [
        (first, "guarantee_no", "알 수 없는 보증번호"),
        (first + 1, "program_code", "보증 YJ-2018-0001의 상품은 YANGJU-SME입니다"),
        (first + 2, "period_end", "대상 기간의 끝이 시작보다 이릅니다"),
        (first + 3, "amount_krw", ""),
        (first + 4, "paid_on", "대상 기간 시작 전에 지급할 수 없습니다"),
        (first + 5, "period_start", "보증 발급일(2018-02-01) 전"),
        (first + 6, "period_start", "같은 보증·기간의 지급이 2행에도"),
    ]:
        assert f"subsidies.csv:{line}: {column}: {reason}" in problems, (line, problems)
    assert counts() == (0, 0, 0, 0)


def test_a_recorded_payment_with_another_amount_is_refused(tmp_path):
    book = yangju_book()
    call_command("import_book", str(write_book(tmp_path, book)), stdout=StringIO())
    before = counts()
    changed = list(book["subsidies"][0])
    changed[4] = "1"
    book["subsidies"][0] = tuple(changed)
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("import_book", str(write_book(tmp_path, book)), stderr=err)

    assert "subsidies.csv:2: amount_krw: 이미 기록된 같은 보증·기간의 지급과" in err.getvalue()
    assert counts() == before
