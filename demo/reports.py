"""Seed 001's registers as demo data: the 2021 budget, contribution and supply plans, the seven
2020 audit findings, duties by department, and the 디딤돌센터's yearly consultation targets.

Idempotent (keyed update_or_create). Called from `manage.py seed_demo`.
"""

from __future__ import annotations

from branches.models import OrgUnit
from guarantees.models import ConsultationTarget
from programs.models import Program, ProgramYearTarget
from reports.models import (
    AuditFinding,
    BudgetKind,
    BudgetLine,
    BudgetSide,
    ContributionGroup,
    ContributionPlan,
    DepartmentDuty,
    FindingKind,
    FindingStatus,
    SupplyPlan,
)

M = 1_000_000  # 백만원

# 2021 budget (seed 001 「예산규모」, 백만원): side, kind, name, amount, children
BUDGET_2021 = [
    (BudgetSide.INCOME, BudgetKind.OPERATING, "보증료", 16_365, []),
    (
        BudgetSide.INCOME,
        BudgetKind.OPERATING,
        "수입이자",
        2_758,
        [("예치금이자", 2_130), ("유가증권이자", 628)],
    ),
    (BudgetSide.INCOME, BudgetKind.OPERATING, "기타수입", 1_403, []),
    (BudgetSide.INCOME, BudgetKind.CAPITAL, "재보증보전금", 22_000, []),
    (BudgetSide.INCOME, BudgetKind.CAPITAL, "출연금", 26_800, []),
    (
        BudgetSide.EXPENSE,
        BudgetKind.OPERATING,
        "관리업무비",
        12_859,
        [("인건비", 7_340), ("경비", 5_519)],
    ),
    (BudgetSide.EXPENSE, BudgetKind.OPERATING, "성과급", 1_194, []),
    (BudgetSide.EXPENSE, BudgetKind.OPERATING, "예비비", 226, []),
    (BudgetSide.EXPENSE, BudgetKind.OPERATING, "재보증료", 8_182, []),
    (BudgetSide.EXPENSE, BudgetKind.OPERATING, "기타지출", 188, []),
    (BudgetSide.EXPENSE, BudgetKind.CAPITAL, "대위변제금", 44_000, []),
    (BudgetSide.EXPENSE, BudgetKind.CAPITAL, "투자자산", 340, []),
    (BudgetSide.EXPENSE, BudgetKind.CAPITAL, "유형자산", 1_870, []),
    (BudgetSide.EXPENSE, BudgetKind.CAPITAL, "자본예산 예비비", 467, []),
]

# 출연금 확충 계획 (백만원): year → group → (plan, note)
CONTRIBUTION_PLANS = {
    2020: {
        ContributionGroup.CITY: (
            6_200,
            "일반출연금, 일자리창출·청년 스타트업·골목상권·수출규제·희망드림·코로나-19 특례보증",
        ),
        ContributionGroup.DISTRICT: (650, "계양구, 미추홀구, 부평구, 연수구, 옹진군, 중구"),
        ContributionGroup.MANDATORY: (2_500, ""),
        ContributionGroup.OTHER: (6_000, "금융회사 특별출연, 중소벤처기업부 등"),
    },
    2021: {
        ContributionGroup.CITY: (11_700, "일반출연금 4,000 및 특례보증 7,700"),
        ContributionGroup.DISTRICT: (850, ""),
        ContributionGroup.MANDATORY: (6_000, ""),
        ContributionGroup.OTHER: (8_250, "금융회사 특별출연금 등"),
    },
}

# 보증공급 계획: year → (count, 백만원, new count, new 백만원, note)
SUPPLY_PLANS = {
    2020: (27_000, 610_000, None, None, ""),
    2021: (
        40_000,
        1_000_000,
        20_000,
        500_000,
        "신규보증 20,000건·5,000억원, 기한연장 20,000건·5,000억원",
    ),
}

# Seed 000 (pledge): 400+ consultations in 2018, 600+ in 2019 and 2020.
CONSULTATION_TARGETS = {2018: 400, 2019: 600, 2020: 600}

# Seed 001's 2021 policy guarantees (지원규모, 억원) as programme targets for 2021; the count is
# the size at 2천만원 per business (the COVID-19 programme's limit).
PROGRAM_SIZES_2021 = {
    "COVID19": 375,
    "ALLEY": 100,
    "UNDERGROUND": 100,
    "HOPE": 100,
    "REDEV": 50,
    "SOCIAL": 10,
    "RESTART": 20,
    "JOBS": 100,
    "YOUTH": 100,
}

