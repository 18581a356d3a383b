"""Sessions end when idle too long or too old; staff sooner than applicants."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY, STARTED_KEY

pytestmark = pytest.mark.django_db


def age_session(client, *, idle: int = 0, age: int = 0) -> None:
    session = client.session
    now = int(time.time())
    session[LAST_SEEN_KEY] = now - idle
    session[STARTED_KEY] = now - max(age, idle)
    session.save()


def test_a_staff_session_idle_for_31_minutes_is_ended(client, reviewer):
    client.force_login(reviewer)
    queue = reverse("guarantees:branch_queue")
    age_session(client, idle=29 * 60)
    assert client.get(queue).status_code == 200
    age_session(client, idle=31 * 60)
    response = client.get(queue)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=%2Fguarantees%2Fstaff%2Fqueue%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "30분 동안 사용하지 않아 안전을 위해 로그아웃했습니다" in page


def test_activity_keeps_a_staff_session_alive(client, reviewer):
    client.force_login(reviewer)
    queue = reverse("guarantees:branch_queue")
    age_session(client, idle=20 * 60, age=20 * 60)
    assert client.get(queue).status_code == 200  # counts as activity: last-seen moves on
    session = client.session
    assert int(time.time()) - session[LAST_SEEN_KEY] < 5


def test_a_staff_session_ends_after_ten_hours_however_busy(client, reviewer):
    client.force_login(reviewer)
    age_session(client, idle=10, age=10 * 3600 + 1)
    response = client.get(reverse("guarantees:branch_queue"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "로그인한 지 10시간이 지나" in page


def test_an_applicant_may_pause_longer_than_staff(client, applicant):
    client.force_login(applicant)
    home = reverse("guarantees:my_applications")
    age_session(client, idle=45 * 60)
    assert client.get(home).status_code == 200
    age_session(client, idle=61 * 60)
    assert client.get(home).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_of_an_expired_session_redirects_the_page(client, reviewer):
    client.force_login(reviewer)
    age_session(client, idle=31 * 60)
    response = client.get(reverse("guarantees:branch_queue"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_logging_in_again_starts_a_new_session_clock(client, applicant):
    client.force_login(applicant)
    age_session(client, idle=10, age=11 * 3600)
    client.post(reverse("accounts:logout"))
    client.post(
        reverse("accounts:login"), {"username": applicant.email, "password": "pw-for-tests-1"}
    )
    assert int(time.time()) - client.session[STARTED_KEY] < 5


def test_session_and_csrf_cookies_are_http_only(client, applicant):
    page = client.get(reverse("accounts:signup"))
    assert page.cookies["csrftoken"]["httponly"]  # htmx sends the token from the page
    response = client.post(
        reverse("accounts:login"), {"username": applicant.email, "password": "pw-for-tests-1"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
