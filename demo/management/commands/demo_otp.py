"""Print a demo staff member's current 2단계 인증 code (development only).

    python manage.py demo_otp reviewer

Refuses unless DEBUG is on, and only for the demo authenticators `seed_demo` made (whose keys
are derived from the username): it can never read a real person's code.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.accounts import DEMO_DEVICE_NAME, demo_totp_key

# A code with fewer seconds left than this is hard to type in time: print the next one, which
# the portal already accepts (TOTPDevice.tolerance is 1 step either side).
MIN_SECONDS_LEFT = 10


def code_to_print(device, now: float) -> tuple[int, int]:
    """(code, seconds it stays valid): the current code, or the next step's when fewer than
    MIN_SECONDS_LEFT seconds of the current one are left (then valid for those + one step)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = now
    left = device.step - int(now - device.t0) % device.step
    if left < MIN_SECONDS_LEFT and device.tolerance >= 1:
        clock.time = now + device.step
        left += device.step * device.tolerance
    return clock.token(), left


class Command(BaseCommand):
    help = "데모 직원 계정의 현재 2단계 인증 코드를 보여 줍니다(DEBUG 전용)."
    # Printing a code needs the database only: skipping the system checks (which import every
    # URLconf, WeasyPrint included) takes the command from ~1.5 s to ~0.8 s.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("username", help="데모 직원 아이디 (예: reviewer, manager, admin)")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_otp는 개발용(DEBUG=True)에서만 씁니다. 운영 중인 포털에서는 쓸 수 없습니다."
            )
        device = TOTPDevice.objects.filter(
            user__username=username, name=DEMO_DEVICE_NAME, confirmed=True
        ).first()
        if device is None or device.key != demo_totp_key(username):
            raise CommandError(
                f"‘{username}’에게는 seed_demo가 만든 데모 인증 앱이 없습니다. "
                "데모 직원 아이디(reviewer, manager, hq, auditor, strategy, counsellor, "
                "executive, admin …)를 입력하세요."
            )
        code, left = code_to_print(device, time.time())
        self.stdout.write(f"{code:0{device.digits}d}")
        self.stderr.write(f"{username}의 인증 코드 — {left}초 동안 유효, 한 번만 쓸 수 있습니다.")
