"""Guro-gu's programme in the demo (issue 13 parts 4 and 5, seed 003), through the services.

- 구로구 보증특례지원 (소상공인): 5억 booked from 구로구 as a district contribution to the
  programme (so capacity = 5억 × 10 = 50억, computed from the journal), up to 5천만원 per
  business, 우리은행, applications only in the January and July calls (공고);
- 구로구 기금운용심의위원회 (5 members, quorum 3) meets after each call: attendance and
  minutes, each present member's vote per application, the selected list within the call's
  budget, the bank's final check on the selected (some approved, one declined);
- the 디딤돌센터's 소상공인 창업 아카데미 (2025 하반기, 2026 상반기): sessions, enrolment,
  attendance, completion; the programme's rule "completed 창업 아카데미 within 12 months".

Everything is dated in the current year (and November of the year before), after the books of
seed 001: the 2019/2020 figures do not move, and no guarantee is booked. Applications are new
rows of their own applicants (guro1…guro9), submitted on their call's dates. Idempotent: a
second run finds the programme's calls decided and changes nothing.

`seed_guro_rounds()` is called once from `manage.py seed_demo`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from demo.accounts import DEMO_DEVICE_NAME, DEMO_PASSWORD, demo_totp_key
from demo.guarantees import valid_brn
from guarantees.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Business,
    CallRound,
    CommitteeMember,
    ContributorOfficer,
    FundCommittee,
)
from guarantees.rounds import services as rounds
from ledger.services import contribution_record
from programs.courses import services as courses
from programs.courses.models import Course
from programs.models import (
    Bank,
    EligibilityRule,
    FeePayment,
    Industry,
    Program,
    ProgramStatus,
    RequiredDocument,
    RuleField,
    RuleOperator,
)

EOK = 100_000_000
MAN = 10_000
CODE = "GURO"
CONTRIBUTOR = "구로구"
ACADEMY_CODES = ("GURO-STARTUP-2025B", "GURO-STARTUP-2026A")

MEMBERS = [
    ("박정우", "구로구 부구청장", True),
    ("김서연", "구로구의회 의원", False),
    ("이도윤", "구로구상공회 회장", False),
    ("최하은", "세무사", False),
    ("정민준", "서울신용보증재단 구로지점장", False),
]

# username, business, first nine digits of the 사업자등록번호, amount, call (1 = Jan, 7 = Jul),
# present members' votes ("f"/"a"/"x" per member in MEMBERS order, "-" absent), selected,
# bank answer (True / False / None = not yet), the bank's words
APPLICANTS = [
    ("guro1", "구로 디지털 공방", "113812001", 5000 * MAN, 1, "ffff-", True, True, ""),
    ("guro2", "신도림 분식", "113812002", 3000 * MAN, 1, "fffa-", True, True, ""),
    ("guro3", "개봉동 세탁소", "113812003", 2000 * MAN, 1, "ffaa-", False, None, ""),
    (
        "guro4",
        "오류동 꽃집",
        "113812004",
        4000 * MAN,
        1,
        "ffff-",
        True,
        False,
        "담보 자격 심사 부적격: 최근 6개월 연체 이력",
    ),
    ("guro5", "가리봉 수선집", "113812005", 3000 * MAN, 1, "fffx-", True, True, ""),
    ("guro6", "고척 커피로스터리", "113812006", 5000 * MAN, 7, "f-fff", True, True, ""),
    ("guro7", "구일 전자수리", "113812007", 2500 * MAN, 7, "f-ffa", True, True, ""),
    ("guro8", "항동 제과점", "113812008", 4000 * MAN, 7, "f-aaf", False, None, ""),
    ("guro9", "천왕 반찬가게", "113812009", 3500 * MAN, 7, "f-fff", True, None, ""),
]
OWNER_NAMES = [
    ("한", "지우"),
    ("오", "서준"),
    ("강", "예린"),
    ("윤", "도현"),
    ("장", "수아"),
    ("임", "하준"),
    ("서", "지안"),
    ("신", "유준"),
    ("권", "채원"),
]
# 1월: the four selected ask 1.5억 together, the call's whole budget; 7월: 1.1억 of 1.2억
BUDGETS = {1: 15 * EOK // 10, 7: 12 * EOK // 10}  # 1.5억, 1.2억


def _user(username: str, email: str, last: str, first: str, role: str, title: str = "") -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "last_name": last, "first_name": first, "staff_title": title},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.email_verified_at = timezone.now()
        user.save(update_fields=["password", "email_verified_at"])
    user.groups.add(Group.objects.get(name=role))
    if role != Role.APPLICANT:
        TOTPDevice.objects.get_or_create(
            user=user,
            name=DEMO_DEVICE_NAME,
            defaults={"key": demo_totp_key(username), "confirmed": True},
        )
    return user


def _program(year: int) -> Program:
    program, _ = Program.objects.update_or_create(
        code=CODE,
        defaults={
            "name": "구로구 보증특례지원(소상공인)",
            "summary": "담보가 부족한 구로구 소상공인 (상·하반기 공고, 기금운용심의위원회 선정)",
            "description": (
                "구 출연금 5억원의 10배수 총 50억원 규모 안에서 업체당 최대 5,000만원까지 "
                "보증합니다. 상·하반기(1월, 7월)에 공고 후 접수하고, 기금운용심의위원회가 "
                "지원 대상을 심의·선정한 뒤 우리은행에 통보하면 최종 담보자격 심사를 거쳐 "
                "융자합니다. 디딤돌센터 창업 아카데미를 최근 12개월 안에 수료해야 합니다."
            ),
            "status": ProgramStatus.OPEN,
            "year": year,
            "multiple": Decimal("10"),
            "capacity_override_krw": None,  # 5억 × 10, from the journal
            "per_business_limit_krw": 5000 * MAN,
            "term_months": 48,
            "grace_months": 12,
            "fee_rate_pct": Decimal("0.8"),
            "guarantee_ratio_pct": Decimal("100"),
            "fee_payment": FeePayment.UP_FRONT,
            "applications_open_on": dt.date(year, 1, 1),
            "applications_close_on": dt.date(year + 1, 12, 31),
        },
    )
    program.banks.set(Bank.objects.filter(code="WOORI"))
    for i, (code, name, help_text) in enumerate(
        [
            ("BIZ_REG", "사업자등록증명", "홈택스에서 발급한 사업자등록증명(최근 1개월 이내)"),
            ("SALES", "부가가치세 과세표준증명", "최근 1년 매출을 확인할 수 있는 증명"),
        ]
    ):
        RequiredDocument.objects.update_or_create(
            program=program,
            code=code,
            defaults={"name": name, "help_text": help_text, "sort_order": i},
        )
    return program


def _academies(year: int, counsellor, participants: list[User]) -> None:
    """Two runs of the 창업 아카데미 (seed 003: 2.26~2.27 and 11.8~11.9), 4 sessions each,
    completion at 75 %; the Guro applicants and a few others attend."""
    runs = [
        (
            ACADEMY_CODES[0],
            f"{year - 1} 하반기 소상공인 창업 아카데미",
            [dt.date(year - 1, 11, 8), dt.date(year - 1, 11, 9)],
            participants[:5],
        ),
        (
            ACADEMY_CODES[1],
            f"{year} 상반기 소상공인 창업 아카데미",
            [dt.date(year, 2, 26), dt.date(year, 2, 27)],
            participants[5:],
        ),
    ]
    topics = ["창업가 정신과 창업 사례", "금융경제교육", "창업 세무", "SNS 마케팅과 매출 증대"]
    for code, name, days, people in runs:
        if Course.objects.filter(code=code).exists():
            continue
        course = courses.course_create(
            code=code,
            name=name,
            sessions=[(days[i // 2], topics[i]) for i in range(4)],
            completion_pct=Decimal("75"),
            capacity=40,
            organiser="디딤돌센터 · 구로구 공동 개최",
            venue="구로구 평생학습관",
            actor=counsellor,
        )
        enrolments = [
            courses.enrolment_add(course=course, participant=p, actor=counsellor) for p in people
        ]
        sessions = list(course.sessions.order_by("number"))
        for number, session in enumerate(sessions):
            # the last enrolment misses two sessions: 50 % < 75 %, not completed
            present = {e.pk for e in enrolments[:-1]} | (
                {enrolments[-1].pk} if number < 2 else set()
            )
            courses.attendance_record(session=session, present_ids=present, actor=counsellor)
        courses.course_complete(course=course, actor=counsellor)


def _application(program, owner, name, digits, amount, submitted_at) -> Application:
    business, _ = Business.objects.get_or_create(
        business_no=valid_brn(digits),
        defaults={
            "owner": owner,
            "name": name,
            "representative_name": f"{owner.last_name}{owner.first_name}",
            "representative_birth_date": dt.date(1982, 6, 1),
            "industry": Industry.objects.filter(code="G47").first(),
            "opened_on": dt.date(2019, 3, 1),
            "sido": "서울특별시",
            "road_address": f"서울특별시 구로구 {name} 1",
            "employees": 2,
            "last_year_sales_krw": 180_000_000,
            "credit_score": 690,
        },
    )
    with transaction.atomic():
        application = Application.objects.create(
            tracking_no=f"GURO-{submitted_at:%Y%m}-{digits[-3:]}",
            business=business,
            applicant=owner,
            program=program,
            status=ApplicationStatus.SUBMITTED,
            amount_krw=amount,
            purpose="운전자금(재료비·임차료)",
            bank=Bank.objects.get(code="WOORI"),
            term_months=program.term_months,
            submitted_at=submitted_at,
        )
        ApplicationEvent.objects.create(
            application=application,
            actor=owner,
            action="submit",
            from_status="draft",
            to_status=ApplicationStatus.SUBMITTED,
        )
        rounds.entry_register(application=application)
    return application


def seed_guro_rounds() -> dict:
    """Idempotent: returns what exists (the programme, its calls, the committee)."""
    year = timezone.localdate().year
    counsellor = User.objects.filter(groups__name=Role.COUNSELLOR).order_by("pk").first()
    secretary = _user(
        "guro",
        "guro@demo.icgf.kr",
        "정",
        "효진",
        Role.CONTRIBUTOR_OFFICER,
        "구로구 지역경제과 주무관",
    )
    ContributorOfficer.objects.get_or_create(user=secretary, defaults={"contributor": CONTRIBUTOR})
    program = _program(year)
    contribution_record(  # 구 출연금 5억원 (idempotent: the journal's key books it once)
        date=dt.date(year, 1, 2),
        category="district",
        amount_krw=5 * EOK,
        contributor=CONTRIBUTOR,
        program_id=program.pk,
        memo="구로구 보증특례 출연금",
    )
    owners = [
        _user(row[0], f"{row[0]}@demo.icgf.kr", last, first, Role.APPLICANT)
        for row, (last, first) in zip(APPLICANTS, OWNER_NAMES, strict=True)
    ]
    _academies(year, counsellor or secretary, owners)
    EligibilityRule.objects.update_or_create(
        program=program,
        sort_order=0,
        defaults={
            "field": RuleField.COURSE_COMPLETED,
            "operator": RuleOperator.COMPLETED_WITHIN,
            "value": f"{','.join(ACADEMY_CODES)}:12",
            "explanation": "최근 12개월 안에 디딤돌센터 소상공인 창업 아카데미를 수료했을 것",
        },
    )
    committee, _ = FundCommittee.objects.get_or_create(
        name="구로구 기금운용심의위원회", defaults={"contributor": CONTRIBUTOR, "quorum": 3}
    )
    members = [
        CommitteeMember.objects.get_or_create(
            committee=committee, name=name, defaults={"affiliation": role, "is_chair": chair}
        )[0]
        for name, role, chair in MEMBERS
    ]
    calls = {
        1: (dt.date(year, 1, 5), dt.date(year, 1, 23), dt.date(year, 2, 5), "상반기(1월)"),
        7: (dt.date(year, 7, 1), dt.date(year, 7, 17), dt.date(year, 7, 30), "하반기(7월)"),
    }
    for month, (opens, closes, meeting_on, label) in calls.items():
        title = f"{year}년 {label} 구로구 보증특례지원 공고"
        if CallRound.objects.filter(program=program, title=title).exists():
            continue
        call = rounds.round_announce(
            program=program,
            committee=committee,
            title=title,
            announcement=(
                "담보능력이 부족한 관내 소상공인에게 업체당 최대 5,000만원까지 보증을 "
                f"지원합니다. 접수 {opens:%Y. %m. %d.} ~ {closes:%Y. %m. %d.}, 심의 후 "
                "우리은행에 통보하면 최종 담보자격 심사를 거쳐 융자합니다."
            ),
            opens_on=opens,
            closes_on=closes,
            budget_krw=BUDGETS[month],
            meeting_on=meeting_on,
            actor=secretary,
        )
        rows = [row for row in APPLICANTS if row[4] == month]
        entries = []
        for i, (username, name, digits, amount, _m, votes, selected, bank, words) in enumerate(
            rows
        ):
            owner = next(o for o in owners if o.username == username)
            submitted = timezone.make_aware(dt.datetime.combine(opens, dt.time(10 + i)))
            entries.append(
                (
                    _application(program, owner, name, digits, amount, submitted),
                    votes,
                    selected,
                    bank,
                    words,
                )
            )
        present = [m for m, v in zip(members, rows[0][5], strict=True) if v != "-"]
        rounds.meeting_record(
            round_id=call.pk,
            held_on=meeting_on,
            attendee_ids=[m.pk for m in present],
            minutes=(
                f"{title} 심의. 출석 위원 {len(present)}명(정족수 {committee.quorum}명). "
                f"접수 {len(entries)}건을 심의하고 표결했다."
            ),
            minutes_file=None,
            actor=secretary,
        )
        for application, votes, *_ in entries:
            for member, vote in zip(members, votes, strict=True):
                if vote == "-":
                    continue
                rounds.vote_record(
                    round_id=call.pk,
                    member_id=member.pk,
                    entry_id=application.round_entry.pk,
                    choice={"f": "for", "a": "against", "x": "abstain"}[vote],
                    actor=secretary,
                )
        rounds.selection_decide(
            round_id=call.pk,
            selected_entry_ids=[a.round_entry.pk for a, _v, chosen, *_ in entries if chosen],
            reasons={},
            actor=secretary,
        )
        for application, _v, chosen, bank, words in entries:
            if chosen and bank is not None:
                rounds.bank_answer_record(
                    entry_id=application.round_entry.pk,
                    approved=bank,
                    reason=words or "최종 담보자격 심사 적격",
                    actor=secretary,
                )
    return {"program": program, "committee": committee}