_COMMITTEE = "산업경제"

# 2020 행정사무감사 지적사항: number, kind, title, department code, finding, plan
FINDINGS_2020 = [
    (
        "20-1",
        FindingKind.ACTION,
        "코로나-19 소상공인 지원 특례보증 예산 추가 확보",
        "STRATEGY",
        "내년도 코로나-19 특례보증 출연예산이 올해 186억원에서 20억원으로 줄었음. 내년에도 불안정한 "
        "상태에서 소상공인을 위한 예산이 삭감되어 우려가 됨. 예산 추가 확보를 위해 노력해 주기 바람.",
        "사업개요\n"
        "코로나19 소상공인 지원 특례보증 사업 추진\n"
        "소상공인 지원 확대를 위한 추가 예산 확보 노력\n"
        "추진계획\n"
        "지원대상: 코로나19 피해 소상공인 (매출감소, 영업부진 등)\n"
        "지원규모: 1,000억원 — 본예산 30억원(당초보다 10억원 증액) + 추경 50억원(협의 중), "
        "금융회사(은행) 출연을 적극 유치하여 지원규모 확대 예정\n"
        "지원금액: 업체당 2천만원 이내 (1년 거치 4년 분할상환)\n"
        "이차보전: 최초 1년간 이자 전액 지원(무이자), 잔여 4년간 연 1.5% 이자 지원\n"
        "기대효과\n"
        "코로나19 장기화로 어려움을 겪는 소상공인 지원을 확대하여 지역경제 재도약 기틀 마련",
    ),
    (
        "20-2",
        FindingKind.ACTION,
        "대위변제 증가에 따른 대책 마련",
        "STRATEGY",
        "코로나19로 인해 대위변제가 큰 폭으로 증가됨에 따라 당기손실액이 커져 기본재산 감소로 이어질 "
        "것으로 보임. 신용보증재단의 보증액은 기본재산의 10배 이하가 적정선임에 따라 그에 대한 대책을 "
        "마련 바람.",
        "사업개요\n"
        "대위변제 급증에 대비하기 위한 구상채권 관리 추진\n"
        "적정운용배수를 위한 기본재산 확충\n"
        "추진계획\n"
        "구상채권 관리 인원 확대: 현 인력 13명 → 17명\n"
        "맞춤형 채무조정 지원 및 납입(분할상환, 개인회생, 신용회복) 관리 수행\n"
        "출연금 확충: 중앙정부, 시, 군·구, 금융회사(은행) 출연금을 적극 유치하여 기본재산 증대\n"
        "기대효과\n"
        "대위변제 증가에 대비해 출연금 확충을 통한 기본재산 감소 사전 예방",
    ),
    (
        "20-3",
        FindingKind.ACTION,
        "비대면 보증처리시 문제 소지 발생 예방 대책 마련",
        "STRATEGY",
        "포스트 코로나 시대에 맞춰 비대면 보증제도를 추진하고 있음. 비대면으로 접수 시 서류로만 "
        "처리하게 됨에 따라 하자 등 위험부담 발생 소지가 있음. 업무의 위험부담 예방대책을 마련하고 "
        "어려운 서민들께는 최대한 안전하게 공급을 할 수 있도록 처리 바람.",
        "사업개요\n"
        "신속·간편한 보증지원을 위한 비대면 보증제도 추진\n"
        "부실보증 예방을 위한 보완장치 마련\n"
        "추진계획\n"
        "전면적인 비대면 보증제도 추진: 모든 과정 전면 비대면 ⇒ 소상공인 편의 극대화\n"
        "부실보증 예방: 사업성 미흡, 저신용 등 부실 우려 소상공인은 별도의 현장조사 실시\n"
        "기대효과\n"
        "신속·편리한 비대면 보증서비스 제공, 현장조사 등 보완 심사를 통한 보증사고 사전예방",
    ),
    (
        "20-4",
        FindingKind.RECOMMENDATION,
        "보증수수료 선납제도 개선방안 마련",
        "SALES_MGMT",
        "보증수수료를 보증기간별로 선납으로 받고 있음. 어려운 소상공인에게는 선납수수료도 부담이 많이 "
        "될 수 있음. 문제가 되지 않는다면 개선할 수 있는 방안 검토 바람.",
        "사업개요\n"
        "보증료 일시납 부담 경감을 위한 보증료 분할 납부제도 도입 검토\n"
        "추진계획\n"
        "타 재단 보증료 운영현황 조사 (12개 재단 일시납, 3개 재단 일부 1년 단위 납부)\n"
        "분할 납부관리 소요인력·경비 산출 및 전산개발, 미납 시 사후관리 방안 마련\n"
        "인천시 특례보증에 분할 납부제도 도입 검토\n"
        "기대효과\n"
        "소상공인 금융비용 부담 완화",
    ),
    (
        "20-5",
        FindingKind.RECOMMENDATION,
        "이사회 구성의 다양성 제고",
        "STRATEGY",
        "신용보증재단의 설립목적이 지역 내 중소기업과 소상공인 등의 채무보증 등이 주 업무인데, "
        "이사회 구성에 있어서 그들을 대표할 수 있는 이사가 없음. 추후 이사 선임 시 중소기업과 "
        "소상공인을 대표할 수 있는 이사 등 이사회 구성의 다양성을 제고하기 바람.",
        "사업개요\n"
        "임원 자격요건에 관한 규정개정을 통해 이사회 구성의 변화 모색\n"
        "추진계획\n"
        "임원추천위원회(인천시의회, 인천시, 재단이사회 추천)를 통한 공개모집 및 추천\n"
        "소상공인 지원 및 경제관련 단체 근무경력을 임원 자격요건에 포함하도록 개정 추진\n"
        "기대효과\n"
        "이사회 구성의 변화를 통해 다양한 이해관계자의 의견을 수렴",
    ),
    (
        "20-6",
        FindingKind.RECOMMENDATION,
        "지점별 감사기능 강화",
        "AUDIT",
        "업무처리 적정성 여부를 판단하는 감사기능이 미흡함. 대출은 특별한 자금 관리를 하는 중요한 "
        "업무이고 다른 금융시설은 지점에서도 감사기능을 하고 있음. 신용보증재단도 몇 개 지점을 묶어서 "
        "감사기능을 강화하는 방안을 검토해 주시기 바람.",
        "사업개요\n"
        "상시적 신용보증업무 모니터링 시스템 구축, 사전감사 대상 확대\n"
        "추진계획\n"
        "(지점)그룹별 모니터링: Ⅰ그룹 서인천·계양·부평(감사실장), Ⅱ그룹 남동·연수·남부·중부(부실장), "
        "매일 3천만원 초과 보증 건\n"
        "고액보증 사전감사 강화: 대상금액 2억원 초과 ⇒ 1억원 초과\n"
        "기대효과\n"
        "사전 감사 강화를 통한 부실 보증 사전 예방",
    ),
    (
        "20-7",
        FindingKind.RECOMMENDATION,
        "자산건전성 관리를 위한 선제적 대책 마련",
        "STRATEGY",
        "신용보증재단은 출연금을 확충해야 하고, 대출금 원금 만기 연장과 이자상환유예조치를 3월말까지 "
        "연장해 부실이 대폭 늘어날 것이 우려됨. 보증재단 출연금을 확충할 필요가 있음. 또한 "
        "자산건전성을 대비한 관리방안 마련과 선제적 리스크 관리 및 대책 마련 필요함.",
        "사업개요\n"
        "부실 위험 확대에 대비한 출연금 확충\n"
        "자산건전성 유지를 위한 적정 수준의 보증운용배수 관리\n"
        "추진계획\n"
        "2021년도 출연금 확충 계획 268억원 (인천시 117억원, 군·구 8.5억원, 의무출연금 60억원, "
        "기타 82.5억원)\n"
        "적정 보증운용배수 10배 이내 유지 (보증운용배수 = 총 보증잔액 ÷ 기본재산)\n"
        "기대효과\n"
        "출연금 확충, 적정 보증운용배수 관리를 통한 선제적 리스크 대응으로 자산건전성 제고",
    ),
]

