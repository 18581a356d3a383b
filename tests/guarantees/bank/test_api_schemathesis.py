"""Schemathesis (a property-based client that is not ours) against the live schema the API
serves at /api/bank/v1/openapi.json: for every operation, generated valid and invalid
requests with a real key, on a book with both banks' guarantees; no 5xx, and every response
(status, content type, headers, body) matches the schema. Bounded: 25 examples per operation
(11 operations, ≈ 275 requests)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from config.wsgi import application
from guarantees.bank.keys import api_key_issue

pytestmark = pytest.mark.django_db


# The schema as the running application serves it (fetched through WSGI, not read from code).
schema = schemathesis.openapi.from_wsgi("/api/bank/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """In-process WSGI: keep the test's connection (and its transaction) open across
    requests, as Django's own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def key(banks, make_bank_guarantee):
    for _ in range(3):
        make_bank_guarantee(imported=True)
    make_bank_guarantee(bank_name="신한은행")
    return api_key_issue(bank=banks["IBK"]).key


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case, key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"},
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.checks.status_code_conformance,
            schemathesis.checks.content_type_conformance,
            schemathesis.checks.response_headers_conformance,
            schemathesis.checks.response_schema_conformance,
        ],
    )
