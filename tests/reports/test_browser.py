"""In Chromium: a manager requests the council report, sees its progress, downloads it — the
report is built by a real Celery worker (`celery -A config worker`) on the test database."""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import watch_csp

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def celery_worker_process(start_celery_worker):
    return start_celery_worker("--pool=solo", "-n", f"report-test-{os.getpid()}@%h")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manager_requests_sees_progress_and_downloads(
    live_server, client, strategy, small_book, celery_worker_process, tmp_path
):
    client.force_login(strategy)
    session = client.cookies["sessionid"].value
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(accept_downloads=True)
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        csp_violations = watch_csp(page)
        page.goto(f"{live_server.url}/reports/council/")
        page.select_option("select[name=year]", "2020")
        page.get_by_role("button", name="보고서 작성").click()
        expect(page.locator("#run-status")).to_be_visible()
        page.screenshot(path="/tmp/report-progress.png", full_page=True)
        stage_seen = page.locator("[data-stage]").count() > 0
        download_link = page.locator("#download")
        expect(download_link).to_be_visible(timeout=60_000)
        page.screenshot(path="/tmp/report-done.png", full_page=True)
        with page.expect_download() as info:
            download_link.click()
        path = tmp_path / "report.pdf"
        info.value.save_as(path)
        browser.close()
    assert stage_seen, "progress was not shown while the report was being built"
    assert csp_violations == [], "the progress polling (htmx) ran into the CSP"
    assert path.read_bytes().startswith(b"%PDF")
