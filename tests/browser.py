"""Helpers for Playwright tests: staff login through the real second factor, and a watch for
Content-Security-Policy violations."""

from __future__ import annotations

import time

PASSWORD = "pw-for-tests-1"

# Reported to the console by the page itself, so that violations a browser does not log
# (report-only, or in frames) are caught too. Playwright injects init scripts past the CSP.
_REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`;
  const element = e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 160) : '';
  console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} ${where} ${element}`);
});
"""


def current_totp(user) -> str:
    """The code the person's authenticator app shows now, waiting for the next 30-second step
    when the current one was already used (the portal refuses a code twice)."""
    from django_otp.oath import totp

    from accounts.twofactor import totp_device

    device = totp_device(user)
    assert device is not None, f"{user} has no authenticator device"
    while (int(time.time()) - device.t0) // device.step + device.drift <= device.last_t:
        time.sleep(0.5)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def login(page, base: str, user, password: str = PASSWORD) -> None:
    """Log in through the login form, and for staff through the 2단계 인증 page."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('로그인')")
    page.wait_for_load_state("networkidle")
    if "/accounts/2fa/verify/" in page.url:
        page.fill("input[name=otp_token]", current_totp(user))
        page.click("button[type=submit]:has-text('확인')")
        page.wait_for_load_state("networkidle")
        assert "/accounts/2fa/" not in page.url, f"second factor refused for {user}"


def watch_csp(page) -> list[str]:
    """Collect every CSP violation the page reports; the caller asserts the list is empty."""
    violations: list[str] = []
    page.add_init_script(_REPORT_VIOLATIONS)

    def record(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            where = message.location or {}
            violations.append(
                f"{page.url} ({where.get('url')}:{where.get('lineNumber')}): {message.text[:120]}"
            )

    page.on("console", record)
    return violations
