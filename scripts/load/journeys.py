"""What the load test's simulated people do, written once against a small transport so that
locust (scripts/load/locustfile.py) and the test suite (Django's test client) run the same
journeys. Each step reads the page it got, as a person would: it submits the forms the page
offers and follows the links it shows, so the journeys break when the pages do.

- applicants browse programmes, start or resume a draft and save it (임시저장, and htmx
  autosave), and look at their applications;
- reviewers filter, sort and page their branch queue (htmx, as the browser sends it), open
  applications, and move applications of their own tag one step on through the real POST
  endpoints (서류 확인, 현장조사, 심사표, 승인 요청);
- a manager reads the multiplier dashboard;
- bank systems (issue 12) call the bank API with their key: list and read their guarantees,
  report repayments (each with a fresh Idempotency-Key) and send a small monthly report.

A request that does not answer as the page promised raises JourneyError; the transport has
already recorded it as a failure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import random
import re
import struct
import time
import uuid
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlencode, urljoin, urlsplit
from zoneinfo import ZoneInfo

from .html import Form, Page, parse


class JourneyError(Exception):
    """The application did not answer as a browser expects (already counted as a failure)."""


@dataclass
class Reply:
    status: int
    text: str
    location: str | None


class Transport(Protocol):
    def send(
        self,
        method: str,
        path: str,
        *,
        name: str,
        body: bytes | None,
        headers: dict[str, str],
        expect: tuple[int, ...],
        contains: str | None,
    ) -> Reply:
        """Send one request (no redirect following). Records it under `name`; when the status
        is not in `expect` or the body lacks `contains`, records a failure and raises
        JourneyError."""


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP as django-otp computes it (HMAC-SHA1, 30-second steps, t0 = 0)."""
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


# Request names in the statistics: ids and codes folded so that one page is one row.
_NAME_RULES = [
    (re.compile(r"/\d+/"), "/[id]/"),
    (re.compile(r"^/programs/[^/]+/$"), "/programs/[code]/"),
    (re.compile(r"/apply/start/[^/]+/$"), "/apply/start/[code]/"),
]


def request_name(path: str) -> str:
    name = urlsplit(path).path
    for pattern, replacement in _NAME_RULES:
        name = pattern.sub(replacement, name)
    return name


def _multipart(pairs: list[tuple[str, str]]) -> tuple[bytes, str]:
    """multipart/form-data as a browser sends a form with enctype=multipart (no file chosen:
    an empty file part per file input is not needed by Django)."""
    boundary = f"----load{uuid.uuid4().hex}"
    chunks = []
    for name, value in pairs:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode(), f"multipart/form-data; boundary={boundary}"


