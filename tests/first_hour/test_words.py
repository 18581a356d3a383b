"""What a person reads: one empty label on every select (issue 19, row 11)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_model_form_select_says_choose_not_dashes(programs):
    from guarantees.consultations.forms import ConsultationForm

    html = str(ConsultationForm())
    assert "---------" not in html
    assert '<option value="" selected>선택하세요</option>' in html


def test_a_label_a_form_names_itself_is_kept(programs):
    from guarantees.review.forms import QueueFilterForm

    assert "전체" in str(QueueFilterForm())


def test_no_portal_form_shows_dashes(programs):
    """Every form class the apps define, rendered unbound, has no "---------" choice."""
    import inspect

    from django import forms

    import accounts.access_log_views
    import guarantees.book.forms
    import guarantees.consultations.forms
    import guarantees.review.forms
    import reports.forms

    checked = 0
    for module in (
        accounts.access_log_views,
        guarantees.book.forms,
        guarantees.consultations.forms,
        guarantees.review.forms,
        reports.forms,
    ):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            try:
                form = cls()
            except TypeError:
                continue  # needs arguments (an application, a user): covered by its views
            html = str(form)
            assert "---------" not in html, cls
            checked += 1
    assert checked >= 5


# --- row 6: one way to write money, Korean names for codes ------------------------------------


def test_one_amount_is_written_in_jo_eok_man():
    from common.money import format_korean_amount, parse_krw

    assert format_korean_amount(100_000_000) == "1억원"
    assert format_korean_amount(50_000_000) == "5,000만원"
    assert format_korean_amount(2_192_060_000_000) == "2조 1,920억 6,000만원"
    for amount in (100_000_000, 50_000_000, 120_000_000):
        assert parse_krw(format_korean_amount(amount)) == amount  # forms read it back


def test_a_total_is_rounded_to_man_won_never_decimal_eok():
    from common.money import format_korean_total

    assert format_korean_total(2_192_061_234_567) == "2조 1,920억 6,123만원"
    assert format_korean_total(15_000) == "2만원"  # half up
    assert format_korean_total(9_999) == "9,999원"
    assert format_korean_total(-150_000_000) == "-1억 5,000만원"


def test_subsidy_years_never_read_one_to_one(programs):
    from programs.models import InterestSubsidyStep

    step = InterestSubsidyStep.objects.get(program__code="COVID19", from_year=1)
    assert str(step) == "1년차 이자 전액"
    assert str(InterestSubsidyStep.objects.get(program__code="COVID19", from_year=2)) == (
        "2~5년차 1.5%p"
    )


def test_the_industry_rule_names_the_industry(programs):
    from programs.eligibility import evaluate
    from programs.models import Program

    results = evaluate(Program.objects.get(code="ALLEY"), {"industry": "I56"})
    reasons = [r.reason for r in results]
    assert "업종: 음식점업 (I56)" in reasons
    assert not any("업종 코드" in r for r in reasons)


def test_scorecard_weights_read_as_percent(programs):
    from guarantees.models import ScorecardFactor

    factor = ScorecardFactor.objects.get(code="credit")
    assert str(factor) == "신용도 (가중치 30%)"


def test_the_access_log_shows_roles_in_korean(client, make_user):
    from accounts.models import AccessAction, PersonalDataAccess

    auditor = make_user("auditor", "AUDIT")
    reviewer = make_user("reviewer", "NAMDONG")
    PersonalDataAccess.objects.create(
        user=reviewer,
        username=reviewer.username,
        role="reviewer",
        action=AccessAction.VIEW,
        data="신청서 상세",
        object_type="신청서",
        path="/x/",
    )
    client.force_login(auditor)  # tests/conftest.py: a verified second factor too
    body = client.get("/accounts/access-log/").content.decode()
    assert "<td>심사역</td>" in body and "<td>reviewer</td>" not in body


def test_the_header_names_the_role_without_double_brackets(client, make_user):
    applicant = make_user("applicant")
    client.force_login(applicant)
    body = client.get("/guarantees/apply/").content.decode()
    assert "· 신청인(소상공인)" in body and "(신청인(소상공인))" not in body
