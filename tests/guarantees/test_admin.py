"""The admin is no way around the services (issue 15 item 1): a superuser can look at the book,
the journal, fee records, claims, agreements, certificates and applications, and change none of
them; the database refuses changes to the book's events whoever asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from guarantees.book import services as book_services
from guarantees.models import Guarantee, GuaranteeEvent
from tests.guarantees.book.factories import make_guarantee

READ_ONLY = [
    "guarantees.guarantee",
    "guarantees.guaranteeevent",
    "guarantees.application",
    "guarantees.feeinstalment",
    "guarantees.feepayment",
    "guarantees.recourseclaim",
    "guarantees.subrogationclaim",
    "guarantees.agreement",
    "guarantees.guaranteecertificate",
    "guarantees.bookrequest",
    "guarantees.subsidyclaim",
    "guarantees.subsidypayment",
    "ledger.journalentry",
]


@pytest.fixture
def guarantee(organisation, programs):
    return make_guarantee(
        branch=organisation["NAMDONG"], program=programs["COVID19"], amount_krw=20_000_000
    )


@pytest.fixture
def event(guarantee, reviewer, branch_manager):
    request = book_services.book_request_create(
        guarantee_id=guarantee.id,
        kind="repayment",
        date=dt.date(2020, 6, 1),
        amount_krw=5_000_000,
        actor=reviewer,
    )
    book_services.book_request_decide(request_id=request.id, approve=True, actor=branch_manager)
    return GuaranteeEvent.objects.get(guarantee=guarantee)


@pytest.fixture
def admin_client(client, sysadmin):
    client.force_login(sysadmin)
    return client


def _url(label: str, view: str, *args) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("label", READ_ONLY)
def test_the_admin_offers_no_add_for_records_that_services_own(admin_client, label):
    assert admin_client.get(_url(label, "changelist")).status_code == 200
    assert admin_client.get(_url(label, "add")).status_code == 403


@pytest.mark.django_db
def test_a_superuser_cannot_change_an_issued_guarantees_amount(admin_client, guarantee):
    url = _url("guarantees.guarantee", "change", guarantee.pk)
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="guaranteed_amount_krw"' not in page.content  # shown, not a form field
    response = admin_client.post(
        url,
        {
            "guarantee_no": guarantee.guarantee_no,
            "guaranteed_amount_krw": "1",
            "loan_amount_krw": "1",
            "_save": "저장",
        },
    )
    assert response.status_code == 403
    guarantee.refresh_from_db()
    assert guarantee.guaranteed_amount_krw == 20_000_000
    delete = admin_client.post(
        _url("guarantees.guarantee", "delete", guarantee.pk), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Guarantee.objects.filter(pk=guarantee.pk).exists()


@pytest.mark.django_db
def test_a_superuser_cannot_add_or_delete_a_book_event(admin_client, guarantee, event):
    before = GuaranteeEvent.objects.count()
    added = admin_client.post(
        _url("guarantees.guaranteeevent", "add"),
        {"guarantee": guarantee.pk, "date": "2020-07-01", "kind": "repayment", "amount_krw": "1"},
    )
    assert added.status_code == 403
    deleted = admin_client.post(
        _url("guarantees.guaranteeevent", "delete", event.pk), {"post": "yes"}
    )
    assert deleted.status_code == 403
    bulk = admin_client.post(
        _url("guarantees.guaranteeevent", "changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert GuaranteeEvent.objects.count() == before
    changed = admin_client.post(
        _url("guarantees.guaranteeevent", "change", event.pk),
        {"guarantee": guarantee.pk, "date": "2020-06-01", "kind": "repayment", "amount_krw": "1"},
    )
    assert changed.status_code == 403
    event.refresh_from_db()
    assert event.amount_krw == 5_000_000


@pytest.mark.django_db
def test_an_application_is_read_only_in_the_admin(admin_client, applicant, programs):
    from guarantees.applicant.services import application_start_draft
    from tests.guarantees.applicant.conftest import make_business

    business = make_business(applicant)
    app = application_start_draft(user=applicant, business=business, program=programs["COVID19"])
    url = _url("guarantees.application", "change", app.pk)
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"amount_krw": "999999999"}).status_code == 403


@pytest.mark.django_db
def test_the_database_refuses_update_and_delete_of_book_events(event):
    for sql in (
        "UPDATE guarantees_guaranteeevent SET amount_krw = 1 WHERE id = %s",
        "DELETE FROM guarantees_guaranteeevent WHERE id = %s",
    ):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.amount_krw == 5_000_000


# The event table and every table that references it, directly or not (PostgreSQL truncates
# them together or not at all).
REFERENCING = """
WITH RECURSIVE refs(oid) AS (
    SELECT 'guarantees_guaranteeevent'::regclass::oid
    UNION
    SELECT c.conrelid FROM pg_constraint c JOIN refs ON c.confrelid = refs.oid
     WHERE c.contype = 'f'
)
SELECT string_agg(oid::regclass::text, ', ') FROM refs
"""


@pytest.mark.django_db
def test_the_database_refuses_truncate_of_book_events_to_a_role_that_does_not_own_them(guarantee):
    event = book_services.guarantee_event_record(
        guarantee_id=guarantee.id, kind="repayment", date=dt.date(2020, 6, 1), amount_krw=1_000
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the journal's deferred checks, now
        cursor.execute(REFERENCING)
        (tables,) = cursor.fetchone()
        cursor.execute("DROP ROLE IF EXISTS icgf_truncate_probe")
        cursor.execute("CREATE ROLE icgf_truncate_probe")
        cursor.execute(f"GRANT TRUNCATE ON {tables} TO icgf_truncate_probe")
        cursor.execute("SET LOCAL ROLE icgf_truncate_probe")
        with pytest.raises(IntegrityError, match="TRUNCATE"), transaction.atomic():
            cursor.execute(f"TRUNCATE {tables}")
        cursor.execute("RESET ROLE")
        cursor.execute(f"REVOKE ALL ON {tables} FROM icgf_truncate_probe")
        cursor.execute("DROP ROLE icgf_truncate_probe")
    assert GuaranteeEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_an_events_journal_entry_is_linked_once_and_never_relinked(event):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE guarantees_guaranteeevent SET journal_entry_id = NULL WHERE id = %s",
                [event.pk],
            )
