"""The contributor officer's pages (issue 13, part 2): only the programmes its city or district
funds (from the journal), their figures and the CSV; another contributor's programme is 404."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from ledger.services import contribution_record
from tests.guarantees.book.factories import make_guarantee
from tests.guarantees.review.factories import ProgramFactory

EOK = 100_000_000

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(organisation):
    gyeyang = ProgramFactory(code="GYEYANG-SME", name="계양구 소상공인 특례보증", funding_krw=0)
    other = ProgramFactory(code="BUPYEONG-SME", name="부평구 특례보증", funding_krw=0)
    for program, who in ((gyeyang, "계양구"), (other, "부평구")):
        contribution_record(
            date=dt.date(2020, 1, 6),
            category="district",
            amount_krw=5 * EOK,
            contributor=who,
            program_id=program.pk,
        )
    make_guarantee(
        branch=organisation["GYEYANG"], program=gyeyang, amount_krw=40_000_000,
        issued_on=dt.date(2020, 3, 2),
    )  # fmt: skip
    return gyeyang, other


def signed_in(client, user):
    client.force_login(user)  # past the second factor (tests/conftest.py's client)
    return client


def test_the_officer_sees_its_programmes_only(client, contributor_officer, funded):
    body = signed_in(client, contributor_officer).get(reverse("guarantees:contributor_home"))
    text = body.content.decode()
    assert "계양구 소상공인 특례보증" in text and "부평구 특례보증" not in text
    assert "50억원" in text  # 5억 × 10, from the journal
    assert "<dt>보증 잔액</dt><dd>4,000만원</dd>" in text  # the exposure in the journal


def test_the_csv_has_the_pledge_figures_and_another_districts_programme_is_404(
    client, contributor_officer, funded
):
    gyeyang, other = funded
    c = signed_in(client, contributor_officer)
    response = c.get(reverse("guarantees:contributor_pledge_csv", kwargs={"code": gyeyang.code}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["year", "businesses", "guarantees", "amount_krw"]
    assert rows[1][:4] == ["2020", "1", "1", "40000000"]
    missing = c.get(reverse("guarantees:contributor_pledge_csv", kwargs={"code": other.code}))
    assert missing.status_code == 404


def test_the_officer_lands_on_its_page(client, contributor_officer, funded):
    response = signed_in(client, contributor_officer).get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response.url == reverse("guarantees:contributor_home")


def test_the_pledge_table_opens_in_excel_as_numbers(client, contributor_officer, funded):
    from openpyxl import load_workbook

    gyeyang, other = funded
    c = signed_in(client, contributor_officer)
    page = c.get(reverse("guarantees:contributor_home")).content.decode()
    url = reverse("guarantees:contributor_pledge_xlsx", kwargs={"code": gyeyang.code})
    assert url in page
    response = c.get(url)
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "계양구 소상공인 특례보증 연도별 공약 실적"
    assert rows[1][:4] == ("연도", "보증(건)", "업체 수", "보증금액(원)")
    assert rows[2][:4] == (2020, 1, 1, 40_000_000)
    assert ws["A3"].number_format == "0"  # 2020, not 2,020
    assert ws["B3"].number_format == "#,##0" and ws["D3"].number_format == '#,##0"원"'
    assert ws.freeze_panes == "A3"
    missing = c.get(reverse("guarantees:contributor_pledge_xlsx", kwargs={"code": other.code}))
    assert missing.status_code == 404
