"""import_book applies the staff services' sequence rules (rules.py), refuses dates after
today, and names the encoding of a CP949 or UTF-16 file (issue 18, rows 4 and 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.guarantees.book.test_import import GOOD, counts, write_book

G1 = ("G-0001", "131-81-04522", "가나상회", "NAMDONG", "", "신한은행", "2019-03-02")
G1_REST = ("2024-03-02", "30000000", "100", "1.0")  # a 3,000만 guarantee


def refused(tmp_path, capsys, tables) -> str:
    write_book(tmp_path, tables)
    with pytest.raises(CommandError):
        call_command("import_book", str(tmp_path))
    assert counts() == (0, 0, 0, 0, 0)  # refused whole
    return capsys.readouterr().err


def book(*events, guarantees=None) -> dict:
    return {
        "base_assets": GOOD["base_assets"],
        "guarantees": guarantees or [G1 + G1_REST],
        "events": list(events),
    }


@pytest.mark.parametrize(
    "events, where, reason",
    [
        (
            [("G-0001", "2020-01-02", "normalization", "1000000", "", "")],
            "events.csv:2: event",
            "보증사고가 없는 보증은 정상화할 수 없습니다",
        ),
        (
            [
                ("G-0001", "2020-01-02", "accident", "1000000", "", ""),
                ("G-0001", "2020-02-02", "normalization", "1000000", "", ""),
                ("G-0001", "2020-03-02", "normalization", "1000000", "", ""),
            ],
            "events.csv:4: event",
            "보증사고가 없는 보증은 정상화할 수 없습니다",
        ),
        (
            [
                ("G-0001", "2020-01-02", "accident", "30000000", "", ""),
                ("G-0001", "2020-02-02", "subrogation", "80000000", "", ""),
            ],
            "events.csv:3: amount_krw",
            "대위변제 금액이 보증잔액(30,000,000원)보다 큽니다",
        ),
        (
            [
                ("G-0001", "2020-01-02", "termination", "", "", ""),
                ("G-0001", "2020-02-02", "repayment", "1000000", "", ""),
            ],
            "events.csv:3: date",
            "해지(2020-01-02)된 보증에는 상환(감액) 사건을 기록할 수 없습니다",
        ),
        (
            [
                ("G-0001", "2020-01-02", "termination", "", "", ""),
                ("G-0001", "2020-02-02", "accident", "1000000", "", ""),
            ],
            "events.csv:3: date",
            "해지(2020-01-02)된 보증에는 보증사고 사건을 기록할 수 없습니다",
        ),
    ],
)
def test_an_impossible_sequence_is_refused_by_file_row_and_column(
    tmp_path, organisation, programs, capsys, events, where, reason
):
    err = refused(tmp_path, capsys, book(*events))
    assert f"{where}: " in err and reason in err, err


def test_claim_events_after_a_subrogation_and_termination_are_still_allowed(
    tmp_path, organisation, programs
):
    write_book(
        tmp_path,
        book(
            ("G-0001", "2020-01-02", "accident", "30000000", "", ""),
            ("G-0001", "2020-02-02", "subrogation", "30000000", "", ""),
            ("G-0001", "2020-03-02", "termination", "", "", ""),
            ("G-0001", "2020-04-02", "recovery", "1000000", "", ""),
        ),
    )
    call_command("import_book", str(tmp_path))
    assert counts()[1] == 4


def test_dates_after_today_are_refused_but_a_future_maturity_is_not(
    tmp_path, organisation, programs, capsys
):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    far = (timezone.localdate() + dt.timedelta(days=3000)).isoformat()
    err = refused(
        tmp_path,
        capsys,
        {
            "base_assets": [(tomorrow, *GOOD["base_assets"][0][1:])],
            "guarantees": [(*G1[:-1], "2099-01-02", "2099-06-02", *G1_REST[1:])],
            "events": [("G-0001", tomorrow, "repayment", "1000000", "", "")],
        },
    )
    today = timezone.localdate().isoformat()
    assert f"base_assets.csv:2: date: 오늘({today}) 이후의 날짜입니다: {tomorrow}" in err
    assert f"guarantees.csv:2: issued_on: 오늘({today}) 이후의 날짜입니다: 2099-01-02" in err
    assert "matures_on" not in err

    write_book(tmp_path, book(guarantees=[(*G1, far, *G1_REST[1:])]))
    call_command("import_book", str(tmp_path))  # maturity after today is normal
    assert counts()[0] == 1


@pytest.mark.parametrize(
    "encoding, found",
    [("cp949", "CP949(EUC-KR) 파일로 보입니다"), ("utf-16", "UTF-16 파일입니다")],
)
def test_a_cp949_or_utf16_file_is_named_with_the_encoding_it_expects(
    tmp_path, organisation, programs, capsys, encoding, found
):
    write_book(tmp_path, GOOD)
    path = tmp_path / "guarantees.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))

    with pytest.raises(CommandError):
        call_command("import_book", str(tmp_path))

    err = capsys.readouterr().err
    assert "guarantees.csv:" in err and found in err, err
    assert "UTF-8 CSV여야 합니다" in err and "CSV UTF-8" in err
    assert "Traceback" not in err
    assert counts() == (0, 0, 0, 0, 0)
