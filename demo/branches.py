"""Seed 001's organisation as demo data: units, branches and their 군·구, audit groups,
headcount (정원 86 / 현원 70 by grade, 현원 by unit), committees and executives."""

from __future__ import annotations

import datetime as dt

from branches.models import (
    AuditGroup,
    Committee,
    District,
    Executive,
    HeadcountQuota,
    OrgUnit,
    StaffGrade,
    UnitKind,
)

AS_OF = dt.date(2021, 1, 1)

# (code, name, kind, parent code)
UNITS = [
    ("BOARD", "이사장", UnitKind.BOARD, None),
    ("EXEC_DIRECTOR", "상임이사", UnitKind.BOARD, "BOARD"),
    ("AUDIT", "감사실", UnitKind.OFFICE, "BOARD"),
    ("SALES_HQ", "영업본부", UnitKind.HEADQUARTERS, "EXEC_DIRECTOR"),
    ("MGMT_HQ", "경영본부", UnitKind.HEADQUARTERS, "EXEC_DIRECTOR"),
    ("SALES_MGMT", "영업관리부", UnitKind.DEPARTMENT, "SALES_HQ"),
    ("DIDIMDOL", "소상공인디딤돌센터", UnitKind.CENTRE, "SALES_HQ"),
    ("CLUSTER", "소상공인복합클러스터 조성팀", UnitKind.TEAM, "SALES_HQ"),
    ("STRATEGY", "전략기획부", UnitKind.DEPARTMENT, "MGMT_HQ"),
    ("HR_ADMIN", "인사총무부", UnitKind.DEPARTMENT, "MGMT_HQ"),
]

# (code, name, audit group, districts) — codes shared with the interchange format.
# 연수지점 was still being opened when seed 001 was written; it serves 연수구 from 2021.
BRANCHES = [
    ("NAMDONG", "남동지점", "II", ["남동구"]),
    ("BUPYEONG", "부평지점", "I", ["부평구"]),
    ("SEOINCHEON", "서인천지점", "I", ["서구"]),
    ("NAMBU", "남부지점", "II", ["미추홀구"]),
    ("GYEYANG", "계양지점", "I", ["계양구"]),
    ("JUNGBU", "중부지점", "II", ["중구", "동구", "강화군", "옹진군"]),
    ("YEONSU", "연수지점", "II", ["연수구"]),
]

AUDIT_GROUPS = [
    ("I", "감사 I그룹 (서인천·계양·부평)", "감사실장"),
    ("II", "감사 II그룹 (남동·연수·남부·중부)", "감사실 부실장"),
]

# 합계 row of seed 001: grade → (정원, 현원)
HEADCOUNT_BY_GRADE = {
    StaffGrade.GRADE_1: (2, 2),
    StaffGrade.GRADE_2: (6, 5),
    StaffGrade.GRADE_3: (13, 10),
    StaffGrade.GRADE_4: (20, 18),
    StaffGrade.GRADE_5_6: (44, 32),
    StaffGrade.OTHER: (1, 3),
}
# 총원 column of seed 001 (현원 by unit); 휴직 2 are outside any unit.
HEADCOUNT_BY_UNIT = {
    "MGMT_HQ": 3,
    "STRATEGY": 5,
    "HR_ADMIN": 6,
    "CLUSTER": 1,
    "SALES_MGMT": 5,
    "AUDIT": 2,
    "DIDIMDOL": 6,
    "NAMDONG": 10,
    "BUPYEONG": 5,
    "SEOINCHEON": 8,
    "NAMBU": 7,
    "GYEYANG": 5,
    "JUNGBU": 5,
}
ON_LEAVE = 2

COMMITTEES = [
    (
        "PERSONNEL",
        "인사위원회",
        "인사규정 제40조",
        "상임이사",
        "직원의 채용, 승진 및 상벌 심의",
        7,
        4,
    ),
    (
        "FUND",
        "자금운용위원회",
        "자금운용위원회 운영기준",
        "상임이사",
        "여유금 운용의 객관성 및 효율성 제고",
        5,
        3,
    ),
    (
        "GUARANTEE_REVIEW",
        "보증심사위원회",
        "업무방법서 제22조",
        "영업본부장",
        "신용보증 약관 및 신용보증 약정서의 제정 및 변경",
        5,
        3,
    ),
]

