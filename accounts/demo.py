"""Demo logins, one per role (listed in the README). Created only by `seed_demo`."""

from __future__ import annotations

from django.contrib.auth.models import Group

from .models import Role, User

DEMO_PASSWORD = "demo-portal-2026"

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
]


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
        users.append(user)
    return users
