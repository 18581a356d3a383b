"""The load test's people and work (`manage.py load_fixture`, called by `make load`).

Creates, on top of `seed_demo`'s organisation and programmes:

- applicants `load.applicant.NN`, each with an email already verified and one business that is
  eligible for the 골목상권 and 코로나19 programmes (so the applicant journey can start drafts);
- reviewers `load.reviewer.<BRANCH>.<k>` in every branch, and one manager `load.manager`
  (전략기획부, who watches the multiplier dashboard);
- for every reviewer, submitted applications whose tracking numbers carry the reviewer's tag
  (`LOAD-NAMDONG-1-00001`): a reviewer searches the branch queue for their own tag, so two
  simulated reviewers never act on the same application at the same moment. Each run tops the
  stock of *submitted* applications back up to `per_reviewer`, so repeated runs never run dry.

- for the bank API clients (issue 12): a bank of its own (`LOADBANK`, 부하시험은행, so that a
  small monthly report is reconciled against a small book, not the demo book of a real bank),
  `GUARANTEES_PER_BANK_CLIENT` guarantees per client brought in through the book importer
  (counted as executed on their issue date, with a loan large enough for years of 1,000-won
  repayments), and one fresh API key per client (the previous run's load keys are revoked).

Every account gets the same known password; staff get a confirmed TOTP device when django-otp
is installed (the key goes to users.json so the load script can compute codes). Idempotent:
users are keyed by username, applications by tracking number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from branches.models import District, OrgUnit, UnitKind
from common.korean import with_particle
from demo.guarantees import valid_brn
from guarantees.bank.keys import api_key_issue, api_key_revoke
from guarantees.book.loader import import_tables
from guarantees.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    BankApiKey,
    Business,
    Guarantee,
)
from programs.models import Bank, Industry, Program

LOAD_PASSWORD = "load-portal-2026"  # nosec B105  # the documented load-test login, refused outside demo data
EMAIL_DOMAIN = "load.icgf.kr"
TRACKING_PREFIX = "LOAD"
# The programmes every load business is eligible for (traditional market, restaurant, sales
# drop ≥ 10 %): the applicant journey starts drafts in them, reviewers work applications in them.
PROGRAM_CODES = ("ALLEY", "COVID19")
MAN = 10_000
LOAD_BANK_CODE, LOAD_BANK_NAME = "LOADBANK", "부하시험은행"
BANK_KEY_LABEL = "load-test"
GUARANTEES_PER_BANK_CLIENT = 5
BANK_LOAN_KRW = 10_000_000_000  # 100억: a 1,000-won repayment per call never runs it out


@dataclass
class Credentials:
    username: str
    password: str
    role: str
    branch: str | None = None
    tag: str | None = None  # reviewers: the tracking-number prefix of their own applications
    totp_key: str | None = None  # hex, as django-otp stores it


@dataclass
class BankClient:
    """One bank system of the load test: its API key (shown once) and its own guarantees."""

    key: str
    bank: str
    guarantees: list[str]


@dataclass
class FixtureResult:
    applicants: list[Credentials] = field(default_factory=list)
    reviewers: list[Credentials] = field(default_factory=list)
    managers: list[Credentials] = field(default_factory=list)
    banks: list[BankClient] = field(default_factory=list)
    applications_created: int = 0
    submitted_by_tag: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        def rows(items):
            return [vars(c) for c in items]

        return {
            "password_note": "부하시험 전용 계정입니다. 운영 데이터베이스에 만들지 마세요.",  # nosec B105  # a message, not a password
            "applicants": rows(self.applicants),
            "reviewers": rows(self.reviewers),
            "managers": rows(self.managers),
            "banks": rows(self.banks),
        }


def _user(username: str, role: str, unit: OrgUnit | None, title: str, password_hash: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@{EMAIL_DOMAIN}",
            "last_name": "부하",
            "first_name": "시험",
            "org_unit": unit,
            "staff_title": title,
            "email_verified_at": timezone.now(),
        },
    )
    if user.password != password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    return user


def _totp_key(user: User) -> str | None:
    """A confirmed authenticator for a staff account, when two-factor login is installed.

    The device's last accepted time step is reset so that a code taken by the previous run
    within the same 30 seconds is not refused as a replay."""
    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="부하시험", confirmed=True)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return device.key


def _applicant_business(
    owner: User, number: int, district: District, industry, brns: _BrnSource
) -> Business:
    business = Business.objects.filter(owner=owner).first()
    if business is not None:
        return business
    business, _ = Business.objects.get_or_create(
        owner=owner,
        defaults={
            "business_no": brns.take(),
            "name": f"부하시험 상회 {number:03d}",
            "representative_name": "부하시험",
            "representative_birth_date": dt.date(1980, 1, 1),
            "industry": industry,
            "opened_on": dt.date(2019, 3, 1),
            "sido": district.sido,
            "district": district,
            "road_address": f"{district.sido} {district.name} 시험로 {number}",
            "employees": 3,
            "last_year_sales_krw": 240_000_000,
            "credit_score": 760,
            "in_traditional_market": True,
            "hired_last_year": 1,
            "covid_sales_drop_pct": Decimal("20.0"),
        },
    )
    return business


class _BrnSource:
    """Valid 사업자등록번호 from the 99x range (the synthetic book does not use it), continuing
    after the highest one already there, so that numbers never collide across runs."""

    FIRST = 990_000_000  # the first nine digits

    def __init__(self) -> None:
        last = (
            Business.objects.filter(business_no__startswith="99")
            .order_by("-business_no")
            .values_list("business_no", flat=True)
            .first()
        )
        self.next = int(last.replace("-", "")[:9]) + 1 if last else self.FIRST

    def take(self) -> str:
        brn = valid_brn(f"{self.next:09d}")
        self.next += 1
        return brn


def _top_up(
    *,
    tag: str,
    branch: OrgUnit,
    district: District,
    owner: User,
    programs: list[Program],
    industry,
    per_reviewer: int,
    brns: _BrnSource,
    reviewer: User,
    to_verify: list,
) -> tuple[int, int]:
    """Bring the reviewer's stock of submitted applications back to `per_reviewer`.
    Returns (created, submitted now)."""
    mine = Application.objects.filter(tracking_no__startswith=tag)
    waiting = mine.filter(status=ApplicationStatus.SUBMITTED).count()
    missing = max(per_reviewer - waiting, 0)
    if not missing:
        return 0, waiting
    last = mine.order_by("-tracking_no").values_list("tracking_no", flat=True).first()
    start = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    now = timezone.now()
    created = 0
    for serial in range(start, start + missing):
        program = programs[serial % len(programs)]
        # Half the businesses declare a credit score above the survey-skip bar, and the
        # bureau's report (recorded by the reviewer after this transaction) confirms it:
        # their documents check skips the field survey, the others go through it.
        credit = 760 if serial % 2 else 650
        business = Business.objects.create(
            owner=owner,
            business_no=brns.take(),
            name=f"부하시험 {tag[5:]} {serial:05d}",
            representative_name="부하시험",
            representative_birth_date=dt.date(1982, 6, 1),
            industry=industry,
            opened_on=dt.date(2018, 5, 1),
            sido=district.sido,
            district=district,
            road_address=f"{district.sido} {district.name} 부하로 {serial}",
            employees=2,
            last_year_sales_krw=180_000_000,
            credit_score=credit,
            in_traditional_market=True,
            hired_last_year=1,
            covid_sales_drop_pct=Decimal("25.0"),
        )
        application = Application.objects.create(
            tracking_no=f"{tag}{serial:05d}",
            business=business,
            applicant=owner,
            program=program,
            branch=branch,
            status=ApplicationStatus.SUBMITTED,
            amount_krw=min(1500 * MAN, program.per_business_limit_krw),
            purpose="운전자금(재료비·임차료)",
            term_months=program.term_months,
            submitted_at=now - dt.timedelta(days=serial % 20, minutes=serial),
        )
        ApplicationEvent.objects.create(
            application=application,
            actor=owner,
            action="submit",
            from_status=ApplicationStatus.DRAFT,
            to_status=ApplicationStatus.SUBMITTED,
        )
        if credit >= 700:
            to_verify.append((application, reviewer, credit))
        created += 1
    return created, waiting + created


def _bank_clients(count: int, branch: OrgUnit, brns: _BrnSource) -> list[BankClient]:
    """The load bank, its guarantees (through the book importer, once) and fresh keys."""
    bank, _ = Bank.objects.get_or_create(code=LOAD_BANK_CODE, defaults={"name": LOAD_BANK_NAME})
    for old in BankApiKey.objects.filter(bank=bank, label=BANK_KEY_LABEL, revoked_at=None):
        api_key_revoke(prefix=old.prefix)
    today = timezone.localdate()
    numbers = [
        [f"LOAD-BANK-{c}-{i:03d}" for i in range(1, GUARANTEES_PER_BANK_CLIENT + 1)]
        for c in range(1, count + 1)
    ]
    wanted = [no for group in numbers for no in group]
    there = set(
        Guarantee.objects.filter(guarantee_no__in=wanted).values_list("guarantee_no", flat=True)
    )
    rows = [
        (
            no,
            brns.take(),
            f"부하시험상회 {no}",
            branch.code,
            "",
            bank.name,
            today - dt.timedelta(days=30),
            today.replace(year=today.year + 5),
            BANK_LOAN_KRW,
            "100",
            "1.0",
        )
        for no in wanted
        if no not in there
    ]
    if rows:
        import_tables({"base_assets": [], "guarantees": rows, "events": []})
    return [
        BankClient(
            key=api_key_issue(bank=bank, label=BANK_KEY_LABEL).key,
            bank=bank.code,
            guarantees=group,
        )
        for group in numbers
    ]


def load_fixture(
    *, applicants: int, reviewers_per_branch: int, per_reviewer: int, bank_clients: int = 2
) -> FixtureResult:
    """Create (or refresh) the load test's users and applications. See the module docstring."""
    result = FixtureResult()
    branches = list(
        OrgUnit.objects.filter(kind=UnitKind.BRANCH, districts__isnull=False)
        .distinct()
        .order_by("code")
    )
    if not branches:
        raise LookupError("지점이 없습니다. 먼저 `manage.py seed_demo`를 실행해 주세요.")
    programs = list(Program.objects.filter(code__in=PROGRAM_CODES).order_by("code"))
    if len(programs) != len(PROGRAM_CODES):
        raise LookupError(
            f"보증 상품 {with_particle(', '.join(PROGRAM_CODES), '이')} 없습니다. 먼저 `manage.py seed_demo`를 실행해 주세요."
        )
    industry = Industry.objects.get(code="I56")
    districts = {b.pk: District.objects.filter(branch=b).order_by("name").first() for b in branches}
    strategy = OrgUnit.objects.get(code="STRATEGY")

    # One hash for every load account: the production hasher takes most of a second per
    # password, and hashing each of ~55 accounts on every run would dominate the command.
    password_hash = make_password(LOAD_PASSWORD)
    to_verify: list = []
    with transaction.atomic():
        brns = _BrnSource()
        for n in range(1, applicants + 1):
            user = _user(f"load.applicant.{n:02d}", Role.APPLICANT, None, "", password_hash)
            branch = branches[n % len(branches)]
            _applicant_business(user, n, districts[branch.pk], industry, brns)
            result.applicants.append(Credentials(user.username, LOAD_PASSWORD, Role.APPLICANT))

        owner = _user("load.pipeline", Role.APPLICANT, None, "", password_hash)
        for branch in branches:
            for k in range(1, reviewers_per_branch + 1):
                user = _user(
                    f"load.reviewer.{branch.code.lower()}.{k}",
                    Role.REVIEWER,
                    branch,
                    "심사역",
                    password_hash,
                )
                tag = f"{TRACKING_PREFIX}-{branch.code}-{k}-"
                created, waiting = _top_up(
                    tag=tag,
                    branch=branch,
                    district=districts[branch.pk],
                    owner=owner,
                    programs=programs,
                    industry=industry,
                    per_reviewer=per_reviewer,
                    brns=brns,
                    reviewer=user,
                    to_verify=to_verify,
                )
                result.applications_created += created
                result.submitted_by_tag[tag] = waiting
                result.reviewers.append(
                    Credentials(
                        user.username,
                        LOAD_PASSWORD,
                        Role.REVIEWER,
                        branch=branch.code,
                        tag=tag,
                        totp_key=_totp_key(user),
                    )
                )

        result.banks = _bank_clients(bank_clients, branches[0], brns)

        manager = _user("load.manager", Role.STRATEGY, strategy, "전략기획부 과장", password_hash)
        result.managers.append(
            Credentials(manager.username, LOAD_PASSWORD, Role.STRATEGY, totp_key=_totp_key(manager))
        )
    # The verified credit grades, each through the service (its own transaction).
    from demo.credit import record_demo_credit

    for application, reviewer, score in to_verify:
        record_demo_credit(application, reviewer, score)
    return result
