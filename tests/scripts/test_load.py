"""`make load`'s parts, quickly, so that they do not rot between load runs (the run itself is
too long and too noisy for the suite): the fixture command, and every journey of the load
test driven through Django's test client — with CSRF checks on, over HTTPS — against the real
views, so a renamed field, URL or button breaks here first."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import stat

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from guarantees.models import Application, ApplicationEvent, ApplicationStatus
from scripts.load import journeys
from scripts.load.html import parse
from scripts.load.journeys import Browser, JourneyError, Reply
from scripts.load.report import Row, verdict

S = ApplicationStatus


class ClientTransport:
    """journeys.Transport over Django's test client (HTTPS, CSRF enforced, no redirects
    followed: the journeys follow them, as under locust)."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)
        self.requests: list[tuple[str, str, int]] = []

    def send(self, method, path, *, name, body, headers, expect, contains):
        headers = dict(headers)
        content_type = headers.pop("Content-Type", "application/octet-stream")
        response = self.client.generic(
            method, path, data=body or b"", content_type=content_type, secure=True, headers=headers
        )
        text = response.content.decode()
        self.requests.append((method, name, response.status_code))
        if response.status_code not in expect:
            raise JourneyError(f"{method} {path}: HTTP {response.status_code}\n{text[:2000]}")
        if contains is not None and contains not in text:
            raise JourneyError(f"{method} {path}: lacks {contains!r}\n{text[:2000]}")
        return Reply(status=response.status_code, text=text, location=response.get("Location"))


@pytest.fixture
def load_accounts(organisation, programs, tmp_path):
    out = tmp_path / "users.json"
    call_command("load_fixture", applicants=2, reviewers_per_branch=1, per_reviewer=3, out=str(out))
    return json.loads(out.read_text(encoding="utf-8")), out


def _signed_in(account) -> Browser:
    browser = Browser(ClientTransport(), origin="https://testserver")
    journeys.login(
        browser,
        username=account["username"],
        password=account["password"],
        totp_key=account.get("totp_key"),
    )
    return browser


def test_load_fixture_gives_every_reviewer_own_submitted_work_and_tops_it_up(load_accounts):
    accounts, out = load_accounts
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # passwords and TOTP keys inside
    assert len(accounts["applicants"]) == 2 and len(accounts["managers"]) == 1
    reviewers = accounts["reviewers"]
    assert len(reviewers) == 7  # one per branch of the organisation
    for reviewer in reviewers:
        mine = Application.objects.filter(tracking_no__startswith=reviewer["tag"])
        assert mine.filter(status=S.SUBMITTED).count() == 3
        assert {a.branch.code for a in mine} == {reviewer["branch"]}

    first = Application.objects.filter(tracking_no__startswith=reviewers[0]["tag"]).first()
    first.status = S.DOCS_VERIFIED
    first.save(update_fields=["status"])
    call_command("load_fixture", applicants=2, reviewers_per_branch=1, per_reviewer=3, out=str(out))
    assert Application.objects.filter(tracking_no__startswith=reviewers[0]["tag"]).count() == 4
    assert Application.objects.filter(tracking_no__startswith="LOAD-").count() == 7 * 3 + 1


def test_load_fixture_refuses_an_empty_database_with_a_korean_reason(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="seed_demo"):
        call_command("load_fixture", out=str(tmp_path / "users.json"))
    assert not (tmp_path / "users.json").exists()


def test_applicant_journeys_start_and_save_a_draft(load_accounts):
    accounts, _ = load_accounts
    account = accounts["applicants"][0]
    browser = _signed_in(account)
    rng = random.Random(7)
    journeys.applicant_browse_programmes(browser, rng)
    journeys.applicant_save_draft(browser, rng)
    draft = Application.objects.get(applicant__username=account["username"], status=S.DRAFT)
    assert draft.amount_krw and draft.purpose and draft.bank_id
    journeys.applicant_autosave(browser, rng)  # resumes the same draft (이어서 작성하기)
    journeys.applicant_save_draft(browser, rng)
    assert Application.objects.filter(applicant__username=account["username"]).count() <= 2
    journeys.applicant_my_applications(browser, rng)
    posts = [r for r in browser.transport.requests if r[0] == "POST"]
    assert ("POST", "/guarantees/apply/[id]/autosave/ (htmx)", 200) in posts


