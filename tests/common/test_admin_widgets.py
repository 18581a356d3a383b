"""Issue 19 row 1: no admin form lists every business, guarantee, application, account or
journal entry in a <select>. Each editable relation to a large table is a raw id field or an
autocomplete, or the admin is read-only (the field is shown, not a widget)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

LARGE = {"business", "guarantee", "application", "guaranteeevent", "journalentry", "posting"}


def _large(model) -> bool:
    return model is get_user_model() or model._meta.model_name in LARGE


@pytest.mark.parametrize(
    "model_admin", list(admin.site._registry.values()), ids=lambda a: a.opts.label
)
def test_no_editable_relation_to_a_large_table_is_a_select(model_admin):
    from django.test import RequestFactory

    request = RequestFactory().get("/")

    class Super:
        is_active = is_staff = is_superuser = True

        def has_perm(self, *args, **kwargs):
            return True

    request.user = Super()
    editable = model_admin.has_change_permission(request) or model_admin.has_add_permission(request)
    if not editable:
        return
    readonly = set(model_admin.get_readonly_fields(request))
    widgets_ok = set(model_admin.raw_id_fields) | set(model_admin.autocomplete_fields) | readonly
    offenders = [
        f.name
        for f in model_admin.model._meta.get_fields()
        if (f.many_to_one or f.many_to_many or f.one_to_one)
        and f.concrete
        and f.editable
        and _large(f.related_model)
        and f.name not in widgets_ok
    ]
    assert not offenders, f"{model_admin.opts.label}: {offenders} would be a <select>"


# Tables that grow with the book or with use (Incheon: ≈145,000 guarantees, their events and
# journal entries; one row per API call or per look at personal data).
GROWING = LARGE | {
    "feeinstalment",
    "feepayment",
    "bookrequest",
    "bankapicall",
    "personaldataaccess",
}


@pytest.mark.parametrize(
    "model_admin",
    [a for m, a in admin.site._registry.items() if m._meta.model_name in GROWING],
    ids=lambda a: a.opts.label,
)
def test_a_large_table_is_not_counted_twice_nor_grouped_by_date(model_admin):
    """Issue 19 row 1: a filtered changelist of a large table does not count the whole table
    again ("전체 N개"), and no date_hierarchy runs a DISTINCT over it."""
    assert model_admin.show_full_result_count is False
    assert model_admin.date_hierarchy is None
