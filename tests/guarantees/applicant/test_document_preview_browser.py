"""Staff open an application's documents when they ask, and the personal-data access log says
exactly what they opened (issue 19, row 2). Also: the portal has a favicon (row 11)."""

from __future__ import annotations

import os

import pytest

from accounts.models import AccessAction, PersonalDataAccess
from tests.browser import login, watch_csp

SHOTS = "/tmp/first-hour"


def _downloads():
    return list(
        PersonalDataAccess.objects.filter(action=AccessAction.DOWNLOAD).values_list(
            "object_id", flat=True
        )
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_documents_load_when_opened_and_only_those_are_logged(live_server, submitted, make_user):
    from playwright.sync_api import expect, sync_playwright

    os.makedirs(SHOTS, exist_ok=True)
    reviewer = make_user("reviewer", "NAMDONG")
    documents = list(submitted.documents.order_by("pk"))
    assert len(documents) >= 2
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ko-KR")
        violations = watch_csp(page)
        missing = []
        page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
        login(page, live_server.url, reviewer)
        page.goto(f"{live_server.url}/guarantees/staff/review/applications/{submitted.pk}/")
        page.wait_for_load_state("networkidle")
        assert _downloads() == [], "showing the page fetched documents"
        # An htmx action re-renders the workspace: still nothing fetched.
        page.click("button:has-text('서류 확인 완료')")
        expect(page.locator("#workspace")).to_contain_text("서류 확인을 완료했습니다")
        page.wait_for_load_state("networkidle")
        assert _downloads() == []
        second = documents[1]
        with page.expect_response(lambda r: f"/documents/{second.pk}/" in r.url) as opened:
            page.locator("summary", has_text=second.original_name).first.click()
        assert opened.value.status == 200
        page.wait_for_load_state("networkidle")
        page.screenshot(path=f"{SHOTS}/document-preview-390.png", full_page=True)
        assert _downloads() == [str(second.pk)]
        assert not violations, violations
        assert not [url for url in missing if "favicon" in url]
        assert page.evaluate(
            "fetch('/favicon.ico').then(r => r.ok && r.url.endsWith('favicon.svg'))"
        )
        browser.close()
