"""The demo applicant accounts can do their whole job: their e-mail is verified (issue 19, row 4)."""

from __future__ import annotations

import pytest

from tests.guarantees.applicant.conftest import upload

pytestmark = pytest.mark.django_db


def test_the_seeded_demo_applicants_are_verified_and_can_submit(organisation, programs):
    from demo.accounts import seed_users
    from demo.guarantees import seed_businesses
    from guarantees.applicant import services, uploads
    from guarantees.models import ApplicationStatus

    users = {user.username: user for user in seed_users(organisation)}
    seed_businesses(users)
    for username in ("applicant", "applicant2"):
        assert users[username].email_verified_at is not None
    applicant = users["applicant"]
    covid = programs["COVID19"]
    draft = services.application_start_draft(
        user=applicant, business=applicant.businesses.first(), program=covid
    )
    services.application_save_draft(
        application_id=draft.pk,
        actor=applicant,
        amount_krw=15_000_000,
        purpose="원재료 구입",
        bank=covid.banks.first(),
        term_months=60,
    )
    for required in covid.documents.all():
        services.application_attach_document(
            application_id=draft.pk,
            actor=applicant,
            required_document=required,
            checked=uploads.check_upload(upload(f"{required.code}.pdf")),
        )
    submitted = services.application_submit(application_id=draft.pk, actor=applicant)
    assert submitted.status == ApplicationStatus.SUBMITTED