BRANCH_DUTIES = (
    "보증상담, 보증심사 및 신용조사에 관한 사항, 보증사후관리(보증기일, 보증료 기일관리, 해지, "
    "보증료 환급 등)\n"
    "신용보증사고관리, 보증채무이행, 신용보증사고로 인한 채권보전조치 등"
)

DUTIES = {
    "STRATEGY": "종합경영계획 수립, 이사회 개최, 정관·업무방법서의 변경, 조직관리, 기본재산 조성 및 "
    "확충, 홍보업무 전반, 대외협력 업무의 통할, 보증·관리기획업무 전반 및 관련 규정 개·폐 입안, "
    "통계 및 재보증에 관한 사항 등",
    "HR_ADMIN": "인사, 복무, 상벌, 근무평정, 연수 및 조직 관리에 관한 사항, 보수 및 퇴직금, "
    "복리후생, 출납·계리·세무에 관한 사항, 예산집행, 물품구매, 공사 및 용역 계약, 자금운용계획 "
    "수립 및 관리 등",
    "CLUSTER": "토지매입 준비 및 토지매입 업무, 조달청 시설공사 맞춤형 서비스 위탁계약 추진, "
    "소상공인복합클러스터 조성 기본계획 수립, 설계공모 및 실시설계 업무 등 소상공인복합클러스터 "
    "조성 업무 전담",
    "SALES_MGMT": "지점 업무지도, 특수채권관리 및 소송관리 업무, 은행연합회 신용정보 관련업무, "
    "공탁서와 유입물건 관리 등\n"
    "구상권 및 특수채권 관리, 보전금 청구 및 수령, 상각업무, 소송업무 등",
    "AUDIT": "감사업무의 기획 및 총괄, 회계 및 업무감사, 사무인계인수 감사, 대외감사의 총괄, "
    "일일감사 및 특정감사, 각종 사고의 처리 및 지도, 공직기강 및 감찰업무, 민원에 관한 사항 등",
    "DIDIMDOL": "창업·성장·재기(재창업) 지원을 위한 컨설팅 등 경영지도에 관한 사항\n"
    "소상공인 교육, 세미나 관련 업무, 무방문 기한연장 업무\n"
    "도서 및 재래시장, 이동이 불편한 사업자(장애인, 고령자, 환자 등)에 대한 출장상담 및 "
    "연장업무, 재해 및 경영악재 발생지역에 대한 긴급 운영자금 지원",
    **{
        code: BRANCH_DUTIES
        for code in ("NAMDONG", "BUPYEONG", "SEOINCHEON", "NAMBU", "GYEYANG", "JUNGBU", "YEONSU")
    },
}


