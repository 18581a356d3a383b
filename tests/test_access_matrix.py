"""Every URL × every persona: the status each one gets, for GET and POST.

The table below is the access policy of the portal. `test_every_url_is_in_the_matrix` walks
the URL resolver, so a new URL that nobody put in the table fails the suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "applicant",
    "other_applicant",
    "reviewer",
    "other_branch_reviewer",
    "branch_manager",
    "hq_sales",
    "auditor",
    "strategy",
    "counsellor",
    "executive",
    "sysadmin",
]
STAFF = set(PERSONAS) - {"anonymous", "applicant", "other_applicant"}
EVERYONE = set(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
BOOK_WRITERS = {"reviewer", "other_branch_reviewer", "branch_manager", "hq_sales", "strategy"}
BOOK_READERS = BOOK_WRITERS | {"auditor"}


@dataclass(frozen=True)
class Rule:
    """Who may GET the page (200); everyone else signed in gets 403 and anonymous visitors
    are sent to the login page (302), unless the page is public. POST: `post_ok` personas get
    a non-error answer, others 403/405/302 as for GET."""

    allowed: frozenset[str]
    public: bool = False
    get_status: int = 200
    signed_in_status: int | None = None  # e.g. the login page redirects signed-in users
    methods: frozenset[str] = field(default_factory=lambda: frozenset({"GET"}))


def rule(allowed, **kwargs) -> Rule:
    return Rule(frozenset(allowed), **kwargs)


MATRIX: dict[str, Rule] = {
    "root": rule(EVERYONE, public=True, get_status=302, methods=frozenset({"GET", "POST"})),
    "accounts:login": rule(
        EVERYONE, public=True, signed_in_status=302, methods=frozenset({"GET", "POST"})
    ),
    "accounts:logout": rule(EVERYONE, public=True, get_status=405, methods=frozenset({"POST"})),
    "accounts:home": rule(SIGNED_IN, get_status=302),
    "accounts:no_role": rule(set()),
    "programs:catalogue": rule(EVERYONE, public=True),
    "programs:detail": rule(EVERYONE, public=True),
    "guarantees:my_applications": rule({"applicant", "other_applicant"}),
    "guarantees:branch_queue": rule({"reviewer", "other_branch_reviewer", "branch_manager"}),
    "guarantees:hq_queue": rule({"hq_sales"}),
    "guarantees:audit_queue": rule({"auditor"}),
    "guarantees:consultations": rule({"counsellor"}),
    "ledger:dashboard": rule({"strategy", "executive", "auditor", "hq_sales"}),
    "branches:organisation": rule(STAFF),
    # the guarantee book (issue #5): branch staff see their branch, HQ and audit everything;
    # POST-only actions answer 405 to a GET by someone allowed, 404 for a missing row.
    "ledger:snapshot_now": rule(
        {"strategy", "executive", "hq_sales"}, get_status=405, methods=frozenset({"POST"})
    ),
    "ledger:loss_close": rule({"strategy"}, get_status=405, methods=frozenset({"POST"})),
    "guarantees:book_home": rule(BOOK_READERS),
    "guarantees:book_guarantee": rule(BOOK_READERS, get_status=404),
    "guarantees:book_request": rule(BOOK_WRITERS, get_status=405, methods=frozenset({"POST"})),
    "guarantees:book_decide": rule(BOOK_WRITERS, get_status=405, methods=frozenset({"POST"})),
    "guarantees:book_claim_grade": rule(
        {"hq_sales", "strategy", "branch_manager"}, get_status=405, methods=frozenset({"POST"})
    ),
    "guarantees:book_fee_pay": rule(BOOK_WRITERS, get_status=405, methods=frozenset({"POST"})),
    "guarantees:book_subsidy": rule({"hq_sales", "strategy", "executive", "auditor"}),
}

# URL arguments for patterns that take them.
KWARGS: dict[str, dict] = {
    "programs:detail": {"code": "COVID19"},
    "guarantees:book_guarantee": {"guarantee_no": "NO-SUCH-GUARANTEE"},
    "guarantees:book_request": {"guarantee_no": "NO-SUCH-GUARANTEE"},
    "guarantees:book_decide": {"request_id": 999999},
    "guarantees:book_claim_grade": {"claim_id": 999999},
    "guarantees:book_fee_pay": {"instalment_id": 999999},
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.namespace == "admin":
                continue  # the Django admin has its own staff/superuser checks (tested apart)
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"
        elif isinstance(entry, URLPattern):
            yield f"{prefix}<unnamed {entry.pattern}>"


def test_every_url_is_in_the_matrix():
    names = set(_walk(get_resolver().url_patterns))
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URLs with no access rule in the matrix: {missing}"


@pytest.fixture
def personas(request, programs):
    """One user per persona, created once per test (the organisation and programmes are
    seeded by the `programs` fixture)."""
    return {
        name: None if name == "anonymous" else request.getfixturevalue(name) for name in PERSONAS
    }


def _expected_get(policy: Rule, persona: str) -> set[int]:
    if persona != "anonymous" and policy.signed_in_status is not None:
        return {policy.signed_in_status}
    if persona in policy.allowed or (policy.public and persona == "anonymous"):
        return {policy.get_status}
    return {302} if persona == "anonymous" else {403}


def _post_ok(policy: Rule, persona: str, status: int) -> bool:
    if "POST" in policy.methods and (persona in policy.allowed or policy.public):
        return status < 500 and status != 403
    if persona == "anonymous" and not policy.public:
        return status in (302, 405)
    return status in (403, 405)


CHECKED: list[int] = []


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_persona_gets_the_expected_status(client, personas, name):
    """GET and POST as each persona; all mismatches are reported together."""
    policy = MATRIX[name]
    url = reverse(name, kwargs=KWARGS.get(name))
    wrong = []
    for persona, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code not in _expected_get(policy, persona):
            wrong.append(f"GET {persona}: {response.status_code}")
        elif persona == "anonymous" and response.status_code == 302 and not policy.public:
            if not response.url.startswith(reverse("accounts:login")):
                wrong.append(f"GET anonymous: redirected to {response.url}")
        response = client.post(url, {})
        if not _post_ok(policy, persona, response.status_code):
            wrong.append(f"POST {persona}: {response.status_code}")
        CHECKED.append(2)
    assert not wrong, f"{name} ({url}): " + "; ".join(wrong)


def test_zz_the_matrix_size_is_reported(capsys):
    with capsys.disabled():
        print(
            f"\naccess matrix: {len(MATRIX)} URLs × {len(PERSONAS)} personas × GET/POST = "
            f"{len(MATRIX) * len(PERSONAS) * 2} cases ({sum(CHECKED)} checked in this run)"
        )