def test_reviewer_journeys_move_own_applications_through_the_real_endpoints(load_accounts):
    accounts, _ = load_accounts
    account = accounts["reviewers"][0]
    browser = _signed_in(account)
    if apps.is_installed("django_otp.plugins.otp_totp"):
        # Staff two-factor: the fixture gave the reviewer a device, and sign-in answered the
        # code page (a second POST after the password).
        assert account["totp_key"]
        sign_in_posts = [r for r in browser.transport.requests if r[0] == "POST"]
        assert len(sign_in_posts) == 2, sign_in_posts
    rng = random.Random(3)
    journeys.reviewer_filter_queue(browser, rng)
    acts = 0
    while journeys.reviewer_act(browser, rng, tag=account["tag"]) and acts < 20:
        acts += 1
    # Two of the three businesses declare a credit score above the survey-skip bar: 서류 확인,
    # then 심사표 + 승인 요청 (2 acts each); the third also goes through 현장조사 (4 acts).
    assert acts == 2 + 4 + 2
    mine = Application.objects.filter(tracking_no__startswith=account["tag"])
    assert sorted(mine.values_list("status", flat=True)) == [S.AWAITING_APPROVAL] * 3
    assert (
        ApplicationEvent.objects.filter(
            application__in=mine, actor__username=account["username"], action="send_for_approval"
        ).count()
        == 3
    )
    # Another branch's reviewer finds none of them.
    other = _signed_in(accounts["reviewers"][1])
    assert journeys.reviewer_act(other, rng, tag=account["tag"]) is False


def test_bank_systems_list_read_repay_and_report_through_the_api(load_accounts):
    from guarantees.models import BankApiCall, GuaranteeEvent, MonthlyReport

    accounts, _ = load_accounts
    assert len(accounts["banks"]) == 2
    account = accounts["banks"][0]
    transport = ClientTransport()
    bank = journeys.BankSystem(transport, key=account["key"], guarantees=account["guarantees"])
    rng = random.Random(3)
    journeys.bank_list_guarantees(bank, rng)
    journeys.bank_read_guarantee(bank, rng)
    journeys.bank_report_repayment(bank, rng)
    journeys.bank_monthly_report(bank, rng)
    assert [(m, n, s) for m, n, s in transport.requests] == [
        ("GET", "/api/bank/v1/guarantees", 200),
        ("GET", "/api/bank/v1/guarantees/[no]", 200),
        ("POST", "/api/bank/v1/guarantees/[no]/repayments", 201),
        ("POST", "/api/bank/v1/monthly-reports", 201),
    ]
    assert GuaranteeEvent.objects.filter(
        guarantee__guarantee_no__in=account["guarantees"], kind="repayment", amount_krw=1_000
    ).exists()
    assert MonthlyReport.objects.get().row_count == 5
    assert BankApiCall.objects.count() == 4
    # a second run of the fixture revokes the first run's keys and adds no guarantee twice
    call_command(
        "load_fixture",
        applicants=2,
        reviewers_per_branch=1,
        per_reviewer=3,
        out=str(load_accounts[1]),
    )
    with pytest.raises(JourneyError):
        journeys.bank_list_guarantees(bank, rng)


def test_manager_reads_the_dashboard(load_accounts):
    accounts, _ = load_accounts
    browser = _signed_in(accounts["managers"][0])
    journeys.manager_dashboard(browser, random.Random(1))


def test_a_refused_password_is_reported_not_retried(load_accounts):
    accounts, _ = load_accounts
    browser = Browser(ClientTransport(), origin="https://testserver")
    with pytest.raises(JourneyError, match="HTTP 200"):
        journeys.login(
            browser, username=accounts["applicants"][0]["username"], password="x", totp_key=None
        )
    posts = [r for r in browser.transport.requests if r[0] == "POST"]
    assert len(posts) == 1


def test_totp_follows_rfc_6238():
    # RFC 6238 appendix B, SHA-1 key "12345678901234567890": T=59 → 94287082 (8 digits).
    key = b"12345678901234567890".hex()
    assert journeys.totp(key, at=59, digits=8) == "94287082"
    assert journeys.totp(key, at=1111111109, digits=8) == "07081804"
    assert journeys.totp(key, at=59) == "287082"


