"""Staff pages, server side per request (Django's test Client through the whole middleware
stack, signed in with force_login), vs a minimal signed-in view on the same stack, with the
number of SQL queries of one request. The orchestrator compares the query counts of two books.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from .timing import Row

PAGE_LIMIT_S = 0.2  # issue 7: every staff page ≤ 200 ms server time


def staff_client(username: str) -> Client:
    """A client signed in as the demo user `username` and past the second factor, as the code
    page leaves a session (the 2FA middleware still runs on every measured request)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import User
    from accounts.twofactor import totp_device

    user = User.objects.get(username=username)
    device = totp_device(user)
    if device is None:
        raise RuntimeError(f"{username} has no authenticator: run seed_demo on this book again")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _pages() -> list[tuple[str, str, str]]:
    """(row name, user, URL) of each measured page."""
    from django.urls import reverse

    from guarantees.models import Application

    # ICGF-DEMO-0005 waits for approval in 남동지점: its manager sees the approval panel
    # (capacity and the projected multiplier, read from the journal).
    app = Application.objects.get(tracking_no="ICGF-DEMO-0005")
    return [
        ("page: branch queue", "manager", reverse("guarantees:branch_queue")),
        (
            "page: application (approval panel)",
            "manager",
            reverse("guarantees:review:application", args=[app.pk]),
        ),
        ("page: dashboard", "strategy", reverse("ledger:dashboard")),
    ]


def _get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: {response.status_code}")
    return elapsed


@override_settings(ROOT_URLCONF="benchmarks.urls")
def page_rows(*, runs: int, warmup: int, limit_s: float = PAGE_LIMIT_S) -> list[Row]:
    rows = []
    for name, username, url in _pages():
        client = staff_client(username)
        for _ in range(warmup):
            _get(client, url)
            _get(client, "/bench/minimal/")
        ours, reference = [], []
        for _ in range(runs):
            ours.append(_get(client, url))
            reference.append(_get(client, "/bench/minimal/"))
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        with CaptureQueriesContext(connection) as minimal_queries:
            _get(client, "/bench/minimal/")
        rows.append(
            Row(
                name=name,
                ours_s=statistics.median(ours),
                reference_s=statistics.median(reference),
                limit_s=limit_s,
                extra={
                    "queries": len(queries),
                    "minimal_queries": len(minimal_queries),
                    "url": url,
                },
            )
        )
    return rows
