"""Where each role lands after login: the page it works from."""

from .models import Role

HOME_URL_NAMES: dict[str, str] = {
    Role.APPLICANT: "guarantees:my_applications",
    Role.REVIEWER: "guarantees:branch_queue",
    Role.BRANCH_MANAGER: "guarantees:branch_queue",
    Role.HQ_SALES: "guarantees:hq_queue",
    Role.AUDITOR: "guarantees:audit_queue",
    Role.STRATEGY: "ledger:dashboard",
    Role.EXECUTIVE: "ledger:dashboard",
    Role.COUNSELLOR: "guarantees:consultations",
    Role.SYSADMIN: "admin:index",
    Role.BANK_OFFICER: "guarantees:bank_desk:guarantees",
    Role.CONTRIBUTOR_OFFICER: "guarantees:contributor_home",
}
