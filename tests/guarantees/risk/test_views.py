"""The stress pages: the form refuses bad input in Korean on the page, a request becomes a
run, and a finished run shows its figures, the fan chart and the assumptions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from guarantees.models import StressRun
from guarantees.risk.runs import claim_token, stress_chunk_run, stress_finish, stress_prepare

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_the_form_refuses_bad_input_on_the_page_and_books_no_run(client, strategy, book):
    client.force_login(strategy)
    response = client.post(
        reverse("guarantees:stress_ask"),
        {
            "date": "2010-01-01",
            "months": "61",
            "paths": "0",
            "seed": "1",
            "recovery_rate": "1.5",
            "amortisation": "on",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "기준일이 장부의 첫 보증일(2020-01-02)보다 앞섭니다." in page
    assert "기간은 60개월을 넘을 수 없습니다." in page
    assert "경로 수는 1 이상이어야 합니다." in page
    assert "회수율은 1(100%)을 넘을 수 없습니다." in page
    assert not StressRun.objects.exists()


def test_a_request_becomes_a_run_and_its_page_follows_it(client, strategy, book):
    client.force_login(strategy)
    response = client.post(
        reverse("guarantees:stress_ask"),
        {
            "date": DAY.isoformat(),
            "months": "12",
            "paths": "1500",
            "seed": "3",
            "amortisation": "on",
            "default_rate_monthly": "0.01",
        },
    )
    run = StressRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("guarantees:stress_run", args=[run.pk])
    assert run.overrides["default_rate_monthly"] == 0.01 and run.paths == 1500
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page  # queued: the page polls

    stress_prepare(run_id=run.pk)
    token = claim_token(run.pk)
    for index in range(2):
        stress_chunk_run(run_id=run.pk, index=index, token=token)
    run = stress_finish(run_id=run.pk, token=token)
    page = client.get(reverse("guarantees:stress_run", args=[run.pk])).content.decode()
    assert "every 1s" not in page
    assert f"{run.result['breach_probability'] * 100:.1f}%" in page
    assert "<svg" in page and "적정 운용배수 10.0배" in page
    assert page.count("<polygon") == 3  # the three bands of the fan
    assert "상품·신용구간별 월 부실률" in page
    assert "2023-12-31" in page  # the last month-end


def test_executives_see_the_runs_and_others_do_not(client, executive, reviewer, book):
    client.force_login(executive)
    assert client.get(reverse("guarantees:stress_home")).status_code == 200
    client.force_login(reviewer)
    assert client.get(reverse("guarantees:stress_home")).status_code == 403
