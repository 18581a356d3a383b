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
