"""개인정보보호법 (PIPA): no 주민등록번호 anywhere — no field for one, and every free-text field
refuses text that looks like one; phone numbers and birth dates masked in lists; applicants'
files never served by URL, only by views that check who asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.privacy import mask_birth_date, mask_phone
from common.pii import RRN_MESSAGE, looks_like_rrn
from tests.test_access_matrix import personas, world  # noqa: F401 — fixtures

RRNS = [
    "900101-1234568",  # with a valid check digit
    "900101-1234567",  # without one (numbers issued since 2020-10 have none)
    "0503154123456",  # born 2005, no hyphen
    "９００１０１－２２３４５６７",  # full-width digits and hyphen
    "850302 2123456",
    "850302 – 2123456",
    "781231-5123456",  # 외국인등록번호
]
NOT_RRNS = [
    "220-81-62517",  # 사업자등록번호
    "010-1234-5678",
    "2026년 3월 매출 12,000,000원",
    "991301-1234567",  # month 13: not a date
    "900132-1234567",  # day 32
    "900101-9234567",  # 9: not a registration number's seventh digit
    "1234567890123",
    "계좌 110-123-456789",
]


@pytest.mark.parametrize("value", RRNS)
def test_the_rrn_rule_catches_typed_resident_numbers(value):
    assert looks_like_rrn(value) and looks_like_rrn(f"대표자 번호는 {value} 입니다")


@pytest.mark.parametrize("value", NOT_RRNS)
def test_the_rrn_rule_leaves_other_numbers_alone(value):
    assert not looks_like_rrn(value)


def test_no_model_has_a_field_for_a_resident_number():
    words = ("rrn", "resident_reg", "resident_no", "jumin", "ssn", "주민")
    found = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if any(
            w in field.name.lower() or w in str(getattr(field, "verbose_name", "")).lower()
            for w in words
        )
    ]
    assert not found, found


def _project_forms():
    import importlib

    from django import forms

    for module in (
        "accounts.access_log_views",
        "accounts.forms",
        "accounts.signup",
        "guarantees.applicant.forms",
        "guarantees.book.forms",
        "guarantees.consultations.forms",
        "guarantees.review.forms",
        "reports.forms",
    ):
        importlib.import_module(module)
    seen, todo = set(), [forms.Form, forms.ModelForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [f for f in seen if f.__module__.split(".")[0] in ("accounts", "guarantees", "reports")]


def test_no_form_asks_for_a_resident_number():
    forms = _project_forms()
    assert len(forms) > 10
    for form in forms:
        for name, field in form.base_fields.items():
            assert not any(w in name.lower() for w in ("rrn", "jumin", "resident")), name
            label = str(field.label or "")
            # A label may say that the number is NOT collected; none may ask for it.
            assert "주민" not in label or "않습니다" in label, f"{form.__name__}.{name}"


def _review_forms():
    from guarantees.book import forms as book
    from guarantees.consultations.forms import ConsultationForm
    from guarantees.review import forms as review
    from reports.forms import FindingFollowUpForm

    return [
        (review.NoteForm, "note", {}),
        (review.ReasonForm, "reason", {}),
        (review.SurveyForm, "findings", {}),
        (review.ScreeningForm, "comment", {"factors": []}),
        (review.ApprovalForm, "comment", {}),
        (review.PreAuditForm, "reason", {}),
        (review.CommitteeDecisionForm, "minutes", {}),
        (book.BookEventForm, "memo", {}),
        (book.DecisionForm, "reason", {}),
        (book.GradeForm, "reason", {}),
        (ConsultationForm, "walk_in_name", {}),
        (ConsultationForm, "outcome", {}),
        (FindingFollowUpForm, "follow_up", {}),
    ]


@pytest.mark.django_db
def test_every_staff_free_text_field_refuses_a_resident_number(organisation):
    for form_class, field, kwargs in _review_forms():
        form = form_class(data={field: "대표자 900101-1234567 확인"}, **kwargs)
        form.is_valid()
        assert RRN_MESSAGE in form.errors.get(field, []), f"{form_class.__name__}.{field}"
        clean = form_class(data={field: "서류 확인 완료 (사업자 220-81-62517)"}, **kwargs)
        clean.is_valid()
        assert RRN_MESSAGE not in clean.errors.get(field, []), f"{form_class.__name__}.{field}"


@pytest.mark.django_db
def test_a_reviewer_typing_an_rrn_is_refused_on_the_page_and_nothing_is_recorded(
    client, applicant, reviewer
):
    from guarantees.models import ApplicationEvent, ApplicationStatus
    from tests.guarantees.review.factories import make_application

    app = make_application(applicant=applicant, status=ApplicationStatus.SUBMITTED)
    events = ApplicationEvent.objects.filter(application=app).count()
    client.force_login(reviewer)
    response = client.post(
        reverse("guarantees:review:supplement", args=[app.pk]),
        {"reason": "대표자 주민번호 850302-2123456 확인 바랍니다"},
    )
    assert response.status_code == 400
    assert RRN_MESSAGE in response.content.decode()
    assert ApplicationEvent.objects.filter(application=app).count() == events
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("010-1234-5678", "010-****-5678"),
        ("01012345678", "010-****-5678"),
        ("０１０ １２３４ ５６７８", "010-****-5678"),
        ("02-123-4567", "02-***-4567"),
        ("+82 10 1234 5678", "********5678"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_numbers_keep_only_the_ends(raw, masked):
    assert mask_phone(raw) == masked


def test_birth_dates_keep_only_the_year():
    assert mask_birth_date(dt.date(1985, 3, 2)) == "1985-**-**"
    assert mask_birth_date(None) == ""


@pytest.mark.django_db
def test_lists_never_show_a_full_birth_date_or_phone_but_the_logged_detail_does(
    client,
    personas,  # noqa: F811
    world,  # noqa: F811
):
    from guarantees.models import Business

    owner = personas["applicant"]
    owner.mobile = "010-1234-5678"
    owner.save(update_fields=["mobile"])
    birth = Business.objects.get(owner=owner).representative_birth_date.isoformat()
    lists = {
        "reviewer": [reverse("guarantees:branch_queue"), reverse("guarantees:book_home")],
        "hq_sales": [reverse("guarantees:hq_queue"), reverse("guarantees:branch_queue")],
        "auditor": [
            reverse("guarantees:audit_queue") + "?include_closed=on",
            reverse("guarantees:review:monitoring"),
        ],
        "counsellor": [reverse("guarantees:consultations")],
    }
    for persona, urls in lists.items():
        client.force_login(personas[persona])
        for url in urls:
            body = client.get(url).content.decode()
            assert birth not in body and "010-1234-5678" not in body, (persona, url)
    client.force_login(personas["reviewer"])
    detail = reverse("guarantees:review:application", args=[world["application"]])
    assert birth in client.get(detail).content.decode()


@pytest.mark.django_db
def test_applicant_files_are_not_served_by_url_only_by_checked_views(
    client,
    personas,  # noqa: F811
    world,  # noqa: F811
    settings,
):
    from pathlib import Path

    from guarantees.models import ApplicationDocument

    doc = ApplicationDocument.objects.get(pk=world["document"])
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / doc.storage_path
    assert stored.exists()
    static_root = Path(settings.STATIC_ROOT).resolve()
    assert static_root not in stored.resolve().parents
    client.force_login(personas["applicant"])
    for url in (
        f"/{doc.storage_path}",
        f"/media/{doc.storage_path}",
        f"/private/{doc.storage_path}",
        f"/static/{doc.storage_path}",
        f"/static/../var/test-private/{doc.storage_path}",
        f"{settings.STATIC_URL}..%2f..%2f{doc.storage_path}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))

    owner_url = reverse("guarantees:applicant:document", args=[doc.pk])
    staff_url = reverse("guarantees:review:document", args=[world["application"], doc.pk])
    expected = {
        "anonymous": (302, 302),
        "applicant": (200, 403),
        "other_applicant": (404, 403),
        "reviewer": (403, 200),
        "branch_manager": (403, 200),
        "hq_sales": (403, 200),
        "auditor": (403, 200),
        "other_branch_reviewer": (403, 404),
        "counsellor": (403, 403),
        "strategy": (403, 403),
    }
    for persona, (owner_status, staff_status) in expected.items():
        client.logout()
        if persona != "anonymous":
            client.force_login(personas[persona])
        got = (client.get(owner_url).status_code, client.get(staff_url).status_code)
        assert got == (owner_status, staff_status), persona
    client.force_login(personas["reviewer"])
    page = client.get(reverse("guarantees:review:application", args=[world["application"]]))
    assert f'src="{staff_url}"' in page.content.decode()  # the page previews it from here
    response = client.get(staff_url)
    assert response["Content-Security-Policy"] == "sandbox; frame-ancestors 'self'"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == stored.read_bytes()
