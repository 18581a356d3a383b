"""Random typing posted through the applicant views: the answer is a redirect (saved) or the
page again with Korean errors and the values as typed — never a 500. The profile is followed
to the catalogue, which evaluates eligibility from whatever was saved."""

from __future__ import annotations

import re
from html import escape

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .conftest import profile_data

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[가-힣]")
# Text people could type: no surrogates (not encodable in a form post).
TYPED = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
PRINTABLE = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=60)
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2020-02-30", "2019-13-01", "0000-01-01", "99999-01-01", "1985.03.02", ""]),
    TYPED,
)
AMOUNTS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}원"),
    st.sampled_from(["1억 5천만", "２０００만원", "1.5억", "1억 1억", "፩", "9" * 40, "3e9"]),
    st.text(alphabet="0123456789억천백만원,. ", max_size=30),
    TYPED,
)
NUMBERS = st.one_of(st.integers(min_value=-(10**12), max_value=10**12).map(str), TYPED)
# Each example is a real request (30–600 ms): 3/5 of the profile's count (30 by default).
FUZZ = settings(
    max_examples=settings.default.max_examples * 3 // 5,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _errors_are_korean(form) -> None:
    for field, messages in form.errors.items():
        for message in messages:
            assert HANGUL.search(message), f"{field}: not Korean: {message!r}"


PROFILE_FIELDS = {
    "business_no": st.one_of(TYPED, st.text(alphabet="0123456789０１２- ", max_size=14)),
    "name": PRINTABLE,
    "representative_name": PRINTABLE,
    "representative_birth_date": DATES,
    "opened_on": DATES,
    "road_address": PRINTABLE,
    "employees": NUMBERS,
    "last_year_sales_krw": AMOUNTS,
    "credit_score": NUMBERS,
    "hired_last_year": NUMBERS,
    "covid_sales_drop_pct": st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True).map(str), TYPED
    ),
}


@FUZZ
@given(data=st.data())
def test_the_profile_form_never_fails_on_what_people_type(
    client, programs, verified_applicant, data
):
    """A valid profile with up to four fields replaced by random typing (sometimes none, so
    odd-but-valid values are saved and the catalogue evaluates them)."""
    client.force_login(verified_applicant)
    typed = profile_data()
    fields = data.draw(st.lists(st.sampled_from(sorted(PROFILE_FIELDS)), max_size=4, unique=True))
    for field in fields:
        typed[field] = data.draw(PROFILE_FIELDS[field], label=field)
    response = client.post(reverse("guarantees:applicant:profile"), typed, follow=True)
    event(f"profile → {response.status_code}")

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        form = response.context["form"]
        assert form.errors
        _errors_are_korean(form)
        page = response.content.decode()
        for field in ("name", "representative_name", "road_address", "last_year_sales_krw"):
            assert escape(typed[field]) in page, f"{field} not kept as typed"
    else:  # saved: we landed on the catalogue, which read the business back
        assert response.redirect_chain[-1][0].startswith(reverse("programs:catalogue"))


@FUZZ
@given(
    amount=AMOUNTS,
    purpose=PRINTABLE,
    bank=st.one_of(st.just("valid"), TYPED, st.integers().map(str)),
    term=st.one_of(st.sampled_from(["12", "24", "60", "", "0", "61", "-12"]), TYPED),
)
def test_the_application_form_never_fails_on_what_people_type(
    client, draft, covid, verified_applicant, amount, purpose, bank, term
):
    client.force_login(verified_applicant)
    data = {
        "amount": amount,
        "purpose": purpose,
        "bank": covid.banks.get(code="SHINHAN").pk if bank == "valid" else bank,
        "term_months": term,
        "save": "1",
    }
    url = reverse("guarantees:applicant:edit", args=[draft.pk])
    response = client.post(url, data)
    event(f"application → {response.status_code}")

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        form = response.context["form"]
        assert form.errors
        _errors_are_korean(form)
        page = response.content.decode()
        assert escape(amount) in page and escape(purpose) in page
    else:
        draft.refresh_from_db()
        assert draft.status == "draft"
        assert draft.amount_krw is None or draft.amount_krw > 0


@pytest.mark.parametrize(
    ("today", "born", "adult"),
    [
        ("2028-02-29", "2010-02-28", True),  # 18 years ago is 28 Feb: 2010 had no 29th
        ("2028-02-29", "2010-03-01", False),
        ("2026-11-23", "2008-11-23", True),
        ("2026-11-23", "2008-11-24", False),
    ],
)
def test_the_age_check_works_on_every_day_even_29_february(monkeypatch, today, born, adult):
    """On 29 February `today.replace(year=today.year - 18)` raised ValueError: a 500 on the
    profile page one day in four years."""
    import datetime as dt
    from types import SimpleNamespace

    from guarantees.applicant import forms

    class FixedDate(dt.date):
        @classmethod
        def today(cls):
            return dt.date.fromisoformat(today)

    monkeypatch.setattr(forms, "dt", SimpleNamespace(date=FixedDate))  # this module only
    form = forms.BusinessProfileForm.__new__(forms.BusinessProfileForm)
    form.cleaned_data = {"representative_birth_date": dt.date.fromisoformat(born)}
    if adult:
        assert form.clean_representative_birth_date() == dt.date.fromisoformat(born)
    else:
        with pytest.raises(forms.ValidationError, match="만 18세 이상"):
            form.clean_representative_birth_date()
