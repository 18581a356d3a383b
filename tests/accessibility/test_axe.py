"""Accessibility, proven (issue #17 part 5): axe-core (shipped inside axe-playwright-python's
wheel, injected from the installed file — nothing fetched) runs in Debian's Chromium over every
page of every persona, and over the states a page gets into — a form sent back with its errors,
an htmx swap — at a desktop size and on a 390 × 844 phone, against WCAG 2.0/2.1 A and AA.

Any violation fails (not only serious ones), and so does any sub-resource the page asks for and
does not get (a 404 stylesheet, font or script). Every finding is printed.

Adding a page is one line in VISITS: the persona, the URL name (with the `world` fixture's
objects for its arguments) and, when it is a state rather than the page as it opens, how to get
there (State)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

from tests.reports.test_browser import CHROMIUM_ARGS
from tests.test_access_matrix import personas, world  # noqa: F401 — fixtures

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SUB_RESOURCES = {"stylesheet", "script", "image", "font", "media"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@dataclass(frozen=True)
class State:
    """How to reach a state of the page before axe runs.

    - `submit`: the submit button to press, with the browser's own checks off (`novalidate`),
      so the server answers with its Korean form errors;
    - `fill`: {selector: value} typed first (a bad value), `select`: {selector: option value};
    - `click`: an element whose htmx request swaps part of the page; `expect`: a selector that
      must be on the page afterwards (the swapped region, the error message)."""

    name: str
    submit: str = ""
    fill: tuple[tuple[str, str], ...] = ()
    select: tuple[tuple[str, str], ...] = ()
    click: str = ""
    expect: str = ""


@dataclass(frozen=True)
class Visit:
    persona: str  # a persona of tests/test_access_matrix.py ("anonymous": not signed in)
    name: str  # URL name
    args: tuple[str, ...] = ()  # keys of the `world` fixture, in the URL's order
    query: str = ""
    state: State | None = None

    def url(self, world) -> str:  # noqa: F811 — the fixture's value
        path = reverse(self.name, args=[world[a] for a in self.args])
        return f"{path}?{self.query}" if self.query else path

    @property
    def label(self) -> str:
        where = self.name + (f"?{self.query}" if self.query else "")
        return f"{self.persona} {where}" + (f" [{self.state.name}]" if self.state else "")


FORM_ERRORS = "form errors"
ERRORS_SHOWN = "[aria-invalid=true], [role=alert], .field-error, .form-error, .notice.danger"
G, A, P = ("guarantee_no",), ("application",), ("program_code",)

VISITS: list[Visit] = [
    # 비로그인 (anyone)
    Visit("anonymous", "programs:catalogue"),
    Visit("anonymous", "programs:detail", P),
    Visit("anonymous", "accounts:login"),
    Visit(
        "anonymous",
        "accounts:login",
        state=State(
            FORM_ERRORS,
            fill=(("#id_username", "nobody"), ("#id_password", "wrong-password-1")),
            submit="button[type=submit]",
            expect=ERRORS_SHOWN,
        ),
    ),
    Visit("anonymous", "accounts:signup"),
    Visit(
        "anonymous",
        "accounts:signup",
        state=State(FORM_ERRORS, submit="main button[type=submit]", expect=ERRORS_SHOWN),
    ),
    Visit("anonymous", "accounts:password_reset"),
    Visit("anonymous", "guarantees:applicant:verify"),
    # 신청인 (applicant)
    Visit("applicant", "guarantees:applicant:home"),
    Visit("applicant", "guarantees:applicant:profile"),
    Visit(
        "applicant",
        "guarantees:applicant:profile",
        state=State(
            FORM_ERRORS,
            # the business number is fixed once the applicant has applied: a missing name
            fill=(("#id_name", ""),),
            submit="main form button[type=submit]",
            expect=ERRORS_SHOWN,
        ),
    ),
    Visit("applicant", "guarantees:my_applications"),
    Visit("applicant", "guarantees:applicant:status", A),
    # 지점 심사역 / 지점장 (branch)
    Visit("reviewer", "guarantees:branch_queue"),
    Visit(
        "reviewer",
        "guarantees:branch_queue",
        state=State("htmx swap", click=".status-counts a", expect="#queue-results"),
    ),
    Visit("reviewer", "guarantees:review:application", A),
    Visit("reviewer", "guarantees:review:history", A),
    Visit("branch_manager", "guarantees:book_home"),
    Visit("branch_manager", "guarantees:book_guarantee", G),
    Visit("branch_manager", "branches:organisation"),
    # 영업본부 (hq_sales)
    Visit("hq_sales", "guarantees:hq_queue"),
    Visit("hq_sales", "guarantees:book_subsidy"),
    # 감사실 (auditor)
    Visit("auditor", "guarantees:audit_queue"),
    Visit("auditor", "guarantees:review:monitoring"),
    Visit(
        "auditor",
        "guarantees:review:monitoring",
        state=State(
            "htmx swap",
            fill=(("#id_date", "2020-01-02"),),
            submit="form[hx-get] button[type=submit]",
            expect="#monitoring-list",
        ),
    ),
    Visit("auditor", "accounts:access_log"),
    Visit("auditor", "bank_api_calls"),
    # 전략기획부 (strategy)
    Visit("strategy", "ledger:dashboard"),
    Visit("strategy", "ledger:dashboard", query="date=2020-12-31"),
    Visit("strategy", "ledger:dashboard", query="date=2020-13-01"),  # the date error
    Visit("strategy", "reports:council"),
    Visit("strategy", "reports:registers"),
    Visit("strategy", "reports:pledges"),
    Visit("strategy", "reports:register_add"),
    # 상담사 (counsellor)
    Visit("counsellor", "guarantees:consultations"),
    Visit("counsellor", "guarantees:consultation_new"),
    Visit(
        "counsellor",
        "guarantees:consultation_new",
        state=State(FORM_ERRORS, submit="main form button[type=submit]", expect=ERRORS_SHOWN),
    ),
    # 임원 (executive)
    Visit("executive", "ledger:dashboard"),
    # 협약은행 담당자 (bank officer)
    Visit("bank_officer", "guarantees:bank_desk:guarantees"),
    Visit("bank_officer", "guarantees:bank_desk:guarantee", G),
    Visit("bank_officer", "guarantees:bank_desk:claims"),
    Visit("bank_officer", "guarantees:bank_desk:monthly_upload"),
    Visit(
        "bank_officer",
        "guarantees:bank_desk:monthly_upload",
        state=State(FORM_ERRORS, submit="main form button[type=submit]", expect=ERRORS_SHOWN),
    ),
    # 출연기관 담당자 (contributor officer)
    Visit("contributor_officer", "guarantees:contributor_home"),
]

# register_add takes the register's kind
_REGISTER_KIND = {"reports:register_add": "budget"}


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


def _url(visit: Visit, world) -> str:  # noqa: F811
    if visit.name in _REGISTER_KIND:
        return reverse(visit.name, args=[_REGISTER_KIND[visit.name]])
    return visit.url(world)


def _reach(page, state: State) -> None:
    for selector, value in state.fill:
        page.fill(selector, value)
    for selector, value in state.select:
        page.select_option(selector, value)
    if state.submit:
        page.eval_on_selector_all("form", "forms => forms.forEach(f => f.noValidate = true)")
        page.click(state.submit)
    if state.click:
        page.click(state.click)
    page.wait_for_load_state("networkidle")
    if state.expect:
        page.wait_for_selector(state.expect, state="attached", timeout=10_000)


def _sign_in(context, client, live_server, user) -> None:
    client.force_login(user)  # past the second factor (tests/conftest.py's client)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_axe_violations_on_any_page_or_state(
    live_server,
    client,
    personas,  # noqa: F811
    world,  # noqa: F811
    viewport,
    capsys,
):
    axe = _axe()
    report: list[str] = []
    failures: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        for persona in dict.fromkeys(v.persona for v in VISITS):
            context = browser.new_context(viewport=VIEWPORTS[viewport], locale="ko-KR")
            if persona != "anonymous":
                _sign_in(context, client, live_server, personas[persona])
            page = context.new_page()
            missing: list[str] = []
            page.on(
                "response",
                lambda r, missing=missing: (
                    r.status >= 400
                    and r.request.resource_type in SUB_RESOURCES
                    and missing.append(f"{r.status} {r.url}")
                ),
            )
            for visit in (v for v in VISITS if v.persona == persona):
                response = page.goto(f"{live_server.url}{_url(visit, world)}")
                page.wait_for_load_state("networkidle")
                assert response is not None and response.status < 500, visit.label
                if visit.state:
                    _reach(page, visit.state)
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
                for impact, rule, help_text, nodes in _findings(results.response):
                    line = f"{viewport} {visit.label}: {impact} {rule} ×{nodes} — {help_text}"
                    report.append(line)
                    failures.append(line)
                for miss in missing:
                    failures.append(f"{viewport} {visit.label}: sub-resource {miss}")
                missing.clear()
                shot = visit.label.replace(" ", "_").replace(":", "_").replace("/", "_")
                page.screenshot(path=f"/tmp/axe-{viewport}-{shot}.png")
            context.close()
            client.logout()
        browser.close()
    with capsys.disabled():
        print(f"\naxe-core: {len(VISITS)} pages and states ({viewport})")
        print("\n".join(report) or "no violations")
    assert failures == [], "\n".join(failures)
