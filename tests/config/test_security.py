"""Deployment security: `check --deploy` clean with production settings, the CSP header on
every page, and no template that the CSP would break (inline script, style or handlers)."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Rendered by WeasyPrint into PDFs, never served to a browser.
PDF_TEMPLATES = {
    "guarantees/applicant/certificate_pdf.html",
    "programs/courses/certificate_pdf.html",
    "reports/council_report.html",
}


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": "postgres://portal@db/icgf",
        "DJANGO_ALLOWED_HOSTS": "portal.icgf.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_production_settings_harden_cookies_and_transport():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.TRUSTED_PROXY_COUNT)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://portal@db/icgf",
        "DJANGO_ALLOWED_HOSTS": "portal.icgf.example",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["True", "True", "31536000", "True", "True", "True", "True", "1"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/programs/", "/accounts/login/", "/accounts/signup/"])
def test_every_page_carries_a_strict_csp(client, programs, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe" not in policy


@pytest.mark.django_db
def test_staff_pages_and_the_admin_carry_the_csp(client, reviewer, sysadmin):
    client.force_login(reviewer)
    assert "script-src 'self'" in client.get("/guarantees/staff/queue/")["Content-Security-Policy"]
    client.force_login(sysadmin)
    assert "script-src 'self'" in client.get("/admin/")["Content-Security-Policy"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"\shx-on(?::|-)", re.I), "hx-on (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"hx-(?:vals|headers)=['\"]\s*js:", re.I), "hx-vals js: (needs eval)"),
    # An event filter is a `[` right after an event name (`keyup[ctrlKey]`); a `[` inside a
    # `from:` selector (`from:input[type=checkbox]`) is CSS, and needs no eval.
    (re.compile(r"hx-trigger=\"(?:[^\"]*,)?\s*[\w:.-]+\[", re.I), "hx-trigger filter (needs eval)"),
]


def test_no_served_template_needs_what_the_csp_forbids():
    problems = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if name in PDF_TEMPLATES or name.startswith("reports/sections/"):
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"templates/{name}:{line}: {what}")
    assert not problems, "\n".join(problems)


def test_htmx_runs_without_eval_or_injected_styles():
    base = (ROOT / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base and '"allowEval": false' in base
