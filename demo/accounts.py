"""Demo logins, one per role (listed in the README). Created only by `seed_demo`."""

from __future__ import annotations

import hashlib
import hmac

from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User

DEMO_PASSWORD = "demo-portal-2026"  # nosec B105  # the documented demo login (README), demo data only
DEMO_DEVICE_NAME = "인증 앱 (데모)"
_DEMO_KEY_SALT = b"icgf-demo-otp-2026"


def demo_totp_key(username: str) -> str:
    """A demo staff member's TOTP secret, derived from the username so that a re-seeded
    machine (and `manage.py demo_otp`) gives the same codes. Public by construction: demo only.
    """
    return hmac.new(_DEMO_KEY_SALT, username.encode(), hashlib.sha256).hexdigest()[:40]


# username, email, family name, given name, role, unit code, title
DEMO_USERS = [
    ("applicant", "applicant@demo.icgf.kr", "김", "소상", Role.APPLICANT, None, ""),
    ("applicant2", "applicant2@demo.icgf.kr", "이", "상인", Role.APPLICANT, None, ""),
    ("reviewer", "reviewer@demo.icgf.kr", "박", "심사", Role.REVIEWER, "NAMDONG", "심사역"),
    (
        "reviewer.bupyeong",
        "reviewer.bp@demo.icgf.kr",
        "최",
        "심사",
        Role.REVIEWER,
        "BUPYEONG",
        "심사역",
    ),
    ("manager", "manager@demo.icgf.kr", "서", "지점", Role.BRANCH_MANAGER, "NAMDONG", "지점장"),
    ("hq", "hq@demo.icgf.kr", "강", "영업", Role.HQ_SALES, "SALES_MGMT", "영업관리부 차장"),
    ("auditor", "auditor@demo.icgf.kr", "채", "감사", Role.AUDITOR, "AUDIT", "감사실 과장"),
    (
        "strategy",
        "strategy@demo.icgf.kr",
        "정",
        "기획",
        Role.STRATEGY,
        "STRATEGY",
        "전략기획부 대리",
    ),
    ("counsellor", "counsellor@demo.icgf.kr", "송", "상담", Role.COUNSELLOR, "DIDIMDOL", "상담사"),
    (
        "executive",
        "executive@demo.icgf.kr",
        "이",
        "상임",
        Role.EXECUTIVE,
        "EXEC_DIRECTOR",
        "상임이사",
    ),
    ("admin", "admin@demo.icgf.kr", "관", "리자", Role.SYSADMIN, "STRATEGY", "시스템 관리자"),
    (
        "contributor",
        "contributor@demo.icgf.kr",
        "안",
        "정책",
        Role.CONTRIBUTOR_OFFICER,
        None,
        "인천광역시 소상공인정책과 주무관",
    ),
    (
        "bank.ibk",
        "bank.ibk@demo.icgf.kr",
        "윤",
        "기업",
        Role.BANK_OFFICER,
        None,
        "IBK기업은행 대리",
    ),
    (
        "bank.shinhan",
        "bank.shinhan@demo.icgf.kr",
        "한",
        "신한",
        Role.BANK_OFFICER,
        None,
        "신한은행 대리",
    ),
]
# The contributor each demo contributor officer works for (as in the journal, seed 000/001).
DEMO_CONTRIBUTORS = {"contributor": "인천광역시"}
# The partner bank (programs.Bank code) each demo bank officer belongs to.
DEMO_BANK_OFFICERS = {"bank.ibk": "IBK", "bank.shinhan": "SHINHAN"}


def seed_users(units) -> list[User]:
    """Create the demo users if missing (an existing user's password is left alone)."""
    users = []
    for username, email, last, first, role, unit, title in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "last_name": last,
                "first_name": first,
                "org_unit": units[unit] if unit else None,
                "staff_title": title,
                "is_staff": role == Role.SYSADMIN,
                "is_superuser": role == Role.SYSADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        if user.email_verified_at is None:
            # Demo addresses cannot receive mail: treat them as verified so a demo applicant
            # can submit (guarantees.applicant.services refuses an unverified e-mail).
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        if role != Role.APPLICANT:
            # Staff log in with a second factor: a confirmed authenticator whose codes
            # `manage.py demo_otp USERNAME` prints (DEBUG only).
            TOTPDevice.objects.get_or_create(
                user=user,
                name=DEMO_DEVICE_NAME,
                defaults={"key": demo_totp_key(username), "confirmed": True},
            )
        if username in DEMO_CONTRIBUTORS:
            from guarantees.models import ContributorOfficer

            ContributorOfficer.objects.get_or_create(
                user=user, defaults={"contributor": DEMO_CONTRIBUTORS[username]}
            )
        if username in DEMO_BANK_OFFICERS:
            from guarantees.models import BankOfficer
            from programs.models import Bank

            BankOfficer.objects.get_or_create(
                user=user, defaults={"bank": Bank.objects.get(code=DEMO_BANK_OFFICERS[username])}
            )
        users.append(user)
    return users
