"""Accessibility, proven (issue #17 part 5): axe-core (shipped inside axe-playwright-python's
wheel, injected from the installed file — nothing fetched) runs in Debian's Chromium over the
main page of each persona, at a desktop size and on a 390 × 844 phone, against WCAG 2.0/2.1
A and AA. Serious and critical violations fail the test; every finding is printed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

from tests.reports.test_browser import CHROMIUM_ARGS

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# persona fixture (None: not logged in) → the pages that persona works on
PAGES = {
    None: ["programs:catalogue", "accounts:login"],
    "applicant": ["guarantees:applicant:home", "guarantees:applicant:profile"],
    "reviewer": ["accounts:home"],
    "auditor": ["accounts:access_log", "guarantees:review:monitoring"],
    "strategy": ["ledger:dashboard", "reports:council", "reports:registers"],
}


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _findings(results: dict) -> list[tuple[str, str, str, int]]:
    return [
        (
            v["impact"] or "",
            v["id"],
            v["help"] + " " + " | ".join(str(n["target"]) for n in v["nodes"][:5]),
            len(v["nodes"]),
        )
        for v in results["violations"]
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_serious_or_critical_axe_violations(live_server, client, request, viewport, capsys):
    axe = _axe()
    report: list[str] = []
    serious: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        for persona, names in PAGES.items():
            context = browser.new_context(viewport=VIEWPORTS[viewport], locale="ko-KR")
            if persona is not None:
                user = request.getfixturevalue(persona)
                client.force_login(user)
                context.add_cookies(
                    [
                        {
                            "name": "sessionid",
                            "value": client.cookies["sessionid"].value,
                            "url": live_server.url,
                        }
                    ]
                )
            page = context.new_page()
            for name in names:
                page.goto(f"{live_server.url}{reverse(name)}")
                page.wait_for_load_state("networkidle")
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
                for impact, rule, help_text, nodes in _findings(results.response):
                    line = f"{viewport} {persona or '비로그인'} {name}: {impact} {rule} ×{nodes} — {help_text}"
                    report.append(line)
                    if impact in ("serious", "critical"):
                        serious.append(line)
                page.screenshot(path=f"/tmp/axe-{viewport}-{persona}-{name.replace(':', '_')}.png")
            context.close()
            client.logout()
        browser.close()
    with capsys.disabled():
        print("\naxe-core", "\n".join(report) or "no violations")
    assert serious == [], "\n".join(serious)
