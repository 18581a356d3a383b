"""The multiplier dashboard: trend chart as inline SVG, programme bars, threshold banner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ledger.models import MultiplierScope, MultiplierSnapshot, MultiplierThreshold
from ledger.multipliers import multiplier_snapshot_store
from ledger.services import contribution_record
from tests.guarantees.book.factories import make_guarantee


@pytest.fixture
def hot_book(organisation, programs):
    assert MultiplierThreshold.objects.exists()  # warning 9×, limit 10× (migration data)
    contribution_record(date=dt.date(2020, 1, 1), category="city", amount_krw=100_000_000)
    make_guarantee(
        branch=organisation["NAMDONG"],
        program=programs["COVID19"],
        amount_krw=950_000_000,
        issued_on=dt.date(2020, 2, 3),
    )
    for day in (dt.date(2020, 6, 30), dt.date(2020, 12, 31)):
        multiplier_snapshot_store(date=day)


@pytest.mark.django_db
def test_the_dashboard_draws_the_trend_and_warns_above_the_warning_level(
    client, strategy, hot_book
):
    client.force_login(strategy)

    page = client.get(reverse("ledger:dashboard")).content.decode()

    assert "<svg" in page and "<polyline" in page
    assert "9.50배" in page
    assert "경고 수준(9.00배)" in page
    assert "코로나19" in page  # programme bar row
    assert "cdn" not in page.lower()


@pytest.mark.django_db
def test_the_button_stores_todays_snapshot_once(client, strategy, hot_book):
    client.force_login(strategy)

    client.post(reverse("ledger:snapshot_now"))
    response = client.post(reverse("ledger:snapshot_now"))

    assert response.status_code == 302
    assert MultiplierSnapshot.objects.filter(scope=MultiplierScope.FOUNDATION).count() == 3


@pytest.mark.django_db
def test_an_applicant_cannot_press_the_button(client, applicant, hot_book):
    client.force_login(applicant)

    assert client.post(reverse("ledger:snapshot_now")).status_code == 403
