"""The bank desk: an officer sees their own bank's guarantees only, with filters that answer
bad input in Korean."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.guarantees.bank.conftest import IBK, SHINHAN

pytestmark = pytest.mark.django_db

LIST = "guarantees:bank_desk:guarantees"


def test_an_officer_sees_only_their_banks_guarantees(client, bank_officer, make_bank_guarantee):
    mine = make_bank_guarantee(bank_name=IBK)
    theirs = make_bank_guarantee(bank_name=SHINHAN)
    client.force_login(bank_officer)
    page = client.get(reverse(LIST)).content.decode()
    assert mine.guarantee_no in page
    assert theirs.guarantee_no not in page
    detail = reverse("guarantees:bank_desk:guarantee", args=[theirs.guarantee_no])
    assert client.get(detail).status_code == 404
    own = client.get(reverse("guarantees:bank_desk:guarantee", args=[mine.guarantee_no]))
    assert own.status_code == 200
    assert "보증잔액" in own.content.decode()


def test_filters_narrow_the_list(client, bank_officer, make_bank_guarantee):
    old = make_bank_guarantee(bank_name=IBK, issued_on=dt.date(2025, 3, 1))
    new = make_bank_guarantee(bank_name=IBK, issued_on=dt.date(2026, 3, 1))
    client.force_login(bank_officer)
    page = client.get(reverse(LIST), {"issued_since": "2026-01-01"}).content.decode()
    assert new.guarantee_no in page and old.guarantee_no not in page
    page = client.get(reverse(LIST), {"q": old.guarantee_no}).content.decode()
    assert old.guarantee_no in page and new.guarantee_no not in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"issued_since": "2026-13-45"}, "발급일은 YYYY-MM-DD 형식으로 입력하세요."),
        ({"q": "a\x00b"}, "검색어에 쓸 수 없는 문자(NUL)가 있습니다."),
        ({"status": "nonsense"}, "올바르게 선택해 주세요"),
    ],
)
def test_bad_filters_get_a_korean_error_not_a_500(client, bank_officer, params, message):
    client.force_login(bank_officer)
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200
    assert message in response.content.decode()
