"""In Chromium: a manager requests the council report, sees its progress, downloads it — the
report is built by a real Celery worker (`celery -A config worker`) on the test database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def celery_worker_process():
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            "celery",
            "-n",
            f"report-test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


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
    assert path.read_bytes().startswith(b"%PDF")