# 간부현황 (seed 001): post, name, grade, birth year, appointed, career, unit
EXECUTIVES = [
    (
        "이사장",
        "조현석",
        "이사장",
        1958,
        dt.date(2019, 7, 8),
        "인천광역시 연수구 부구청장",
        "BOARD",
    ),
    (
        "상임이사",
        "이재근",
        "상임이사",
        1962,
        dt.date(2020, 3, 2),
        "인천광역시 상수도사업본부 중부수도사업소장",
        "EXEC_DIRECTOR",
    ),
    ("남동지점장", "서동규", "1급", 1965, dt.date(2019, 9, 16), "", "NAMDONG"),
    ("서인천지점장", "맹훈주", "1급", 1964, dt.date(2019, 9, 16), "", "SEOINCHEON"),
    ("경영본부장", "박광준", "2급", 1969, dt.date(2019, 9, 16), "", "MGMT_HQ"),
    ("영업본부장", "강병철", "2급", 1969, dt.date(2019, 9, 16), "", "SALES_HQ"),
    ("감사실장", "채기훈", "2급", 1968, dt.date(2019, 9, 16), "", "AUDIT"),
    ("중부지점장", "한인경", "2급", 1968, dt.date(2019, 9, 16), "", "JUNGBU"),
    ("부평지점장", "이형정", "2급", 1968, dt.date(2020, 1, 2), "", "BUPYEONG"),
    ("계양지점장", "이성원", "3급", 1969, dt.date(2019, 2, 1), "", "GYEYANG"),
    ("남부지점장", "조현우", "3급", 1971, dt.date(2020, 1, 2), "", "NAMBU"),
    ("소상공인디딤돌센터장", "송영석", "3급", 1974, dt.date(2019, 9, 16), "", "DIDIMDOL"),
    ("소상공인복합클러스터 조성팀장", "이광복", "3급", 1977, dt.date(2020, 12, 1), "", "CLUSTER"),
    ("인사총무부장", "홍순성", "3급", 1976, dt.date(2020, 1, 2), "", "HR_ADMIN"),
]


def seed_organisation() -> dict[str, OrgUnit]:
    """Create or update the organisation; returns units by code. Idempotent."""
    groups = {
        code: AuditGroup.objects.update_or_create(
            code=code, defaults={"name": name, "auditor_title": title}
        )[0]
        for code, name, title in AUDIT_GROUPS
    }
    units: dict[str, OrgUnit] = {}
    for order, (code, name, kind, parent) in enumerate(UNITS):
        units[code] = OrgUnit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "sort_order": order,
                "parent": units.get(parent) if parent else None,
            },
        )[0]
    for order, (code, name, group, districts) in enumerate(BRANCHES, start=len(UNITS)):
        units[code] = branch = OrgUnit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": UnitKind.BRANCH,
                "sort_order": order,
                "parent": units["SALES_HQ"],
                "audit_group": groups[group],
            },
        )[0]
        for district in districts:
            District.objects.update_or_create(
                sido="인천광역시", name=district, defaults={"branch": branch}
            )
    for grade, (authorised, current) in HEADCOUNT_BY_GRADE.items():
        HeadcountQuota.objects.update_or_create(
            as_of=AS_OF,
            unit=None,
            grade=grade,
            defaults={"authorised": authorised, "current": current},
        )
    for code, current in HEADCOUNT_BY_UNIT.items():
        HeadcountQuota.objects.update_or_create(
            as_of=AS_OF, unit=units[code], grade=StaffGrade.ALL, defaults={"current": current}
        )
    HeadcountQuota.objects.update_or_create(
        as_of=AS_OF, unit=None, grade=StaffGrade.ALL, defaults={"current": ON_LEAVE, "note": "휴직"}
    )
    for code, name, basis, chair, function, size, external in COMMITTEES:
        Committee.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "legal_basis": basis,
                "chair_title": chair,
                "function": function,
                "size": size,
                "external_members": external,
            },
        )
    for order, (post, name, grade, born, appointed, career, unit) in enumerate(EXECUTIVES):
        Executive.objects.update_or_create(
            post=post,
            defaults={
                "name": name,
                "grade": grade,
                "birth_year": born,
                "appointed_on": appointed,
                "career": career,
                "unit": units[unit],
                "sort_order": order,
            },
        )
    return units
