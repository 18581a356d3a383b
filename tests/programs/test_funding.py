"""A programme's funding is the contributions booked to it in the journal (issue 13, part 1):
capacity follows the journal at any date, a new contribution raises it at once, the guarded
reservation reads the same sum, and an import whose programs.csv disagrees is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from ledger.services import contribution_record
from programs.funding import funding_by_program, program_funding_at
from programs.models import Program
from programs.services import CapacityExhausted, capacity_reserve
from tests.guarantees.book.test_import import GOOD, write_book
from tests.guarantees.review.factories import ProgramFactory

EOK = 100_000_000

pytestmark = pytest.mark.django_db


def test_funding_is_the_sum_of_the_contributions_booked_to_the_programme_at_a_date():
    program = ProgramFactory(funding_krw=0)
    contribution_record(
        date=dt.date(2019, 1, 15), category="district", amount_krw=3 * EOK, program_id=program.pk
    )
    contribution_record(
        date=dt.date(2019, 7, 15), category="district", amount_krw=2 * EOK, program_id=program.pk
    )
    contribution_record(date=dt.date(2019, 3, 1), category="city", amount_krw=9 * EOK)  # general

    assert funding_by_program(at=dt.date(2019, 6, 30)) == {program.pk: 3 * EOK}
    by_code = {row.code: row for row in program_funding_at(dt.date(2019, 12, 31))}
    assert by_code[program.code].funding_krw == 5 * EOK
    assert by_code[program.code].capacity_krw == 50 * EOK  # × 10
    assert Program.objects.get(pk=program.pk).capacity_krw == 50 * EOK


def test_a_new_contribution_raises_the_capacity_the_guarded_reservation_sees_at_once():
    program = ProgramFactory(funding_krw=EOK, multiple=Decimal("10"))  # 10억
    capacity_reserve(program_id=program.pk, amount_krw=10 * EOK)
    with pytest.raises(CapacityExhausted):
        capacity_reserve(program_id=program.pk, amount_krw=1)

    contribution_record(
        date=dt.date(2026, 1, 5), category="district", amount_krw=EOK // 2, program_id=program.pk
    )

    assert capacity_reserve(program_id=program.pk, amount_krw=5 * EOK) == 15 * EOK
    program.refresh_from_db()
    assert program.capacity_krw == 15 * EOK and program.remaining_krw == 0


def test_a_programme_without_contributions_has_no_capacity_unless_a_set_amount():
    program = ProgramFactory(funding_krw=0)
    assert program.capacity_krw == 0
    with pytest.raises(CapacityExhausted):
        capacity_reserve(program_id=program.pk, amount_krw=1)
    set_amount = ProgramFactory(funding_krw=0, capacity_override_krw=3 * EOK)
    assert capacity_reserve(program_id=set_amount.pk, amount_krw=3 * EOK) == 3 * EOK


PROGRAMS_HEADER = [
    ("COVID19", "코로나19 피해 특례보증", "2000000000", "10", "20000000", "100", "0.8"),
]


def test_an_import_whose_programme_funding_disagrees_with_its_contributions_is_refused(
    tmp_path, organisation, programs, capsys
):
    tables = {name: list(rows) for name, rows in GOOD.items()}
    tables["base_assets"].append(
        ("2020-02-05", "contribution", "city", "인천광역시", "COVID19", "1500000000", "코로나")
    )
    tables["programs"] = PROGRAMS_HEADER
    write_book(tmp_path, tables)

    with pytest.raises(CommandError):
        call_command("import_book", str(tmp_path))

    err = capsys.readouterr().err
    assert "programs.csv:2" in err or "programs:2" in err
    assert "2,000,000,000원" in err and "1,500,000,000원" in err
    assert not funding_by_program()


def test_an_import_whose_programme_funding_agrees_books_it_as_the_programmes_funding(
    tmp_path, organisation, programs
):
    tables = {name: list(rows) for name, rows in GOOD.items()}
    tables["base_assets"].append(
        ("2020-02-05", "contribution", "city", "인천광역시", "COVID19", "2000000000", "코로나")
    )
    tables["programs"] = PROGRAMS_HEADER
    write_book(tmp_path, tables)

    call_command("import_book", str(tmp_path))

    covid = Program.objects.get(code="COVID19")
    assert funding_by_program() == {covid.pk: 20 * EOK}
