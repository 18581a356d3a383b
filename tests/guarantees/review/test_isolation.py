"""Branch isolation: every staff URL, walked from the URL resolver, refuses a user of another
branch (403/404) or, for a queue, does not show the other branch's application. A new staff
URL that is not in TABLE fails `test_every_staff_url_is_in_the_table`."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from guarantees.models import ApplicationStatus as S

from .factories import make_application, screen

pytestmark = pytest.mark.django_db

STAFF_VIEW_MODULE = "guarantees.review.views"

# url name → (method, takes the application's pk, kind: "object" must be 403/404,
# "list" must not show the application)
TABLE = {
    "guarantees:branch_queue": ("get", False, "list"),
    "guarantees:hq_queue": ("get", False, "list"),
    "guarantees:audit_queue": ("get", False, "list"),
    "guarantees:review:application": ("get", True, "object"),
    "guarantees:review:history": ("get", True, "object"),
    "guarantees:review:business_history": ("get", True, "object"),
    "guarantees:review:document": ("get", True, "object"),  # any document id: the app is 404
    "guarantees:review:verify": ("post", True, "object"),
    "guarantees:review:credit": ("post", True, "object"),
    "guarantees:review:credit_report": ("get", True, "object"),  # any report id: the app is 404
    "guarantees:review:survey_decide": ("post", True, "object"),
    "guarantees:review:survey_skip": ("post", True, "object"),
    "guarantees:review:supplement": ("post", True, "object"),
    "guarantees:review:survey_start": ("post", True, "object"),
    "guarantees:review:survey_reschedule": ("post", True, "object"),
    "guarantees:review:survey": ("post", True, "object"),
    "guarantees:review:screen": ("post", True, "object"),
    "guarantees:review:send": ("post", True, "object"),
    "guarantees:review:decide": ("post", True, "object"),
    "guarantees:review:reject": ("post", True, "object"),
    "guarantees:review:refer_back": ("post", True, "object"),
    "guarantees:review:committee": ("post", True, "object"),
    "guarantees:review:pre_audit": ("post", True, "object"),
    "guarantees:review:issue": ("post", True, "object"),
    "guarantees:review:monitoring": ("get", False, "list"),
    "guarantees:review:monitoring_csv": ("get", False, "list"),
    "guarantees:review:monitoring_xlsx": ("get", False, "list"),
}


def staff_url_names(resolver=None, prefix="") -> set[str]:
    """Names of every URL pattern whose view is defined in the staff views module."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= staff_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern):
            view = pattern.callback
            module = getattr(view, "__module__", "")
            if module == STAFF_VIEW_MODULE or f"{prefix}".startswith("guarantees:review:"):
                names.add(f"{prefix}{pattern.name}")
    return names


def test_every_staff_url_is_in_the_table():
    found = staff_url_names()
    assert found, "the resolver walk found no staff URL"
    missing = found - set(TABLE)
    assert not missing, f"staff URLs without an isolation check: {sorted(missing)}"
    assert set(TABLE) <= found, f"stale entries: {sorted(set(TABLE) - found)}"


@pytest.fixture
def namdong_apps(applicant, reviewer, program):
    """One application of 남동 at each step the actions act on."""
    apps = {
        status: make_application(
            applicant=applicant, program=program, status=status, tracking_no=f"ND-{status}"
        )
        for status in (
            S.SUBMITTED,
            S.DOCS_VERIFIED,
            S.FIELD_SURVEY,
            S.PRE_AUDIT,
            S.AGREEMENT_SIGNED,
        )
    }
    apps[S.AWAITING_APPROVAL] = screen(
        make_application(applicant=applicant, program=program, tracking_no="ND-awaiting"),
        reviewer,
    )
    apps[S.SCREENING] = make_application(
        applicant=applicant, program=program, status=S.SCREENING, tracking_no="ND-screening"
    )
    return apps


def _snapshot(apps):
    return {status: (type(a).objects.get(pk=a.pk).status) for status, a in apps.items()}


@pytest.mark.parametrize("who", ["other_branch_reviewer", "other_branch_manager", "applicant"])
def test_users_of_another_branch_get_403_or_404_everywhere(client, request, namdong_apps, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    before = _snapshot(namdong_apps)
    data = {
        "reason": "x",
        "note": "x",
        "findings": "x",
        "comment": "x",
        "amount": "1000만",
        "decision": "approve",
        "recommended_amount": "1000만",
    }
    for name, (method, takes_pk, kind) in TABLE.items():
        targets = list(namdong_apps.values()) if takes_pk else [None]
        for app in targets:
            args = [app.pk] if app else []
            if name in ("guarantees:review:document", "guarantees:review:credit_report"):
                args.append(999_999)
            url = reverse(name, args=args)
            for htmx in (False, True):
                headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
                response = getattr(client, method)(url, data if method == "post" else {}, **headers)
                if kind == "object":
                    assert response.status_code in (403, 404), (
                        name,
                        app.status,
                        response.status_code,
                    )
                else:
                    assert response.status_code in (200, 403), (name, response.status_code)
                    if response.status_code == 200:
                        body = response.content.decode()
                        assert "ND-" not in body, name
    assert _snapshot(namdong_apps) == before


def test_the_same_urls_work_for_the_branch_itself(client, reviewer, namdong_apps):
    client.force_login(reviewer)
    app = namdong_apps[S.SUBMITTED]
    assert client.get(reverse("guarantees:review:application", args=[app.pk])).status_code == 200
    assert "ND-submitted" in client.get(reverse("guarantees:branch_queue")).content.decode()
