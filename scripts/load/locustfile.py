"""Locust user classes for `make load` (scripts/load/run.py starts locust with this file).

The journeys themselves live in scripts/load/journeys.py (shared with the test suite); this
file only gives each simulated person an account from users.json (written by
`manage.py load_fixture`), a think time and the mix of tasks.

Mix of the 50 users (LOAD_REVIEWERS, LOAD_MANAGERS and LOAD_BANK_CLIENTS change it): one
manager, 14 reviewers (two per branch), two bank systems calling the bank API, the rest
applicants. Every simulated person has an account of their own:
a TOTP code is accepted once per account and time step, so two people sharing an account would
refuse each other's sign-in.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import RescheduleTask, StopUser

from scripts.load.journeys import (
    BankSystem,
    Browser,
    JourneyError,
    Reply,
    applicant_autosave,
    applicant_browse_programmes,
    applicant_my_applications,
    applicant_save_draft,
    bank_list_guarantees,
    bank_monthly_report,
    bank_read_guarantee,
    bank_report_repayment,
    login,
    manager_dashboard,
    reviewer_act,
    reviewer_filter_queue,
)

USERS_FILE = Path(os.environ.get("LOAD_USERS_FILE", "var/load/users.json"))
# Where the statistics of the ramp-up (every user signing in) are kept before the measured
# window starts; scripts/load/run.py prints them apart and fails the run on any error in them.
RAMP_UP_FILE = Path(os.environ.get("LOAD_RAMP_UP_FILE", "var/load/locust_rampup.json"))
ACCOUNTS = json.loads(USERS_FILE.read_text(encoding="utf-8")) if USERS_FILE.exists() else {}
_next_account = {"applicants": 0, "reviewers": 0, "managers": 0, "banks": 0}


class NoAccount(JourneyError):
    """More simulated people of a kind than users.json has accounts for."""


def _claim(kind: str) -> dict:
    """The next unused account of this kind (one locust process: no two users share one)."""
    accounts = ACCOUNTS.get(kind, [])
    index = _next_account[kind]
    if index >= len(accounts):
        raise NoAccount(f"users.json has only {len(accounts)} {kind}; run load_fixture with more")
    _next_account[kind] = index + 1
    return accounts[index]


def ramp_up_snapshot(stats) -> dict:
    """The statistics so far, as plain data (the same fields the CSV has)."""

    def entry(e):
        return {
            "method": e.method or "",
            "name": e.name,
            "requests": e.num_requests,
            "failures": e.num_failures,
            "p50": e.get_response_time_percentile(0.5) or 0,
            "p95": e.get_response_time_percentile(0.95) or 0,
            "p99": e.get_response_time_percentile(0.99) or 0,
            "max": e.max_response_time or 0,
            "rps": e.total_rps,
        }

    rows = [entry(e) for _, e in sorted(stats.entries.items())]
    total = entry(stats.total)
    total["name"] = "Aggregated"
    return {
        "rows": [*rows, total],
        "errors": [
            {"method": e.method, "name": e.name, "error": str(e.error), "count": e.occurrences}
            for e in stats.errors.values()
        ],
    }


_run: dict = {"runner": None, "signed_in": 0, "measuring": False}


@events.init.add_listener
def _keep_runner(environment, **kwargs):
    _run["runner"] = environment.runner


def _user_ready() -> None:
    """Called when a user has finished signing in (or given up). When the last one has, the
    ramp-up's figures are kept apart and the measured window starts: statistics reset (as
    locust's --reset-stats does), and the run stops LOAD_MEASURE_SECONDS later.

    Why apart: sign-in is slow by design (PBKDF2, most of a second of CPU each), and fifty of
    them in the first seconds are not what fifty people at work look like. Errors during the
    ramp-up still fail the run (scripts/load/run.py)."""
    _run["signed_in"] += 1
    runner = _run["runner"]
    if _run["measuring"] or _run["signed_in"] < runner.target_user_count:
        return
    _run["measuring"] = True
    RAMP_UP_FILE.parent.mkdir(parents=True, exist_ok=True)
    RAMP_UP_FILE.write_text(
        json.dumps(ramp_up_snapshot(runner.stats), ensure_ascii=False), encoding="utf-8"
    )
    runner.stats.reset_all()
    seconds = float(os.environ.get("LOAD_MEASURE_SECONDS", "0"))
    if seconds:
        gevent.spawn_later(seconds, runner.quit)


class LocustTransport:
    """journeys.Transport over locust's FastHttpSession: every request is one statistics row
    under its journey name; redirects are followed by the journey, hop by hop."""

    def __init__(self, client):
        self.client = client

    def send(self, method, path, *, name, body, headers, expect, contains):
        with self.client.request(
            method,
            path,
            name=name,
            data=body,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            text = response.text or ""
            problem = None
            if response.status_code not in expect:
                problem = f"HTTP {response.status_code}, expected {'/'.join(map(str, expect))}"
            elif contains is not None and contains not in text:
                problem = f"the answer lacks {contains!r}"
            if problem:
                response.failure(problem)
            else:
                response.success()
            location = response.headers.get("Location") if response.headers else None
        if problem:
            raise JourneyError(f"{method} {path}: {problem}")
        return Reply(status=response.status_code, text=text, location=location)


class Person(FastHttpUser):
    abstract = True
    kind = ""
    insecure = True  # the run's self-signed certificate (made by run.py for 127.0.0.1)

    def on_start(self):
        try:
            self.account = _claim(self.kind)
            self.rng = random.Random()  # nosec B311  # load-test think times
            self.browser = Browser(LocustTransport(self.client), origin=self.host.rstrip("/"))
            login(
                self.browser,
                username=self.account["username"],
                password=self.account["password"],
                totp_key=self.account.get("totp_key"),
            )
        except NoAccount as exc:
            self.environment.events.request.fire(
                request_type="SETUP",
                name="account from users.json",
                response_time=0,
                response_length=0,
                exception=exc,
                context={},
            )
            raise StopUser(str(exc)) from exc
        except JourneyError as exc:
            # Never retry a sign-in (lockout counts failures); the failure is recorded.
            raise StopUser(str(exc)) from exc
        finally:
            _user_ready()

    def run_journey(self, journey, **kwargs):
        try:
            return journey(self.browser, self.rng, **kwargs)
        except JourneyError as exc:
            raise RescheduleTask(str(exc)) from exc


class Applicant(Person):
    kind = "applicants"
    weight = 1
    wait_time = between(1, 5)

    @task(4)
    def browse_programmes(self):
        self.run_journey(applicant_browse_programmes)

    @task(3)
    def save_draft(self):
        self.run_journey(applicant_save_draft)

    @task(2)
    def autosave(self):
        self.run_journey(applicant_autosave)

    @task(1)
    def my_applications(self):
        self.run_journey(applicant_my_applications)


class Reviewer(Person):
    kind = "reviewers"
    fixed_count = int(os.environ.get("LOAD_REVIEWERS", "14"))
    wait_time = between(1, 5)

    @task(3)
    def filter_queue(self):
        self.run_journey(reviewer_filter_queue)

    @task(2)
    def act(self):
        if not self.run_journey(reviewer_act, tag=self.account["tag"]):
            # Nothing of this reviewer's own left to act on: load_fixture --per-reviewer was
            # too small for the run's length. Browsing goes on; the run reports it.
            self.environment.events.request.fire(
                request_type="NOTE",
                name="reviewer found nothing to act on",
                response_time=0,
                response_length=0,
                exception=JourneyError("no submitted application left for this reviewer"),
                context={},
            )


class Manager(Person):
    kind = "managers"
    fixed_count = int(os.environ.get("LOAD_MANAGERS", "1"))
    wait_time = between(3, 10)

    @task
    def dashboard(self):
        self.run_journey(manager_dashboard)


class BankApiClient(FastHttpUser):
    """A bank's system on the bank API (issue 12): no sign-in, a Bearer key; lists and reads
    its guarantees, reports repayments and sends a small monthly report."""

    fixed_count = int(os.environ.get("LOAD_BANK_CLIENTS", "2"))
    wait_time = between(0.5, 2)
    insecure = True

    def on_start(self):
        try:
            account = _claim("banks")
            self.rng = random.Random()  # nosec B311  # load-test think times
            self.bank = BankSystem(
                LocustTransport(self.client), key=account["key"], guarantees=account["guarantees"]
            )
        except NoAccount as exc:
            self.environment.events.request.fire(
                request_type="SETUP",
                name="bank key from users.json",
                response_time=0,
                response_length=0,
                exception=exc,
                context={},
            )
            raise StopUser(str(exc)) from exc
        finally:
            _user_ready()

    def run_journey(self, journey):
        try:
            journey(self.bank, self.rng)
        except JourneyError as exc:
            raise RescheduleTask(str(exc)) from exc

    @task(4)
    def list_guarantees(self):
        self.run_journey(bank_list_guarantees)

    @task(3)
    def read_guarantee(self):
        self.run_journey(bank_read_guarantee)

    @task(2)
    def report_repayment(self):
        self.run_journey(bank_report_repayment)

    @task(1)
    def monthly_report(self):
        self.run_journey(bank_monthly_report)
