"""Probe row 8: every query parameter is parsed by a form — NUL in the book search and year=0
on the subsidy page answer 400 with a Korean message, never 500 (the subsidy page no longer
takes a rate: it uses the one the bank reported); the 400, 403, 404 and 500 pages are Korean."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["G-0001\x00", "\x00", "x" * 500])
def test_book_search_refuses_a_bad_query_with_400(client, organisation, reviewer, q):
    client.force_login(reviewer)
    response = client.get(reverse("guarantees:book_home"), {"q": q})
    assert response.status_code == 400
    page = response.content.decode()
    assert "보증번호" in page and ("쓸 수 없는 문자" in page or "넘지 않습니다" in page)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "0"}, "2000년 이후"),
        ({"year": "99999999999999999999"}, "2100년 이전"),
        ({"year": "이천"}, "연도는 숫자로"),
        ({"year": "2020\x00"}, ""),
    ],
)
def test_the_subsidy_page_answers_400_in_korean(client, organisation, hq_sales, params, message):
    client.force_login(hq_sales)
    response = client.get(reverse("guarantees:book_subsidy"), params)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'role="alert"' in page


def test_the_subsidy_page_still_computes_a_good_request(client, organisation, hq_sales):
    client.force_login(hq_sales)
    response = client.get(reverse("guarantees:book_subsidy"), {"year": "2020"})
    assert response.status_code == 200 and "2020년 이차보전 정산" in response.content.decode()


@pytest.mark.parametrize("rate", ["NaN", "Infinity", "1e400", "-1"])
def test_a_rate_parameter_is_no_longer_read(client, organisation, hq_sales, rate):
    client.force_login(hq_sales)
    response = client.get(reverse("guarantees:book_subsidy"), {"year": "2020", "rate": rate})
    assert response.status_code == 200 and 'role="alert"' not in response.content.decode()


@pytest.mark.parametrize("year", ["0", "99999999999999999999", "٢٠٢٠", "\x00"])
def test_the_registers_page_never_fails_on_the_year(client, organisation, strategy, year):
    client.force_login(strategy)
    response = client.get(reverse("reports:registers"), {"year": year})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "code, heading",
    [
        (400, "요청을 처리할 수 없습니다"),
        (403, "이 화면을 볼 권한이 없습니다"),
        (404, "요청하신 화면을 찾을 수 없습니다"),
        (500, "잠시 문제가 생겼습니다"),
    ],
)
def test_the_error_pages_are_korean(rf, settings, organisation, code, heading):
    from django.core.exceptions import PermissionDenied, SuspiciousOperation
    from django.http import Http404
    from django.views import defaults

    request = rf.get("/nowhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    views = {
        400: lambda: defaults.bad_request(request, SuspiciousOperation()),
        403: lambda: defaults.permission_denied(request, PermissionDenied()),
        404: lambda: defaults.page_not_found(request, Http404()),
        500: lambda: defaults.server_error(request),
    }
    response = views[code]()
    page = response.content.decode()
    assert response.status_code == code
    assert heading in page and 'lang="ko"' in page
    assert "Bad Request" not in page and "Server Error" not in page


def test_a_disallowed_host_gets_the_korean_400_page(settings):
    settings.DEBUG = False
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
    assert "요청을 처리할 수 없습니다" in response.content.decode()
