"""Fixtures for the applicant journey: a business eligible for COVID19 in 남동구, sample files
of every accepted type, a draft with all documents, a submitted application."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64
HWP_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + b"HWP Document File" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
VALID_BRN = "220-81-62517"  # check digit verified


def hwpx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/section0.xml", "<hs:sec/>")
    return buffer.getvalue()


def upload(name="doc.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_business(owner, brn=VALID_BRN, **fields):
    from branches.models import District
    from guarantees.models import Business
    from programs.models import Industry

    defaults = {
        "name": "행복분식",
        "representative_name": "김민지",
        "representative_birth_date": dt.date(1985, 3, 2),
        "industry": Industry.objects.get(code="I56"),
        "opened_on": dt.date(2018, 5, 1),
        "sido": "인천광역시",
        "district": District.objects.get(name="남동구"),
        "road_address": "인천광역시 남동구 구월로 1",
        "employees": 2,
        "last_year_sales_krw": 150_000_000,
        "credit_score": 720,
        "covid_sales_drop_pct": Decimal("25.0"),
    }
    defaults.update(fields)
    return Business.objects.create(owner=owner, business_no=brn, **defaults)


@pytest.fixture
def verified_applicant(applicant):
    applicant.email_verified_at = timezone.now()
    applicant.save(update_fields=["email_verified_at"])
    return applicant


@pytest.fixture
def business(programs, verified_applicant):
    return make_business(verified_applicant)


@pytest.fixture
def covid(programs):
    return programs["COVID19"]


@pytest.fixture
def draft(business, covid, verified_applicant):
    from guarantees.applicant import services

    return services.application_start_draft(
        user=verified_applicant, business=business, program=covid
    )


@pytest.fixture
def complete_draft(draft, covid, verified_applicant):
    from guarantees.applicant import services, uploads

    services.application_save_draft(
        application_id=draft.pk,
        actor=verified_applicant,
        amount_krw=15_000_000,
        purpose="원재료 구입",
        bank=covid.banks.get(code="SHINHAN"),
        term_months=60,
    )
    for required in covid.documents.all():
        services.application_attach_document(
            application_id=draft.pk,
            actor=verified_applicant,
            required_document=required,
            checked=uploads.check_upload(upload(f"{required.code}.pdf")),
        )
    draft.refresh_from_db()
    return draft


@pytest.fixture
def submitted(complete_draft, verified_applicant):
    from guarantees.applicant import services

    return services.application_submit(application_id=complete_draft.pk, actor=verified_applicant)


def profile_data(**overrides):
    """A valid 사업자 정보 form post (odd-but-valid typing: full-width digits, 억/만 amounts)."""
    from branches.models import District
    from programs.models import Industry

    data = {
        "business_no": "２２０ ８１ ６２５１７",  # full-width digits and spaces
        "name": "행복분식",
        "representative_name": "김민지",
        "representative_birth_date": "1985-03-02",
        "industry": Industry.objects.get(code="I56").pk,
        "opened_on": "2018-05-01",
        "sido": "인천광역시",
        "district": District.objects.get(name="남동구").pk,
        "road_address": "인천광역시 남동구 구월로 1",
        "employees": "2",
        "last_year_sales_krw": "1억 5천만",
        "credit_score": "720",
        "hired_last_year": "0",
        "covid_sales_drop_pct": "25",
    }
    data.update(overrides)
    return data
