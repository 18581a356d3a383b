"""The applicant journey in Debian's Chromium at a phone viewport (375×812): sign-up → profile
→ eligibility → application with documents (bad files first) → submit → approval (test-only
staff steps) → 전자약정 → certificate PDF. Run once with JavaScript and once without it: every
step's basic path is plain HTML."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core import mail

from tests.browser import watch_csp

from .conftest import EXE_BYTES, PDF_BYTES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _tick(page, input_id: str) -> None:
    """KRDS draws the checkbox on the label (the input itself is visually hidden)."""
    page.click(f"label[for={input_id}]")


def _shot(page, name: str, js: bool) -> None:
    page.screenshot(path=f"/tmp/applicant-{'js' if js else 'nojs'}-{name}.png", full_page=True)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_new_user_applies_signs_and_downloads_the_certificate(
    live_server, organisation, programs, make_user, tmp_path, js
):
    from playwright.sync_api import expect, sync_playwright

    from guarantees.models import Application, ApplicationStatus

    from . import staff_steps

    reviewer = make_user("reviewer", "NAMDONG")
    email = f"owner-{'js' if js else 'nojs'}@example.kr"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": 375, "height": 812},
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
            java_script_enabled=js,
            accept_downloads=True,
            locale="ko-KR",
        )
        page = context.new_page()
        csp_violations = watch_csp(page)  # the CSP is enforced as in production
        page.set_default_timeout(15_000)

        # 1. Sign-up, then the emailed verification link.
        page.goto(f"{live_server.url}/accounts/signup/")
        page.fill("#id_name", "김민지")
        page.fill("#id_email", email)
        page.fill("#id_mobile", "010-1234-5678")
        page.fill("#id_password1", "gureum-dal-77")
        page.fill("#id_password2", "gureum-dal-77")
        _tick(page, "id_agree_privacy")
        _shot(page, "01-signup", js)
        page.click("button:has-text('가입하기')")
        expect(page.locator("h1")).to_have_text("메일을 확인해 주세요")  # same for a taken address
        link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
        page.goto(link)
        expect(page.locator(".notice.success")).to_contain_text("이메일 인증을 마쳤습니다")
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", "gureum-dal-77")
        page.click("button:has-text('로그인')")
        page.goto(f"{live_server.url}/guarantees/apply/profile/")

        # 2. Business profile: a wrong check digit first, nothing typed is lost.
        page.fill("#id_business_no", "220-81-62518")
        page.fill("#id_name", "행복분식")
        page.fill("#id_representative_name", "김민지")
        page.fill("#id_representative_birth_date", "1985-03-02")
        page.select_option("#id_industry", label="음식점업")
        page.fill("#id_opened_on", "2018-05-01")
        page.select_option("#id_sido", "인천광역시")
        page.select_option("#id_district", label="남동구 (남동지점 담당)")
        page.fill("#id_road_address", "인천광역시 남동구 구월로 1")
        page.fill("#id_employees", "2")
        page.fill("#id_last_year_sales_krw", "1억 5천만")
        page.fill("#id_credit_score", "720")
        page.fill("#id_hired_last_year", "0")
        page.fill("#id_covid_sales_drop_pct", "25")
        page.click("button:has-text('저장하고 지원 자격 보기')")
        expect(page.locator(".form-hint-invalid").first).to_contain_text("검증번호 불일치")
        expect(page.locator("#id_name")).to_have_value("행복분식")
        expect(page.locator("#id_road_address")).to_have_value("인천광역시 남동구 구월로 1")
        _shot(page, "02-profile-error", js)
        page.fill("#id_business_no", "２２０８１６２５１７")
        page.click("button:has-text('저장하고 지원 자격 보기')")

        # 3. Catalogue with eligibility, then 신청하기 on the COVID-19 programme.
        expect(page.locator("h1")).to_have_text("보증 상품 안내")
        expect(page.locator("body")).to_contain_text("행복분식")
        _shot(page, "03-catalogue", js)
        page.click("form[action$='/start/COVID19/'] button")

        # 4. Application: amount over the limit, a 12 MB file and an .exe renamed .pdf.
        expect(page.locator("h1")).to_contain_text("신청서")
        page.fill("#id_amount", "3,000만")
        page.fill("#id_purpose", "원재료 구입")
        page.select_option("#id_bank", label="신한은행")
        page.select_option("#id_term_months", "60")
        big = tmp_path / "big.pdf"
        big.write_bytes(PDF_BYTES + b"0" * (12 * 1024 * 1024))
        page.set_input_files("#id_doc_SALES", str(big))
        page.set_input_files(
            "#id_doc_LEASE",
            {"name": "임대차계약서.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES},
        )
        page.click("button[name=submit]")
        body = page.locator("main")
        expect(body).to_contain_text("업체당 한도를 넘습니다")
        expect(body).to_contain_text("10MB까지")
        expect(body).to_contain_text("올릴 수 없는 형식입니다")
        expect(page.locator("#id_purpose")).to_have_value("원재료 구입")
        expect(page.locator("#id_amount")).to_have_value("3,000만")
        _shot(page, "04-application-errors", js)

        page.fill("#id_amount", "1,500만")
        for code in ("BIZ_REG", "SALES", "LEASE", "SALES_DROP"):
            page.set_input_files(
                f"#id_doc_{code}",
                {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
            )
        if js:  # the autosave fragment appears without a click
            page.fill("#id_purpose", "원재료 구입 및 임차료")
            expect(page.locator("#save-status")).to_contain_text("저장됨", timeout=10_000)
        page.click("button[name=save]")
        expect(page.locator("main")).to_contain_text("저장됨")
        _shot(page, "05-application-saved", js)
        # The same draft open in a second tab (another device): submitted twice.
        second = context.new_page()
        second.goto(page.url)
        page.click("button[name=submit]")

        # 5. Confirmation with the tracking number and an email.
        expect(page.locator("h1")).to_have_text("신청이 접수되었습니다")
        tracking_no = page.locator(".tracking-no").inner_text()
        assert re.fullmatch(r"ICGF-\d{4}-\d{6}", tracking_no)
        assert any(tracking_no in m.subject for m in mail.outbox)
        _shot(page, "06-done", js)

        # The double submit from the second tab is refused on the page, with the number.
        second.click("button[name=submit]")
        expect(second.locator("main")).to_contain_text("이미 제출된 신청입니다")
        expect(second.locator("main")).to_contain_text(tracking_no)
        _shot(second, "06b-double-submit", js)
        second.close()
        application = Application.objects.get(tracking_no=tracking_no)

        # 6. Approval by the test-only staff steps, then the 전자약정.
        staff_steps.approve(application.pk, reviewer)
        page.goto(f"{live_server.url}/guarantees/apply/")
        _shot(page, "07-home-approved", js)
        page.click("a:has-text('전자약정 하기')")
        expect(page.locator("main")).to_contain_text("600,000원")
        _tick(page, "id_terms")
        _tick(page, "id_credit_info")
        _tick(page, "id_fee")
        page.fill("#id_password", "wrong-password")
        page.click("button:has-text('동의하고 서명하기')")
        expect(page.locator("main")).to_contain_text("비밀번호가 맞지 않습니다")
        expect(page.locator("#id_terms")).to_be_checked()
        page.fill("#id_password", "gureum-dal-77")
        _shot(page, "08-agreement", js)
        page.click("button:has-text('동의하고 서명하기')")
        expect(page.locator("main")).to_contain_text("서명을 마쳤습니다")
        _shot(page, "09-agreement-signed", js)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.AGREEMENT_SIGNED
        assert application.agreement.user_agent

        # 7. Issuance, then the certificate download.
        guarantee = staff_steps.issue(application.pk, reviewer)
        page.goto(f"{live_server.url}/guarantees/apply/{application.pk}/")
        _shot(page, "10-status-issued", js)
        with page.expect_download() as download_info:
            page.click("a:has-text('보증서 내려받기')")
        target = tmp_path / "certificate.pdf"
        download_info.value.save_as(target)
        text = subprocess.run(
            ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert guarantee.guarantee_no in text
        assert "15,000,000" in text
        if js:
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    str(target),
                    "/tmp/applicant-certificate",
                ],
                check=True,
            )
        context.close()
        browser.close()
    assert csp_violations == [], csp_violations