@dataclass
class Browser:
    """One person's browser: cookies live in the transport; this keeps the page in view and
    the CSRF token htmx would send."""

    transport: Transport
    origin: str  # scheme://host:port, for Origin / Referer (Django checks them over HTTPS)
    current: str = "/"
    csrf_token: str | None = None

    # --- plain navigation -------------------------------------------------------------------
    def get(self, path: str, *, name: str | None = None, contains: str | None = None) -> Page:
        reply = self.transport.send(
            "GET",
            path,
            name=name or request_name(path),
            body=None,
            headers={"Referer": self.origin + self.current},
            expect=(200, 301, 302),
            contains=None,
        )
        return self._arrive(path, reply, contains=contains)

    def _arrive(self, path: str, reply: Reply, *, contains: str | None = None) -> Page:
        """Follow redirects as the browser does, each hop recorded under its own name."""
        hops = 0
        while reply.status in (301, 302, 303):
            hops += 1
            if hops > 5 or not reply.location:
                raise JourneyError(f"too many redirects from {path}")
            path = urljoin(path, reply.location)
            reply = self.transport.send(
                "GET",
                path,
                name=request_name(path),
                body=None,
                headers={"Referer": self.origin + self.current},
                expect=(200, 301, 302),
                contains=None,
            )
        if contains is not None and contains not in reply.text:
            raise JourneyError(f"{path}: the page does not show {contains!r}")
        self.current = path
        page = parse(reply.text)
        if page.csrf_token:
            self.csrf_token = page.csrf_token
        return page

    def submit(
        self,
        form: Form,
        pairs: list[tuple[str, str]],
        *,
        name: str | None = None,
        expect: tuple[int, ...] = (302, 303),
        contains: str | None = None,
    ) -> Page:
        """Submit a form the plain way (full page, redirect after POST)."""
        path = urljoin(self.current, form.action or self.current)
        if form.enctype.startswith("multipart/"):
            body, content_type = _multipart(pairs)
        else:
            body, content_type = urlencode(pairs).encode(), "application/x-www-form-urlencoded"
        reply = self.transport.send(
            form.method.upper(),
            path,
            name=name or request_name(path),
            body=body,
            headers={
                "Content-Type": content_type,
                "Origin": self.origin,
                "Referer": self.origin + self.current,
            },
            expect=expect,
            contains=None,
        )
        return self._arrive(path, reply, contains=contains)

    # --- htmx -------------------------------------------------------------------------------
    def _htmx_headers(self, target: str | None) -> dict[str, str]:
        headers = {
            "HX-Request": "true",
            "HX-Current-URL": self.origin + self.current,
            "Referer": self.origin + self.current,
        }
        if target:
            headers["HX-Target"] = target.lstrip("#")
        if self.csrf_token:
            headers["X-CSRFToken"] = self.csrf_token
        return headers

    def hx_get(
        self, path: str, *, target: str, name: str | None = None, contains: str | None = None
    ) -> Page:
        reply = self.transport.send(
            "GET",
            path,
            name=name or f"{request_name(path)} (htmx)",
            body=None,
            headers=self._htmx_headers(target),
            expect=(200,),
            contains=contains,
        )
        return parse(reply.text)

    def hx_post(
        self,
        path: str,
        pairs: list[tuple[str, str]],
        *,
        target: str | None,
        name: str | None = None,
        contains: str | None = None,
    ) -> Page:
        headers = self._htmx_headers(target)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = self.origin
        reply = self.transport.send(
            "POST",
            urljoin(self.current, path),
            name=name or f"{request_name(path)} (htmx)",
            body=urlencode(pairs).encode(),
            headers=headers,
            expect=(200,),
            contains=contains,
        )
        return parse(reply.text)


# ---------------------------------------------------------------------------------------------
# logging in


def login(browser: Browser, *, username: str, password: str, totp_key: str | None) -> Page:
    """The whole sign-in, as a browser does it: the login form, then — for staff once two-factor
    authentication is on — the code page (field `otp_token`), then the role's home page.

    A refused password is never retried (django-axes would count it toward a lockout)."""
    page = browser.get("/accounts/login/", name="/accounts/login/")
    form = page.form_with("username")
    if form is None:
        raise JourneyError("the login page has no username field")
    page = browser.submit(
        form,
        form.values(username=username, password=password),
        name="/accounts/login/ (POST)",
        expect=(302,),
    )
    code_form = page.form_with("otp_token")
    if code_form is not None:
        if not totp_key:
            raise JourneyError(f"{username}: the portal asks for a code and no TOTP key is known")
        page = browser.submit(
            code_form,
            code_form.values(otp_token=totp(totp_key)),
            name=f"{request_name(browser.current)} (POST)",
            expect=(302,),
        )
    if page.form_with("password") is not None or page.form_with("otp_token") is not None:
        raise JourneyError(f"{username}: still on a sign-in page after logging in")
    return page


# ---------------------------------------------------------------------------------------------
# applicants


PROGRAMS_WITH_DRAFTS = ("ALLEY", "COVID19")  # the load businesses are eligible for these
PURPOSES = ["원재료 구입", "임차료", "인건비", "운전자금(재료비·임차료)", "시설 보수"]


def applicant_browse_programmes(browser: Browser, rng: random.Random) -> None:
    page = browser.get("/programs/", contains="보증")
    details = page.links_matching(r"^/programs/[A-Z0-9_]+/$")
    if not details:
        raise JourneyError("the catalogue lists no programme")
    browser.get(rng.choice(details))


def _open_draft(browser: Browser, rng: random.Random) -> Page:
    """From a programme page: 신청하기 (start) or 이어서 작성하기 (resume) → the draft form."""
    code = rng.choice(PROGRAMS_WITH_DRAFTS)
    page = browser.get(f"/programs/{code}/")
    start = page.form_posting_to(r"/guarantees/apply/start/")
    if start is not None:
        return browser.submit(start, start.values(), contains="신청서")
    resume = page.links_matching(r"^/guarantees/apply/\d+/edit/$")
    if not resume:
        raise JourneyError(f"/programs/{code}/ offers neither 신청하기 nor 이어서 작성하기")
    return browser.get(resume[0], contains="신청서")


