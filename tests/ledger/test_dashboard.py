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
def test_the_button_queues_one_run_and_the_run_stores_todays_snapshot_once(
    client, strategy, hot_book, monkeypatch, django_capture_on_commit_callbacks
):
    from ledger.models import MultiplierRun
    from ledger.runs import multiplier_run_execute

    enqueued = []
    monkeypatch.setattr(
        "ledger.tasks.multiplier_run.apply_async", lambda args, **_: enqueued.append(args[0])
    )
    client.force_login(strategy)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger:snapshot_now"))
        response = client.post(reverse("ledger:snapshot_now"))  # a double click

    assert response.status_code == 302
    run = MultiplierRun.objects.get()
    assert enqueued == [run.pk] and run.requested_by == strategy and run.trigger == "button"
    assert multiplier_run_execute(run_id=run.pk)["executed"] is True
    assert multiplier_run_execute(run_id=run.pk)["executed"] is False  # redelivered: no-op
    run.refresh_from_db()
    assert run.status == "done" and run.attempts == 1 and run.snapshot_rows > 0
    assert MultiplierSnapshot.objects.filter(scope=MultiplierScope.FOUNDATION).count() == 3
    page = client.get(reverse("ledger:dashboard")).content.decode()
    assert 'id="multiplier-runs"' in page and "1회" in page


@pytest.mark.django_db
def test_an_applicant_cannot_press_the_button(client, applicant, hot_book):
    client.force_login(applicant)

    assert client.post(reverse("ledger:snapshot_now")).status_code == 403


@pytest.mark.django_db
def test_strategy_closes_a_years_loss_once(client, strategy, hot_book):
    from guarantees.book.services import guarantee_event_record
    from guarantees.models import Guarantee
    from ledger.models import JournalEntry
    from ledger.selectors import base_assets

    g = Guarantee.objects.get()
    guarantee_event_record(
        guarantee_id=g.id, kind="subrogation", date=dt.date(2020, 8, 1), amount_krw=5_000_000
    )
    guarantee_event_record(
        guarantee_id=g.id, kind="write_off", date=dt.date(2020, 9, 1), amount_krw=2_000_000
    )
    client.force_login(strategy)

    client.post(reverse("ledger:loss_close"), {"year": "2020"})
    client.post(reverse("ledger:loss_close"), {"year": "2020"})

    assert JournalEntry.objects.filter(kind="loss_closing").count() == 1
    assert base_assets(dt.date(2020, 12, 31)) == 98_000_000
