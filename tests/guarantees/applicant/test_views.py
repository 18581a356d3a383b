"""Applicant pages, each plain and with HX-Request; bad input keeps what was typed and says
what is wrong in Korean; another applicant's things are 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from guarantees.applicant import services
from guarantees.models import ApplicationDocument, ApplicationStatus

from . import staff_steps
from .conftest import EXE_BYTES, PDF_BYTES, make_business, profile_data, upload

pytestmark = pytest.mark.django_db
S = ApplicationStatus
HX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"guarantees:applicant:{name}", args=args)


def _page(response) -> str:
    return response.content.decode()


def _full_draft_post(covid, **overrides):
    data = {
        "amount": "1,500만",
        "purpose": "원재료 구입",
        "bank": covid.banks.get(code="SHINHAN").pk,
        "term_months": "60",
    }
    data.update(overrides)
    return data


# --- home and profile ------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HX])
def test_home_lists_own_applications(client, draft, verified_applicant, headers):
    client.force_login(verified_applicant)
    response = client.get(reverse("guarantees:my_applications"), **headers)
    assert response.status_code == 200
    assert "이어서 작성하기" in _page(response)
    assert ("<html" in _page(response)) is (not headers)


@pytest.mark.parametrize("headers", [{}, HX])
def test_profile_normalises_the_business_number_and_routes_to_the_branch(
    client, programs, verified_applicant, headers
):
    client.force_login(verified_applicant)
    assert client.get(url("profile"), **headers).status_code == 200
    response = client.post(url("profile"), profile_data(), **headers)
    assert response.status_code in (200, 302)
    business = verified_applicant.businesses.get()
    assert business.business_no == "220-81-62517"
    assert business.branch.code == "NAMDONG"
    assert business.last_year_sales_krw == 150_000_000
    if headers:
        assert response["HX-Redirect"] == reverse("programs:catalogue")


def test_profile_wrong_check_digit_is_explained_and_keeps_the_typing(
    client, programs, verified_applicant
):
    client.force_login(verified_applicant)
    response = client.post(url("profile"), profile_data(business_no="220-81-62518"))
    page = _page(response)
    assert response.status_code == 400
    assert "검증번호 불일치" in page
    assert 'value="220-81-62518"' in page and 'value="행복분식"' in page
    assert 'value="구월로' not in page and "인천광역시 남동구 구월로 1" in page


def test_profile_district_must_belong_to_the_province(client, programs, verified_applicant):
    from branches.models import District, OrgUnit

    other = District.objects.create(
        sido="경기도", name="부천시", branch=OrgUnit.objects.get(code="BUPYEONG")
    )
    client.force_login(verified_applicant)
    response = client.post(url("profile"), profile_data(district=other.pk))
    assert "인천광역시에 속하지 않습니다" in _page(response)


# --- catalogue and start ---------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HX])
def test_catalogue_shows_rules_and_apply_buttons(client, business, verified_applicant, headers):
    client.force_login(verified_applicant)
    response = client.get(reverse("programs:catalogue"), **headers)
    page = _page(response)
    assert response.status_code == 200
    assert "신청하기" in page and "미충족" in page
    assert url("start", "COVID19") in page
    assert url("start", "UNDERGROUND") not in page  # not eligible: no live button


def test_catalogue_for_an_anonymous_visitor_offers_login(client, programs):
    page = _page(client.get(reverse("programs:catalogue")))
    assert "로그인하고 신청하기" in page


@pytest.mark.parametrize("headers", [{}, HX])
def test_start_an_ineligible_programme_shows_why(client, business, verified_applicant, headers):
    client.force_login(verified_applicant)
    response = client.post(url("start", "UNDERGROUND"), **headers)
    target = response["HX-Redirect"] if headers else response.url
    page = _page(client.get(target))
    assert "지원 자격을 충족하지 않아 신청할 수 없습니다" in page
    assert "지하도상가" in page


def test_start_without_a_profile_goes_to_the_profile(client, programs, verified_applicant):
    client.force_login(verified_applicant)
    response = client.post(url("start", "COVID19"))
    assert response.url.startswith(url("profile"))


# --- the draft -------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HX])
def test_edit_page_lists_the_programme_documents(client, draft, verified_applicant, headers):
    client.force_login(verified_applicant)
    response = client.get(url("edit", draft.pk), **headers)
    page = _page(response)
    assert response.status_code == 200
    assert "사업자등록증명" in page and "매출 감소 증빙" in page
    assert 'hx-post="' + url("autosave", draft.pk) in page


def test_autosave_answers_saved_at(client, draft, covid, verified_applicant):
    client.force_login(verified_applicant)
    response = client.post(url("autosave", draft.pk), {"amount": "1000만"}, **HX)
    assert "저장됨" in _page(response)
    draft.refresh_from_db()
    assert draft.amount_krw == 10_000_000


def test_autosave_without_htmx_goes_back_to_the_form(client, draft, verified_applicant):
    client.force_login(verified_applicant)
    response = client.post(url("autosave", draft.pk), {"amount": "1000만"})
    assert response.status_code == 302 and response.url == url("edit", draft.pk)


def test_autosave_reports_an_amount_over_the_limit(client, draft, verified_applicant):
    client.force_login(verified_applicant)
    page = _page(client.post(url("autosave", draft.pk), {"amount": "3천만"}, **HX))
    assert "저장하지 못했습니다" in page and "업체당 한도를 넘습니다" in page


def test_amount_over_the_limit_keeps_everything_typed(client, draft, covid, verified_applicant):
    client.force_login(verified_applicant)
    response = client.post(
        url("edit", draft.pk), _full_draft_post(covid, amount="3,000만원", purpose="인테리어 공사")
    )
    page = _page(response)
    assert response.status_code == 400
    assert "업체당 한도를 넘습니다" in page and "2,000만원까지" in page
    assert 'value="3,000만원"' in page and 'value="인테리어 공사"' in page


def test_a_12_mb_file_is_refused_on_the_page(client, draft, covid, verified_applicant):
    client.force_login(verified_applicant)
    big = upload("매출증빙.pdf", PDF_BYTES + b"0" * (12 * 1024 * 1024))
    response = client.post(
        url("edit", draft.pk), {**_full_draft_post(covid, purpose="운영 자금"), "doc_SALES": big}
    )
    page = _page(response)
    assert response.status_code == 400
    assert "‘매출증빙.pdf’가 10MB를 넘습니다" in page and "10MB까지" in page
    assert 'value="운영 자금"' in page
    assert not ApplicationDocument.objects.filter(application=draft).exists()


def test_an_exe_renamed_pdf_is_refused_on_the_page(client, draft, covid, verified_applicant):
    client.force_login(verified_applicant)
    response = client.post(
        url("edit", draft.pk),
        {**_full_draft_post(covid), "doc_LEASE": upload("임대차계약서.pdf", EXE_BYTES)},
    )
    page = _page(response)
    assert "올릴 수 없는 형식입니다" in page and "임대차계약서.pdf" in page
    assert 'value="1,500만"' in page


def test_an_empty_file_and_a_missing_required_document_are_named(
    client, draft, covid, verified_applicant
):
    client.force_login(verified_applicant)
    page = _page(
        client.post(
            url("edit", draft.pk), {**_full_draft_post(covid), "doc_BIZ_REG": upload("a.pdf", b"")}
        )
    )
    assert "빈 파일입니다" in page
    page = _page(client.post(url("edit", draft.pk), {**_full_draft_post(covid), "submit": "1"}))
    assert "필수 서류 ‘사업자등록증명’을 올려 주세요." in page
    assert 'value="원재료 구입"' in page


def test_save_uploads_and_removes_documents(client, draft, covid, verified_applicant):
    client.force_login(verified_applicant)
    response = client.post(
        url("edit", draft.pk), {**_full_draft_post(covid), "doc_BIZ_REG": upload(), "save": "1"}
    )
    assert response.status_code == 302
    document = ApplicationDocument.objects.get(application=draft)
    assert "저장됨" in _page(client.get(response.url))
    client.post(url("edit", draft.pk), {**_full_draft_post(covid), "remove": document.pk})
    assert not ApplicationDocument.objects.filter(application=draft).exists()


@pytest.mark.parametrize("headers", [{}, HX])
def test_submit_then_a_double_submit_says_it_is_already_submitted(
    client, complete_draft, covid, verified_applicant, headers
):
    client.force_login(verified_applicant)
    data = {**_full_draft_post(covid), "submit": "1"}
    response = client.post(url("edit", complete_draft.pk), data, **headers)
    target = response["HX-Redirect"] if headers else response.url
    assert target == url("done", complete_draft.pk)
    complete_draft.refresh_from_db()
    assert complete_draft.status == S.SUBMITTED
    done = _page(client.get(target, **headers))
    assert complete_draft.tracking_no in done
    again = client.post(url("edit", complete_draft.pk), data, **headers)
    target = again["HX-Redirect"] if headers else again.url
    page = _page(client.get(target))
    assert "이미 제출된 신청입니다" in page and complete_draft.tracking_no in page


# --- status, supplement, withdraw ------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HX])
def test_status_shows_the_korean_timeline(client, submitted, verified_applicant, headers):
    client.force_login(verified_applicant)
    page = _page(client.get(url("status", submitted.pk), **headers))
    assert "신청서를 제출했습니다." in page and "신청 접수" in page


@pytest.mark.parametrize("headers", [{}, HX])
def test_supplement_request_is_shown_and_answered(
    client, submitted, verified_applicant, reviewer, headers
):
    staff_steps.request_supplement(submitted.pk, reviewer, "임대차계약서 전체 면을 올려 주세요.")
    client.force_login(verified_applicant)
    page = _page(client.get(url("status", submitted.pk), **headers))
    assert "임대차계약서 전체 면을 올려 주세요." in page and "보완 답변 제출" in page
    bad = client.post(
        url("answer_supplement", submitted.pk),
        {"note": "다시 올립니다", "files": [upload("x.pdf", EXE_BYTES)]},
        **headers,
    )
    assert bad.status_code == 400 and "올릴 수 없는 형식" in _page(bad)
    assert "다시 올립니다" in _page(bad)
    ok = client.post(
        url("answer_supplement", submitted.pk),
        {"note": "다시 올립니다", "files": [upload("lease.pdf")]},
        **headers,
    )
    assert ok.status_code in (200, 302)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


@pytest.mark.parametrize("headers", [{}, HX])
def test_withdraw_asks_for_confirmation(client, submitted, verified_applicant, headers):
    client.force_login(verified_applicant)
    assert "취하하기" in _page(client.get(url("withdraw", submitted.pk), **headers))
    response = client.post(url("withdraw", submitted.pk), {}, **headers)
    assert response.status_code == 400 and "확인란에 표시해" in _page(response)
    client.post(url("withdraw", submitted.pk), {"confirm": "on"}, **headers)
    submitted.refresh_from_db()
    assert submitted.status == S.WITHDRAWN


# --- agreement and certificate ---------------------------------------------------------------


def _approved(submitted, reviewer):
    staff_steps.approve(submitted.pk, reviewer)
    return submitted


@pytest.mark.parametrize("headers", [{}, HX])
def test_agreement_signs_with_password_and_consents(
    client, submitted, verified_applicant, reviewer, headers
):
    _approved(submitted, reviewer)
    client.force_login(verified_applicant)
    page = _page(client.get(url("agreement", submitted.pk), **headers))
    assert "보증료" in page and "600,000원" in page
    wrong = client.post(
        url("agreement", submitted.pk),
        {"terms": "on", "credit_info": "on", "fee": "on", "password": "nope"},
        **headers,
    )
    assert "비밀번호가 맞지 않습니다" in _page(wrong) and "checked" in _page(wrong)
    ok = client.post(
        url("agreement", submitted.pk),
        {"terms": "on", "credit_info": "on", "fee": "on", "password": "pw-for-tests-1"},
        HTTP_USER_AGENT="TestPhone/1.0",
        **headers,
    )
    assert ok.status_code in (200, 302)
    submitted.refresh_from_db()
    assert submitted.status == S.AGREEMENT_SIGNED
    assert submitted.agreement.user_agent == "TestPhone/1.0"
    assert submitted.agreement.terms_sha256 in _page(client.get(url("agreement", submitted.pk)))


def test_agreement_before_approval_redirects(client, submitted, verified_applicant):
    client.force_login(verified_applicant)
    response = client.get(url("agreement", submitted.pk))
    assert response.status_code == 302


def _issued(submitted, verified_applicant, reviewer):
    _approved(submitted, reviewer)
    services.agreement_sign(
        application_id=submitted.pk,
        actor=verified_applicant,
        password="pw-for-tests-1",
        consents=dict.fromkeys(services.REQUIRED_CONSENTS, True),
        ip_address="127.0.0.1",
        user_agent="t",
    )
    return staff_steps.issue(submitted.pk, reviewer)


def test_certificate_pdf_holds_number_and_amount(client, submitted, verified_applicant, reviewer):
    import io

    from pypdf import PdfReader

    guarantee = _issued(submitted, verified_applicant, reviewer)
    client.force_login(verified_applicant)
    response = client.get(url("certificate", submitted.pk), **HX)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert guarantee.guarantee_no in text and "15,000,000" in text


@pytest.mark.parametrize("headers", [{}, HX])
def test_public_verification_by_number_and_code(
    client, submitted, verified_applicant, reviewer, headers
):
    from guarantees.applicant.certificate import certificate_record

    guarantee = _issued(submitted, verified_applicant, reviewer)
    code = certificate_record(guarantee).check_code
    client.logout()
    good = _page(
        client.get(
            url("verify"),
            {"guarantee_no": guarantee.guarantee_no, "check_code": code.lower()},
            **headers,
        )
    )
    assert "재단이 발급한 보증서가 맞습니다" in good and "15,000,000원" in good
    assert "행복분식" not in good and "220-81" not in good  # nothing else
    bad = _page(
        client.get(url("verify"), {"guarantee_no": guarantee.guarantee_no, "check_code": "AAAA"})
    )
    assert "일치하는 보증서가 없습니다" in bad


# --- other applicants ------------------------------------------------------------------------


def test_applicant_a_gets_404_for_b_s_things_by_url(
    client, submitted, verified_applicant, reviewer, other_applicant
):
    guarantee = _issued(submitted, verified_applicant, reviewer)
    assert guarantee
    document = ApplicationDocument.objects.filter(application=submitted).first()
    make_business(other_applicant, brn="101-81-62518".replace("8", "8"))
    client.force_login(other_applicant)
    for name in ("status", "edit", "done", "withdraw", "agreement", "certificate"):
        assert client.get(url(name, submitted.pk)).status_code == 404, name
    assert client.get(url("document", document.pk)).status_code == 404
    assert client.post(url("withdraw", submitted.pk), {"confirm": "on"}).status_code == 404
    assert client.post(url("autosave", submitted.pk), {}, **HX).status_code == 404
    assert client.post(url("answer_supplement", submitted.pk), {}).status_code == 404


def test_owner_downloads_own_document(client, submitted, verified_applicant):
    client.force_login(verified_applicant)
    document = ApplicationDocument.objects.filter(application=submitted).first()
    response = client.get(url("document", document.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]


def test_staff_and_anonymous_cannot_use_applicant_pages(client, submitted, reviewer):
    assert client.get(url("status", submitted.pk)).status_code == 302
    client.force_login(reviewer)
    assert client.get(url("status", submitted.pk)).status_code == 403


@pytest.mark.parametrize("headers", [{}, HX])
def test_programme_detail_offers_the_apply_button(client, business, verified_applicant, headers):
    client.force_login(verified_applicant)
    page = _page(client.get(reverse("programs:detail", args=["COVID19"]), **headers))
    assert url("start", "COVID19") in page and "충족" in page


def test_new_applicant_home_asks_for_the_business_first(client, applicant, programs):
    client.force_login(applicant)
    page = _page(client.get(reverse("guarantees:my_applications")))
    assert "사업자 정보 입력" in page and "이메일 인증을 마치지 않았습니다" in page


def test_business_number_is_frozen_after_a_submission(client, submitted, verified_applicant):
    client.force_login(verified_applicant)
    data = profile_data(business_no="101-81-62518")
    response = client.post(url("profile"), data)
    assert response.status_code == 302
    assert verified_applicant.businesses.get().business_no == "220-81-62517"
    assert "제출한 뒤에는 바꿀 수 없습니다" in _page(client.get(url("profile")))


def test_upload_posts_still_need_the_csrf_token(draft, verified_applicant, covid):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(verified_applicant)
    response = client.post(url("edit", draft.pk), {**_full_draft_post(covid), "save": "1"})
    assert response.status_code == 403
    page = client.get(url("edit", draft.pk)).content.decode()
    import re

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        url("edit", draft.pk),
        {**_full_draft_post(covid), "save": "1", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_a_12_mb_supplement_file_is_dropped_while_streaming(
    client, submitted, verified_applicant, reviewer
):
    staff_steps.request_supplement(submitted.pk, reviewer, "매출 증빙을 다시 올려 주세요.")
    client.force_login(verified_applicant)
    big = upload("매출.pdf", PDF_BYTES + b"0" * (12 * 1024 * 1024))
    response = client.post(
        url("answer_supplement", submitted.pk), {"note": "올립니다", "files": [big]}
    )
    page = _page(response)
    assert response.status_code == 400 and "‘매출.pdf’가 10MB를 넘습니다" in page
    assert "올립니다" in page