def _draft_values(form: Form, rng: random.Random) -> dict[str, str]:
    banks = [v for v in form.options.get("bank", []) if v]
    terms = [v for v in form.options.get("term_months", []) if v]
    return {
        "amount": f"{rng.randrange(1000, 2001, 50) * 10_000:,}",
        "purpose": rng.choice(PURPOSES),
        "bank": rng.choice(banks) if banks else "",
        "term_months": rng.choice(terms) if terms else "",
    }


def applicant_save_draft(browser: Browser, rng: random.Random) -> None:
    """Open (or start) a draft, type the fields, 임시저장 → the form again with 저장됨."""
    page = _open_draft(browser, rng)
    form = page.form_with("amount")
    if form is None:
        raise JourneyError(f"{browser.current}: no application form")
    browser.submit(
        form,
        form.values(**_draft_values(form, rng), save="1"),
        name="/guarantees/apply/[id]/edit/ (임시저장)",
        contains="저장됨",
    )


def applicant_autosave(browser: Browser, rng: random.Random) -> None:
    """Type into an open draft: htmx posts the fields a second after typing stops."""
    page = _open_draft(browser, rng)
    form = page.form_with("amount")
    if form is None:
        raise JourneyError(f"{browser.current}: no application form")
    values = _draft_values(form, rng)
    edit_path = urlsplit(browser.current).path
    browser.hx_post(
        edit_path.replace("/edit/", "/autosave/"),
        list(values.items()),
        target="save-status",
        contains="저장됨",
    )


def applicant_my_applications(browser: Browser, rng: random.Random) -> None:
    browser.get("/guarantees/apply/", contains="내 신청")


# ---------------------------------------------------------------------------------------------
# reviewers

QUEUE = "/guarantees/staff/queue/"
QUEUE_SORTS = ["waiting", "-waiting", "-amount", "amount", "business", "status"]
QUEUE_STATUSES = [
    "",
    "submitted",
    "docs_verified",
    "field_survey",
    "screening",
    "awaiting_approval",
]
# What a reviewer can move on, latest step first (finishing work before starting new work).
ACTIONABLE = ["screening", "field_survey", "docs_verified", "submitted"]
# The forward steps of the application page, in the order a reviewer takes them when a page
# offers two (at 보증심사 with a saved scorecard: 승인 요청, not saving the scorecard again).
ACTION_STEPS = ["send", "screening", "survey", "survey/start", "verify"]
APPLICATION_LINK = r"^/guarantees/staff/review/applications/\d+/$"


def _next_weekday() -> dt.date:
    day = dt.datetime.now(ZoneInfo("Asia/Seoul")).date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def reviewer_filter_queue(browser: Browser, rng: random.Random) -> None:
    """The branch queue, then a few filter / sort / page changes as htmx swaps, then one
    application opened from the list."""
    page = browser.get(QUEUE, contains="심사함")
    form = page.form_with("sort")
    if form is None:
        raise JourneyError("the queue has no filter form")
    for _ in range(rng.randint(1, 3)):
        query = {"sort": rng.choice(QUEUE_SORTS), "status": rng.choice(QUEUE_STATUSES)}
        if rng.random() < 0.3:
            programs = [v for v in form.options.get("program", []) if v]
            if programs:
                query["program"] = rng.choice(programs)
        if rng.random() < 0.2:
            query["amount_min"] = "1000만"
        results = browser.hx_get(
            f"{QUEUE}?{urlencode(query)}", target="queue-results", name=f"{QUEUE} (htmx filter)"
        )
        pages = results.links_matching(r"[?&]page=\d+")
        if pages and rng.random() < 0.6:
            results = browser.hx_get(
                urljoin(QUEUE, rng.choice(pages)),
                target="queue-results",
                name=f"{QUEUE} (htmx page)",
            )
        rows = results.links_matching(APPLICATION_LINK)
    if rows:
        browser.get(rng.choice(rows), contains="처리")


def _screening_values(form: Form, rng: random.Random) -> dict[str, str]:
    values = {
        name: rng.choice([v for v in options if v])
        for name, options in form.options.items()
        if name.startswith("factor_") and any(options)
    }
    values["comment"] = "매출이 안정적이고 상환 능력이 양호합니다. (부하시험)"
    return values


