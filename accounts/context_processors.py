"""Navigation entries for the signed-in user's roles (the header menu)."""

from django.urls import reverse

from .models import Role

_MENU: list[tuple[str, str, frozenset[str]]] = [
    ("보증 상품", "programs:catalogue", frozenset(Role)),
    ("내 신청", "guarantees:my_applications", frozenset({Role.APPLICANT})),
    ("지점 심사함", "guarantees:branch_queue", frozenset({Role.REVIEWER, Role.BRANCH_MANAGER})),
    ("본부 승인함", "guarantees:hq_queue", frozenset({Role.HQ_SALES})),
    ("감사실", "guarantees:audit_queue", frozenset({Role.AUDITOR})),
    ("일일 모니터링", "guarantees:review:monitoring", frozenset({Role.AUDITOR})),
    (
        "사후관리",
        "guarantees:book_home",
        frozenset({Role.HQ_SALES, Role.STRATEGY, Role.REVIEWER, Role.BRANCH_MANAGER, Role.AUDITOR}),
    ),
    ("상담 기록", "guarantees:consultations", frozenset({Role.COUNSELLOR})),
    ("공고·심의", "guarantees:rounds", frozenset({Role.CONTRIBUTOR_OFFICER})),  # issue 13
    ("교육 과정", "courses:list", frozenset({Role.COUNSELLOR})),  # issue 13
    ("내 교육", "courses:mine", frozenset({Role.APPLICANT})),  # issue 13
    (
        "운용배수",
        "ledger:dashboard",
        frozenset({Role.STRATEGY, Role.EXECUTIVE, Role.AUDITOR, Role.HQ_SALES}),
    ),
    (
        "행정사무감사 보고서",
        "reports:council",
        frozenset({Role.STRATEGY, Role.EXECUTIVE, Role.AUDITOR}),
    ),
    (
        "공약 이행",
        "reports:pledges",
        frozenset({Role.STRATEGY, Role.EXECUTIVE, Role.AUDITOR, Role.COUNSELLOR, Role.HQ_SALES}),
    ),
    ("조직 현황", "branches:organisation", frozenset(Role) - {Role.APPLICANT}),
    ("관리자", "admin:index", frozenset({Role.SYSADMIN})),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [("보증 상품", reverse("programs:catalogue"))]}
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    if user.is_staff_member and is_verified is not None and not is_verified():
        # Half-way through the second factor: no menu leads anywhere yet.
        return {"nav_items": [], "primary_role_label": ""}
    roles = user.roles
    items = [(label, reverse(name)) for label, name, allowed in _MENU if roles & allowed]
    return {
        "nav_items": items,
        "primary_role_label": Role(user.primary_role).label if user.primary_role else "",
    }
