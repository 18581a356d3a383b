"""The nine 2021 special-guarantee programmes of seed 001 as demo data, with banks, industries
(including the restricted ones), required documents, eligibility rules, the interest-subsidy
schedule and yearly targets.

Sizes are seed 001's. A programme's funding is what is booked to it in the journal: the
contributions of seed 001's 2020 table that name a programme (the same rows the demo book
imports, booked here first so a portal with programmes and no book can guarantee; the journal's
keys book each row once), times multiple 10. The programmes seed 001 names without a
contribution of their own (UNDERGROUND, REDEV, SOCIAL, RESTART) get their size as a set amount. Limits, fees and rules other than those
seed 001 gives (COVID-19: 2천만원, 1-year grace then 4 years, year 1 interest-free, 1.5%p for
years 2–5) are sensible choices for a demo and are data, editable by the strategy office.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from demo.demobook.baseassets import program_funding_rows
from programs.base_assets import book_base_assets
from programs.models import (
    Bank,
    EligibilityRule,
    FeePayment,
    Industry,
    InterestSubsidyStep,
    Program,
    ProgramStatus,
    ProgramYearTarget,
    RequiredDocument,
    RuleField,
    RuleOperator,
)

EOK = 100_000_000
MAN = 10_000

BANKS = [
    ("SHINHAN", "신한은행"),
    ("HANA", "하나은행"),
    ("WOORI", "우리은행"),
    ("KB", "KB국민은행"),
    ("IBK", "IBK기업은행"),
    ("NH", "NH농협은행"),
    ("SUHYUP", "Sh수협은행"),
]

# KSIC-style codes. Restricted industries (보증제한업종) are refused by every programme.
INDUSTRIES = [
    ("G47", "소매업", False, ""),
    ("G46", "도매업", False, ""),
    ("I56", "음식점업", False, ""),
    ("I55", "숙박업", False, ""),
    ("S96", "개인 서비스업", False, ""),
    ("C", "제조업", False, ""),
    ("J", "정보통신업", False, ""),
    ("M", "전문·과학·기술 서비스업", False, ""),
    ("F", "건설업", False, ""),
    ("H", "운수업", False, ""),
    ("I5621", "주점업(유흥주점)", True, "유흥주점업은 신용보증 제한 업종입니다."),
    ("R912", "사행시설 관리 및 운영업", True, "사행시설 운영업은 신용보증 제한 업종입니다."),
    ("L681", "부동산 임대 및 공급업", True, "부동산 임대·공급업은 신용보증 제한 업종입니다."),
    ("K64", "금융업", True, "금융업은 신용보증 제한 업종입니다."),
]

COMMON_DOCUMENTS = [
    ("BIZ_REG", "사업자등록증명", "홈택스에서 발급한 사업자등록증명(최근 1개월 이내)"),
    ("SALES", "부가가치세 과세표준증명", "최근 1년 매출을 확인할 수 있는 증명"),
    ("LEASE", "사업장 임대차계약서", "자가 사업장이면 등기사항전부증명서"),
]

CREDIT_SKIP = 700  # declared credit score at or above which the field survey may be skipped


def _rule(field, operator, value, explanation):
    return (field, operator, value, explanation)


# code, name, summary, size (won), per-business limit, term, grace, fee, ratio, survey skip,
# rules, extra documents, subsidy steps (from, to, rate, full)
PROGRAMS = [
    (
        "COVID19",
        "코로나19 피해 특례보증",
        "코로나19로 매출이 줄었거나 손실을 본 소상공인",
        375 * EOK,
        2000 * MAN,
        60,
        12,
        Decimal("0.8"),
        Decimal("100"),
        CREDIT_SKIP,
        [
            _rule(
                RuleField.COVID_SALES_DROP,
                RuleOperator.GTE,
                "10",
                "코로나19로 전년 대비 매출이 10% 이상 감소했을 것",
            )
        ],
        [("SALES_DROP", "매출 감소 증빙", "2019년과 2020년 같은 기간의 매출 비교 자료")],
        [(1, 1, "0", True), (2, 5, "1.5", False)],
    ),
    (
        "ALLEY",
        "골목상권 활성화 특례보증",
        "전통시장·골목상권의 서비스업·음식점업·소매업 소상공인",
        100 * EOK,
        5000 * MAN,
        60,
        12,
        Decimal("0.8"),
        Decimal("100"),
        CREDIT_SKIP,
        [
            _rule(
                RuleField.TRADITIONAL_MARKET,
                RuleOperator.IS_TRUE,
                "",
                "전통시장 또는 골목상권에 입점해 있을 것",
            ),
            _rule(
                RuleField.INDUSTRY, RuleOperator.IN, "S96,I56,G47", "서비스업·음식점업·소매업일 것"
            ),
        ],
        [("MERCHANT", "상인회 확인서", "시장·상점가 상인회가 발급한 입점 확인서")],
        [(1, 2, "1.0", False)],
    ),
    (
        "UNDERGROUND",
        "지하도상가 활성화 특례보증",
        "인천 지하도상가 입점 소상공인",
        100 * EOK,
        5000 * MAN,
        60,
        12,
        Decimal("0.8"),
        Decimal("100"),
        CREDIT_SKIP,
        [
            _rule(
                RuleField.UNDERGROUND_MALL,
                RuleOperator.IS_TRUE,
                "",
                "인천 지하도상가에 입점해 있을 것",
            )
        ],
        [],
        [(1, 2, "1.0", False)],
    ),
    (
        "HOPE",
        "취약계층 희망드림 특례보증",
        "저신용·저소득 소상공인",
        100 * EOK,
        2000 * MAN,
        60,
        12,
        Decimal("0.5"),
        Decimal("100"),
        None,
        [
            _rule(RuleField.CREDIT_SCORE, RuleOperator.LTE, "744", "신용점수 744점 이하일 것"),
            _rule(
                RuleField.LAST_YEAR_SALES,
                RuleOperator.LTE,
                "300000000",
                "전년도 매출액 3억원 이하일 것",
            ),
        ],
        [],
        [(1, 5, "2.0", False)],
    ),
    (
        "REDEV",
        "재개발지역 상권 활성화 특례보증",
        "재개발지역 인근 상권의 소상공인",
        50 * EOK,
        5000 * MAN,
        60,
        12,
        Decimal("0.8"),
        Decimal("100"),
        CREDIT_SKIP,
        [
            _rule(
                RuleField.REDEVELOPMENT_ZONE,
                RuleOperator.IS_TRUE,
                "",
                "재개발지역 인근에서 영업할 것",
            )
        ],
        [],
        [],
    ),
    (
        "SOCIAL",
        "사회적경제기업 특례보증",
        "사회적기업·협동조합 등 사회적경제기업",
        10 * EOK,
        10000 * MAN,
        60,
        12,
        Decimal("0.5"),
        Decimal("100"),
        CREDIT_SKIP,
        [
            _rule(
                RuleField.SOCIAL_ENTERPRISE,
                RuleOperator.IS_TRUE,
                "",
                "사회적기업·협동조합 등 사회적경제기업일 것",
            )
        ],
        [("SOCIAL_CERT", "사회적경제기업 인증서", "사회적기업 인증서 또는 협동조합 설립신고필증")],
        [],
    ),
    (
        "RESTART",
        "재도전 지원 특례보증",
        "채무조정(면책)을 마치고 다시 시작하는 소상공인",
        20 * EOK,
        3000 * MAN,
        60,
        12,
        Decimal("0.5"),
        Decimal("100"),
        None,
        [
            _rule(
                RuleField.SETTLED_DEBT,
                RuleOperator.IS_TRUE,
                "",
                "이전 채무를 법적으로 정리(면책·변제 완료)했을 것",
            )
        ],
        [
            (
                "DISCHARGE",
                "면책결정문 또는 변제완료 증명",
                "법원 면책결정문 또는 채무조정 변제완료 증명서",
            )
        ],
        [(1, 2, "1.5", False)],
    ),
    (
        "JOBS",
        "일자리 창출 특례보증",
        "최근 1년 안에 직원을 고용했거나 유지한 기업",
        100 * EOK,
        10000 * MAN,
        60,
        12,
        Decimal("0.8"),
        Decimal("100"),
        CREDIT_SKIP,
        [_rule(RuleField.HIRED, RuleOperator.GTE, "1", "최근 1년 안에 1명 이상 고용했을 것")],
        [("EMPLOYMENT", "고용보험 피보험자격 취득 내역", "최근 1년 고용을 확인할 수 있는 자료")],
        [(1, 2, "1.0", False)],
    ),
    (
        "YOUTH",
        "청년창업 지원 특례보증",
        "만 39세 이하 대표자, 창업 5년 이내 기업",
        100 * EOK,
        5000 * MAN,
        60,
        12,
        Decimal("0.5"),
        Decimal("100"),
        CREDIT_SKIP,
        [
            _rule(
                RuleField.REPRESENTATIVE_AGE, RuleOperator.LTE, "39", "대표자가 만 39세 이하일 것"
            ),
            _rule(RuleField.BUSINESS_YEARS, RuleOperator.LTE, "5", "창업한 지 5년 이내일 것"),
        ],
        [],
        [(1, 2, "1.5", False)],
    ),
]

# Seed 001's programmes are the 2021 plan; the demo runs today, so they are open for this
# year's applications.
DEMO_YEAR = dt.date.today().year


def seed_programs(
    year: int = DEMO_YEAR, rows=None, *, book_factor: Fraction | None = None
) -> dict[str, Program]:
    """Create or update banks, industries and the nine programmes (or `rows`, in PROGRAMS'
    shape: demo/review.py's 일반보증). Idempotent; never resets `committed_krw` (that belongs
    to approvals).

    With `book_factor` (the demo book's BookScale.base_asset_factor, as seed_demo passes it)
    the programmes' funding is booked: the book's own programme rows, so the import that
    follows finds them booked. Without it (unit tests, the load fixture: no journal) every
    programme's capacity is its size as a set amount."""
    banks = [Bank.objects.update_or_create(code=c, defaults={"name": n})[0] for c, n in BANKS]
    for code, name, restricted, reason in INDUSTRIES:
        Industry.objects.update_or_create(
            code=code,
            defaults={"name": name, "is_restricted": restricted, "restriction_reason": reason},
        )
    funding_rows = program_funding_rows(book_factor) if book_factor is not None else []
    funded = {row[4] for row in funding_rows}
    programs = {}
    for (
        code,
        name,
        summary,
        size,
        limit,
        term,
        grace,
        fee,
        ratio,
        skip,
        rules,
        documents,
        subsidies,
    ) in PROGRAMS if rows is None else rows:
        program, _ = Program.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "summary": summary,
                "status": ProgramStatus.OPEN,
                "year": year,
                "multiple": Decimal("10"),
                "capacity_override_krw": None if code in funded else size,
                "per_business_limit_krw": limit,
                "term_months": term,
                "grace_months": grace,
                "fee_rate_pct": fee,
                "guarantee_ratio_pct": ratio,
                "fee_payment": FeePayment.UP_FRONT,
                "survey_skip_min_credit_score": skip,
                "applications_open_on": dt.date(year, 1, 1),
                "applications_close_on": dt.date(year, 12, 31),
            },
        )
        program.banks.set(banks)
        # Keyed updates, not delete-and-recreate: applications may already point at them.
        for i, (f, o, v, e) in enumerate(rules):
            EligibilityRule.objects.update_or_create(
                program=program,
                sort_order=i,
                defaults={"field": f, "operator": o, "value": v, "explanation": e},
            )
        program.rules.filter(sort_order__gte=len(rules)).delete()
        for i, (c, n, h) in enumerate([*COMMON_DOCUMENTS, *documents]):
            RequiredDocument.objects.update_or_create(
                program=program, code=c, defaults={"name": n, "help_text": h, "sort_order": i}
            )
        for a, b, r, full in subsidies:
            InterestSubsidyStep.objects.update_or_create(
                program=program,
                from_year=a,
                defaults={"to_year": b, "rate_pct": Decimal(r), "covers_full_interest": full},
            )
        average = min(limit, 3000 * MAN)
        ProgramYearTarget.objects.update_or_create(
            program=program, year=year, defaults={"amount_krw": size, "count": size // average}
        )
        programs[code] = program
    if funding_rows:
        book_base_assets(funding_rows)
    return programs