def reviewer_act(browser: Browser, rng: random.Random, *, tag: str) -> bool:
    """Find an application of this reviewer's own tag that waits for a reviewer, open it and
    take the step its page offers. Returns False when none is left to act on."""
    rows: list[str] = []
    for status in ACTIONABLE:
        results = browser.hx_get(
            f"{QUEUE}?{urlencode({'q': tag, 'status': status, 'sort': 'waiting'})}",
            target="queue-results",
            name=f"{QUEUE} (htmx search)",
        )
        rows = results.links_matching(APPLICATION_LINK)
        if rows:
            break
    if not rows:
        return False
    page = browser.get(rows[0], contains="처리")
    for _ in range(2):  # 심사표 저장 is followed on the same page by 승인 요청
        offered = [
            (step, page.form_posting_to(rf"/applications/\d+/{step}/$")) for step in ACTION_STEPS
        ]
        step, form = next(((s, f) for s, f in offered if f is not None), (None, None))
        if form is None:
            raise JourneyError(f"{browser.current}: no action offered to the branch reviewer")
        overrides: dict[str, str] = {}
        if form.has_field("findings"):
            overrides["findings"] = "사업장 정상 영업 확인, 재고·설비 양호 (부하시험)"
        if form.has_field("note"):
            overrides["note"] = "서류 이상 없음 (부하시험)"
        if form.has_field("visit_date"):  # 현장조사 시작: the appointment, the next weekday
            overrides.update(visit_date=_next_weekday().isoformat(), visit_time="10:00")
        if form.has_field("comment"):
            overrides.update(_screening_values(form, rng))
        page = browser.hx_post(
            form.action,
            form.values(**overrides),
            target=form.hx_target,
            name=f"/guarantees/staff/review/applications/[id]/{step}/ (htmx)",
            contains="notice success",
        )
        if step != "screening":
            break
    return True


# ---------------------------------------------------------------------------------------------
# managers


def manager_dashboard(browser: Browser, rng: random.Random) -> None:
    browser.get("/ledger/dashboard/", contains="운용배수")


# ----------------------------------------------------------------------------- bank API

BANK_API = "/api/bank/v1"


@dataclass
class BankSystem:
    """A bank's system: its API key and its own guarantees (users.json "banks")."""

    transport: Transport
    key: str
    guarantees: list[str]

    def call(self, method: str, path: str, *, name: str, body=None, expect=(200,)) -> dict:
        headers = {"Authorization": f"Bearer {self.key}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
            headers["Idempotency-Key"] = str(uuid.uuid4())
        reply = self.transport.send(
            method,
            BANK_API + path,
            name=BANK_API + name,
            body=data,
            headers=headers,
            expect=expect,
            contains=None,
        )
        try:
            return json.loads(reply.text)
        except ValueError as exc:
            raise JourneyError(f"{method} {path}: the answer is not JSON") from exc


def bank_list_guarantees(bank: BankSystem, rng: random.Random) -> None:
    page = bank.call("GET", "/guarantees", name="/guarantees")
    if not isinstance(page.get("items"), list):
        raise JourneyError("GET /guarantees: no items")


def bank_read_guarantee(bank: BankSystem, rng: random.Random) -> None:
    no = rng.choice(bank.guarantees)
    body = bank.call("GET", f"/guarantees/{no}", name="/guarantees/[no]")
    if body.get("guarantee_no") != no:
        raise JourneyError(f"GET /guarantees/{no}: another guarantee came back")


def bank_report_repayment(bank: BankSystem, rng: random.Random) -> None:
    """A 1,000-won principal repayment, the loan still running (balance > 0)."""
    no = rng.choice(bank.guarantees)
    body = bank.call(
        "POST",
        f"/guarantees/{no}/repayments",
        name="/guarantees/[no]/repayments",
        body={
            "paid_on": dt.date.today().isoformat(),
            "loan_principal_krw": 1_000,
            "loan_balance_krw": 1_000_000_000,
        },
        expect=(201,),
    )
    if body.get("kind") != "repayment":
        raise JourneyError(f"POST repayment of {no}: {body}")


def bank_monthly_report(bank: BankSystem, rng: random.Random) -> None:
    """Last month's balances of the bank's own guarantees (a small report)."""
    last_month = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    body = bank.call(
        "POST",
        "/monthly-reports",
        name="/monthly-reports",
        body={
            "month": last_month.strftime("%Y-%m"),
            "rows": [
                {"guarantee_no": no, "loan_balance_krw": 9_999_000_000} for no in bank.guarantees
            ],
        },
        expect=(201,),
    )
    if body.get("row_count") != len(bank.guarantees):
        raise JourneyError(f"POST /monthly-reports: {body}")