def test_page_reader_sees_forms_as_a_browser_submits_them():
    page = parse(
        """<body hx-headers='{"X-CSRFToken": "tok"}'>
        <form method="post" action="/a/" hx-post="/a/" hx-target="#w">
          <input type="hidden" name="csrfmiddlewaretoken" value="tok2">
          <input name="amount" value="1">
          <input type="checkbox" name="off"><input type="checkbox" name="on" checked>
          <select name="bank"><option value="">-</option><option value="3" selected>B</option></select>
          <textarea name="note">
hi</textarea>
          <button type="submit" name="decision" value="approve">승인</button>
        </form><a href="/x/?page=2">2</a></body>"""
    )
    assert page.csrf_token == "tok"
    form = page.form_with("amount")
    assert form.htmx and form.hx_target == "#w" and form.action == "/a/"
    assert form.values(amount="5") == [
        ("csrfmiddlewaretoken", "tok2"),
        ("amount", "5"),
        ("on", "on"),
        ("bank", "3"),
        ("note", "hi"),
    ]
    assert form.buttons == [("decision", "approve")]
    assert page.links_matching(r"page=\d") == ["/x/?page=2"]


def test_verdict_fails_on_slow_p95_failures_and_errors():
    def total(p95, failures=0):
        return [Row("", "Aggregated", 100, failures, 50, p95, 400, 500, 10.0)]

    assert verdict(total(300), []) == []
    assert "p95 310 ms > 300 ms" in verdict(total(310), [])[0]
    assert verdict(total(100, failures=1), []) == ["1 failed request(s)"]
    api = Row("POST", "/api/bank/v1/monthly-reports", 10, 0, 40, 101, 120, 130, 1.0)
    assert verdict([*total(100), api], []) == [
        "bank API p95 > 100 ms: POST /api/bank/v1/monthly-reports p95 101 ms"
    ]
    assert (
        verdict([*total(100), Row("GET", "/api/bank/v1/guarantees", 9, 0, 9, 100, 1, 1, 1)], [])
        == []
    )
    assert verdict(total(100), [(2, "boom")]) == ["2 error(s) in the simulated users' journeys"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_locustfile_runs_its_users_for_a_few_seconds(live_server, tmp_path):
    """The locust side (user classes, transport, ramp-up then measured window) against the live
    test server (locust is in the test extra too, so `make test` and CI run this)."""
    # Only look for locust: importing it here would monkey-patch this process with gevent.
    assert importlib.util.find_spec("locust") is not None, "pip install -e '.[test]'"
    import subprocess
    import sys
    from pathlib import Path

    from demo.branches import seed_organisation
    from demo.programs import seed_programs
    from scripts.load.report import read_stats

    seed_organisation()
    seed_programs()
    users = tmp_path / "users.json"
    call_command("load_fixture", applicants=2, reviewers_per_branch=1, per_reviewer=3, out=users)
    root = Path(__file__).resolve().parents[2]
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(root / "scripts" / "load" / "locustfile.py"),
            "--headless",
            "--users",
            "5",  # 2 reviewers, 1 manager, 1 bank system, 1 applicant
            "--spawn-rate",
            "5",
            "--run-time",
            "60s",  # a cap: the measured window below ends the run
            "--host",
            live_server.url,
            "--csv",
            str(tmp_path / "locust"),
            "--only-summary",
        ],
        cwd=root,
        env={
            **os.environ,
            "PYTHONPATH": str(root),
            "LOAD_USERS_FILE": str(users),
            "LOAD_RAMP_UP_FILE": str(tmp_path / "rampup.json"),
            "LOAD_MEASURE_SECONDS": "5",
            "LOAD_REVIEWERS": "2",
            "LOAD_MANAGERS": "1",
            "LOAD_BANK_CLIENTS": "1",
        },
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    ramp_up = json.loads((tmp_path / "rampup.json").read_text(encoding="utf-8"))
    signed_in = next(r for r in ramp_up["rows"] if r["name"] == "/accounts/login/ (POST)")
    assert signed_in["requests"] == 4 and signed_in["failures"] == 0, ramp_up  # the bank: a key
    stats = read_stats(tmp_path / "locust_stats.csv")
    total = next(r for r in stats if r.name == "Aggregated")
    assert total.requests > 0 and total.failures == 0, completed.stderr[-3000:]
    assert any(r.name.startswith("/api/bank/v1/") for r in stats), [r.name for r in stats]
