"""Every Django admin page on the book (issue 19 row 1): the changelist, one object's change
page and the add page of every model registered on the admin site, GET as the demo superuser
(`admin`, past the second factor) through the whole middleware stack, each beside its floor:
a view on the same stack that reads the same object with `Model.objects.filter(pk=…).values()`
(the changelist: the first 100 rows' `values()`) and renders them in a minimal template
(benchmarks/urls.py). Target: every page ≤ 1 s server time.

The object of a change page is the newest row (highest pk) of the model; a model without rows
has no change row, and a page the admin does not offer (the book's read-only admins have no
add page) is not timed: both are said in the row's notes, never invented.
"""

from __future__ import annotations

import statistics
import time

from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from .pages import staff_client
from .timing import Row

ADMIN_LIMIT_S = 1.0  # issue 19 row 1: every admin page under 1 s on the Incheon book


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_pages(user) -> list[tuple[str, str, str, str]]:
    """(row name, our URL, the floor's URL, note) of every admin page to time."""
    request = _request_for(user)
    pages = []
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        label = f"admin: {meta.label}"
        floor = f"/bench/admin-floor/{meta.app_label}/{meta.model_name}/"
        pages.append((f"{label} changelist", reverse(f"{prefix}_changelist"), floor, ""))
        pk = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        if pk is None:
            pages.append((f"{label} change", "", "", "no rows in the book: no change page"))
        elif not model_admin.has_view_or_change_permission(request):
            pages.append((f"{label} change", "", "", "not offered to the superuser"))
        else:
            pages.append(
                (
                    f"{label} change",
                    reverse(f"{prefix}_change", args=[pk]),
                    f"{floor}{pk}/",
                    "",
                )
            )
        if model_admin.has_add_permission(request):
            pages.append((f"{label} add", reverse(f"{prefix}_add"), floor + "0/", ""))
        else:
            pages.append((f"{label} add", "", "", "read-only admin: no add page"))
    return pages


def _get(client, url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: {response.status_code}")
    return elapsed, len(response.content), response.status_code


@override_settings(ROOT_URLCONF="benchmarks.urls")
def admin_rows(
    *, runs: int, warmup: int, limit_s: float = ADMIN_LIMIT_S, username: str = "admin"
) -> list[Row]:
    from accounts.models import User

    client = staff_client(username)
    user = User.objects.get(username=username)
    rows: list[Row] = []
    for name, url, floor, note in admin_pages(user):
        if not url:  # said beside the model's changelist row (the first of each model)
            model = name.rsplit(" ", 1)[0]
            row = next(r for r in reversed(rows) if r.name.startswith(model + " "))
            row.notes += f"; {name.rsplit(' ', 1)[1]} page not timed: {note}"
            continue
        for _ in range(warmup):
            _get(client, url)
            _get(client, floor)
        ours, reference = [], []
        size = 0
        for _ in range(runs):
            elapsed, size, _status = _get(client, url)
            ours.append(elapsed)
            reference.append(_get(client, floor)[0])
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        rows.append(
            Row(
                name=name,
                ours_s=statistics.median(ours),
                reference_s=statistics.median(reference),
                limit_s=limit_s,
                notes=f"{url}: {size / 1024:,.0f} KB, {len(queries)} queries",
                extra={"url": url, "bytes": size, "queries": len(queries)},
            )
        )
    return rows