def seed_budget(year: int = 2021) -> None:
    for order, (side, kind, name, amount, children) in enumerate(BUDGET_2021):
        parent, _ = BudgetLine.objects.update_or_create(
            year=year,
            side=side,
            kind=kind,
            name=name,
            defaults={"amount_krw": amount * M, "sort_order": order * 10, "parent": None},
        )
        for sub, (child, child_amount) in enumerate(children, start=1):
            BudgetLine.objects.update_or_create(
                year=year,
                side=side,
                kind=kind,
                name=child,
                defaults={
                    "amount_krw": child_amount * M,
                    "sort_order": order * 10 + sub,
                    "parent": parent,
                },
            )


def seed_report_registers() -> None:
    """All of seed 001's registers (organisation and programmes must exist)."""
    units = {u.code: u for u in OrgUnit.objects.all()}
    seed_budget(2021)
    for year, groups in CONTRIBUTION_PLANS.items():
        for group, (amount, note) in groups.items():
            ContributionPlan.objects.update_or_create(
                year=year, group=group, defaults={"amount_krw": amount * M, "note": note}
            )
    for year, (count, amount, new_count, new_amount, note) in SUPPLY_PLANS.items():
        SupplyPlan.objects.update_or_create(
            year=year,
            defaults={
                "count": count,
                "amount_krw": amount * M,
                "new_count": new_count,
                "new_amount_krw": new_amount * M if new_amount else None,
                "note": note,
            },
        )
    for number, kind, title, dept, finding, plan in FINDINGS_2020:
        AuditFinding.objects.update_or_create(
            year=2020,
            number=number,
            defaults={
                "kind": kind,
                "committee": _COMMITTEE,
                "title": title,
                "finding": finding,
                "department": units[dept],
                "plan": plan,
                "status": FindingStatus.IN_PROGRESS,
            },
        )
    for code, duties in DUTIES.items():
        if code in units:
            DepartmentDuty.objects.update_or_create(unit=units[code], defaults={"duties": duties})
    for program in Program.objects.filter(code__in=PROGRAM_SIZES_2021):
        amount = PROGRAM_SIZES_2021[program.code] * 100 * M
        ProgramYearTarget.objects.update_or_create(
            program=program, year=2021, defaults={"amount_krw": amount, "count": amount // (20 * M)}
        )
    for year, count in CONSULTATION_TARGETS.items():
        ConsultationTarget.objects.update_or_create(year=year, defaults={"count": count})
