"""Probe row 1: the 주민등록번호 rule on every text a person or a file can put in, whatever the
path — every model's text fields (apps.get_models), the sign-up name and e-mail, uploaded file
names, the report registers, and every import column."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from accounts.models import User
from common.pii import RRN_MESSAGE
from common.pii_guard import (
    MACHINE_FIELDS,
    PORTAL_APPS,
    PersonalNumberRefused,
    check_instance,
    guarded_fields,
    rrn_cells,
)

RRN = "홍길동 900101-1234567"


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def test_every_app_of_the_portal_is_guarded():
    base = Path(settings.BASE_DIR).resolve()
    ours = {
        c.label
        for c in apps.get_app_configs()
        if Path(c.path).resolve().is_relative_to(base)
        and "site-packages" not in Path(c.path).parts
        and c.label != "demo"  # demo data only, written by seed_demo through the services
    }
    assert ours <= PORTAL_APPS, ours - PORTAL_APPS


def test_the_machine_fields_exist():
    for name in MACHINE_FIELDS:
        label, field = name.rsplit(".", 1)
        model = apps.get_model(label)
        assert field in {f.name for f in model._meta.concrete_fields}, name


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if m._meta.app_label in PORTAL_APPS], ids=str
)
def test_every_text_field_of_every_model_refuses_a_resident_number(model):
    guarded = {f.name for f in guarded_fields(model)}
    for field in _text_fields(model):
        label = f"{model._meta.label}.{field.name}"
        if field.choices or label in MACHINE_FIELDS:
            assert field.name not in guarded
            continue
        value = {"note": RRN} if isinstance(field, models.JSONField) else RRN
        instance = model(**{field.attname: value})
        with pytest.raises(PersonalNumberRefused) as caught:
            check_instance(instance)
        assert caught.value.field == field.name, label


@pytest.mark.django_db
def test_a_save_without_a_form_is_refused_and_nothing_is_written(organisation):
    with pytest.raises(PersonalNumberRefused):
        User.objects.create_user(username="a@example.kr", email="a@example.kr", first_name=RRN)
    assert not User.objects.filter(username="a@example.kr").exists()
    user = User.objects.create_user(username="b@example.kr", email="b@example.kr")
    user.last_name = "900101ㅡ1234567"
    with pytest.raises(PersonalNumberRefused):
        user.save(update_fields=["last_name"])
    user.refresh_from_db()
    assert user.last_name == ""


@pytest.mark.django_db
def test_model_forms_and_the_admin_show_the_message_on_the_field():
    from reports.models import AuditFinding

    finding = AuditFinding(title="지적 9 0 0 1 0 1 . 1 2 3 4 5 6 7", finding=RRN, plan="x")
    with pytest.raises(ValidationError) as caught:
        finding.full_clean()
    errors = caught.value.message_dict
    assert errors["title"] == [RRN_MESSAGE] and errors["finding"] == [RRN_MESSAGE]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [("name", "홍길동 900101-1234567"), ("email", "9001011234567@example.kr")],
)
def test_sign_up_refuses_a_resident_number_in_the_name_and_the_email(
    client, organisation, field, value
):
    data = {
        "name": "김민지",
        "email": "minji@example.kr",
        "mobile": "010-1234-5678",
        "password1": "gureum-dal-77",
        "password2": "gureum-dal-77",
        "agree_privacy": "on",
        field: value,
    }
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 400
    assert RRN_MESSAGE in response.content.decode()
    assert not User.objects.filter(username__in=["minji@example.kr", value]).exists()


def test_an_uploaded_file_name_with_a_resident_number_is_refused():
    from guarantees.applicant.uploads import check_upload

    pdf = SimpleUploadedFile("900101-1234567 주민등록등본.pdf", b"%PDF-1.4\n" + b"x" * 100)
    with pytest.raises(ValidationError) as caught:
        check_upload(pdf)
    text = " ".join(caught.value.messages)
    assert "파일 이름에 주민등록번호" in text and "1234567" not in text
    ok = SimpleUploadedFile("사업자등록증 220-81-62517.pdf", b"%PDF-1.4\n" + b"x" * 100)
    assert check_upload(ok).kind == "pdf"


def test_every_import_column_is_read():
    from guarantees.interchange import COLUMNS

    for name, columns in COLUMNS.items():
        for i, column in enumerate(columns):
            row = tuple(RRN if j == i else "" for j in range(len(columns)))
            assert rrn_cells({name: [("",) * len(columns), row]}, COLUMNS) == [
                (f"{name}.csv", 3, column)
            ]


@pytest.mark.django_db
def test_import_book_names_the_file_row_and_column(tmp_path, organisation, programs):
    from django.core.management import CommandError, call_command

    from tests.guarantees.book.test_import import GOOD, counts, write_book

    tables = {k: list(v) for k, v in GOOD.items()}
    g = list(tables["guarantees"][0])
    g[2] = "가나상회 900101-1234567"
    tables["guarantees"][0] = tuple(g)
    e = list(tables["events"][0])
    e[5] = "대표 9001011234567 상환"
    tables["events"][0] = tuple(e)
    write_book(tmp_path, tables)
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_book", str(tmp_path), stderr=err)
    text = err.getvalue()
    assert "guarantees.csv:2: business_name: 주민등록번호" in text, text
    assert "events.csv:2: memo: 주민등록번호" in text, text
    assert counts() == before
