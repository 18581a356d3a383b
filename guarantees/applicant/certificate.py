"""보증서 (guarantee certificate): the PDF the applicant downloads and the public 진위확인
(a bank types the certificate number and the check code printed on it and learns only whether
it is genuine, with the amounts and dates it needs)."""

from __future__ import annotations

import hmac
import secrets
import unicodedata

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from common.foundation import foundation
from common.logo import logo_image
from common.pdf import render_pdf

from ..models import Guarantee, GuaranteeCertificate

# No 0/O, 1/I/L: the code is read off paper and typed on a phone.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_issue(guarantee: Guarantee) -> GuaranteeCertificate:
    """The certificate's check code, written once when the guarantee is issued (the issuing
    service calls this inside its transaction; safe if two callers race)."""
    existing = GuaranteeCertificate.objects.filter(guarantee=guarantee).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return GuaranteeCertificate.objects.create(guarantee=guarantee, check_code=_new_code())
    except IntegrityError:
        return GuaranteeCertificate.objects.get(guarantee=guarantee)


def certificate_record(guarantee: Guarantee) -> GuaranteeCertificate:
    """The certificate's check code, read (a download writes nothing: the record was written
    at issuance, and migration 0011 wrote it for guarantees issued before)."""
    return GuaranteeCertificate.objects.get(guarantee=guarantee)


def certificate_pdf(guarantee: Guarantee) -> bytes:
    record = certificate_record(guarantee)
    profile = foundation()
    application = guarantee.application
    agreement = getattr(application, "agreement", None) if application else None
    html = render_to_string(
        "guarantees/applicant/certificate_pdf.html",
        {
            "guarantee": guarantee,
            "business": guarantee.business,
            "record": record,
            "application": application,
            "agreement": agreement,
            "foundation_name": profile.name,
            "has_logo": logo_image(profile) is not None,
            "printed_at": timezone.localtime(),
        },
    )
    return render_pdf(html)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().upper().replace(" ", "")


def certificate_verify(*, guarantee_no: str, check_code: str) -> Guarantee | None:
    """The guarantee when number and code match (constant-time compare), else None."""
    number = _normalise(guarantee_no)
    code = _normalise(check_code).replace("-", "")
    if not number or not code:
        return None
    record = (
        GuaranteeCertificate.objects.select_related("guarantee", "guarantee__program")
        .filter(guarantee__guarantee_no=number)
        .first()
    )
    if record is None:
        hmac.compare_digest(code, "X" * 12)  # same work whether the number exists or not
        return None
    if not hmac.compare_digest(record.check_code.replace("-", ""), code):
        return None
    return record.guarantee
