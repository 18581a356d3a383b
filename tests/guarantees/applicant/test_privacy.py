"""Privacy: the portal stores a birth date, never a 주민등록번호 (RRN)."""

import pytest

from common.pii import looks_like_rrn
from guarantees.applicant import forms
from guarantees.models import Business

RRNS = ["900101-1234567", "9001011234567", "９００１０１－２２３４５６７", "850302 2123456"]


@pytest.mark.parametrize("value", RRNS)
def test_the_rrn_pattern_catches_typed_resident_numbers(value):
    assert looks_like_rrn(value)


def test_no_business_field_is_meant_for_an_rrn():
    names = {field.name for field in Business._meta.get_fields()}
    assert not {n for n in names if "rrn" in n or "resident" in n or "jumin" in n}
    assert "representative_birth_date" in names


@pytest.mark.django_db
@pytest.mark.parametrize("value", RRNS)
def test_no_free_text_field_of_the_applicant_forms_accepts_an_rrn(value, programs, organisation):
    from .conftest import VALID_BRN

    profile = forms.BusinessProfileForm(
        data={
            "business_no": VALID_BRN,
            "name": value,
            "representative_name": value,
            "road_address": value,
        }
    )
    profile.is_valid()
    for field in ("name", "representative_name", "road_address"):
        assert "주민등록번호" in " ".join(profile.errors.get(field, [])), field
    for form_class, field in [
        (forms.SupplementAnswerForm, "note"),
        (forms.WithdrawForm, "reason"),
    ]:
        form = form_class(data={field: f"제 번호는 {value} 입니다", "confirm": "on"})
        assert not form.is_valid() and "주민등록번호" in str(form.errors[field])


def test_the_pattern_does_not_flag_a_business_number_or_phone():
    for ok in ["220-81-62517", "010-1234-5678", "2026년 3월 매출 12,000,000원"]:
        assert not looks_like_rrn(ok)
