"""Issue 19 row 6: every model and field of the project's apps has a Korean name in the admin.

The walk covers every model Django knows whose app lives in this repository (not Django's or a
third-party app's), pghistory's event models included ("<모델> 변경 기록", whose pgh_* columns
and copied primary key common/history.py names); an English verbose name added later fails
here. Only what Django itself creates is left out: the automatic `id` primary key ("ID") and the
hidden many-to-many link tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin

HANGUL = re.compile("[\uac00-\ud7a3]")


def project_models():
    root = Path(settings.BASE_DIR).resolve()
    venv = root / ".venv"
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(root) or path.is_relative_to(venv):
            continue
        found.extend(m for m in config.get_models() if not m._meta.auto_created)
    return found


def english_names(models) -> list[str]:
    problems = []
    for model in models:
        meta = model._meta
        for what in ("verbose_name", "verbose_name_plural"):
            if not HANGUL.search(str(getattr(meta, what))):
                problems.append(f"{meta.label} Meta.{what} = {getattr(meta, what)!r}")
        for field in meta.get_fields():
            if not field.concrete or field.auto_created:
                continue
            if not HANGUL.search(str(field.verbose_name)):
                problems.append(f"{meta.label}.{field.name} = {field.verbose_name!r}")
    return problems


def test_the_walk_sees_every_project_app_and_the_history_models():
    labels = {m._meta.app_label for m in project_models()}
    assert {"accounts", "branches", "common", "guarantees", "ledger", "programs"} <= labels
    assert "reports" in labels
    names = {m._meta.label for m in project_models()}
    # pghistory's generated event models are walked too
    assert {"guarantees.BusinessEvent", "guarantees.ApplicationStatusHistory"} <= names
    assert not any(label.startswith(("auth.", "pghistory.", "django_celery")) for label in names)


def test_every_model_and_field_has_a_korean_verbose_name():
    problems = english_names(project_models())
    assert not problems, "영문 이름이 남은 모델·필드:\n" + "\n".join(problems)


def test_the_check_fails_on_an_english_name():
    """The walk itself can fail: a field named in English (as Django would default it) and a
    model without verbose_name are both reported."""
    from guarantees.models import Business

    field = Business._meta.get_field("created_at")
    saved = field.verbose_name
    field.verbose_name = "created at"
    try:
        problems = english_names([Business])
    finally:
        field.verbose_name = saved
    assert problems == ["guarantees.Business.created_at = 'created at'"]


def test_history_models_are_named_after_their_model():
    from guarantees.models import Business

    event = apps.get_model("guarantees", "BusinessEvent")
    assert str(event._meta.verbose_name) == f"{Business._meta.verbose_name} 변경 기록"
    assert str(event._meta.get_field("pgh_created_at").verbose_name) == "기록 시각"
    assert str(event._meta.get_field("pgh_obj").verbose_name) == "대상"
    assert str(event._meta.get_field("id").verbose_name) == "원본 번호"
    status = apps.get_model("guarantees", "ApplicationStatusHistory")
    assert str(status._meta.verbose_name) == "신청 상태 이력"


@pytest.mark.django_db
def test_the_admin_index_lists_no_english_model_name(client, sysadmin):
    """What a superuser sees: every registered model of the project on the admin index by its
    Korean plural name."""
    client.force_login(sysadmin)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    for model in admin.site._registry:
        if model in project_models():
            assert str(model._meta.verbose_name_plural) in page, model._meta.label
