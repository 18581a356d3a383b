"""In Chromium at a phone's size (390×844): a district's officer signs in with its second
factor, lands on its programmes, reads the figures and downloads the pledge CSV."""

import datetime as dt

import pytest
from playwright.sync_api import expect, sync_playwright

from ledger.services import contribution_record
from tests.browser import login, watch_csp
from tests.guarantees.book.factories import make_guarantee
from tests.guarantees.review.factories import ProgramFactory

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
EOK = 100_000_000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_district_officer_reads_and_downloads_its_programme(
    live_server, organisation, contributor_officer, tmp_path
):
    program = ProgramFactory(code="GYEYANG-SME", name="계양구 소상공인 특례보증", funding_krw=0)
    contribution_record(
        date=dt.date(2020, 1, 6),
        category="district",
        amount_krw=5 * EOK,
        contributor="계양구",
        program_id=program.pk,
    )
    for i in range(3):
        make_guarantee(
            branch=organisation["GYEYANG"],
            program=program,
            amount_krw=30_000_000,
            issued_on=dt.date(2020, 3 + i, 2),
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
        page = context.new_page()
        csp = watch_csp(page)
        login(page, live_server.url, contributor_officer)
        expect(page.get_by_role("heading", name="계양구 출연 상품 현황")).to_be_visible()
        expect(page.get_by_text("계양구 소상공인 특례보증")).to_be_visible()
        expect(page.get_by_text("50억원 (운용배수 10배)")).to_be_visible()
        page.screenshot(path="/tmp/contributor-home-390.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        with page.expect_download() as info:
            page.get_by_role("link", name="공약 실적 내려받기(CSV)").click()
        path = tmp_path / "pledge.csv"
        info.value.save_as(path)
        browser.close()
    assert csp == []
    assert width <= 390, f"the page scrolls sideways at 390 px ({width})"
    assert "2020,3,3,90000000" in path.read_text(encoding="utf-8-sig")
