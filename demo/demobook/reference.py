"""Fixed reference data of the synthetic book: branches, programmes, banks, business numbers
and shop names.

The codes here are shared with the Django side (branches/demo.py, programs/demo.py) and the
interchange format; do not rename them.
"""

from __future__ import annotations

import random
from decimal import Decimal

# (code, name, districts) — 연수지점 opens in 2021, so the historic book has none of its
# guarantees; 연수구 businesses were served by 남부지점 until then.
BRANCHES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("NAMDONG", "남동지점", ("남동구",)),
    ("BUPYEONG", "부평지점", ("부평구",)),
    ("SEOINCHEON", "서인천지점", ("서구",)),
    ("NAMBU", "남부지점", ("미추홀구",)),
    ("GYEYANG", "계양지점", ("계양구",)),
    ("JUNGBU", "중부지점", ("중구", "동구", "강화군", "옹진군")),
    ("YEONSU", "연수지점", ("연수구",)),
)

# Share of the historic (2015–2020) book by branch; YEONSU has none.
BRANCH_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("NAMDONG", 24),
    ("BUPYEONG", 18),
    ("SEOINCHEON", 20),
    ("NAMBU", 18),
    ("GYEYANG", 9),
    ("JUNGBU", 11),
)

# Local shopping areas by branch, used in shop names ("구월 행복분식").
BRANCH_AREAS: dict[str, tuple[str, ...]] = {
    "NAMDONG": ("구월", "간석", "만수", "논현", "남촌", "서창"),
    "BUPYEONG": ("부평", "부개", "삼산", "십정", "산곡", "청천"),
    "SEOINCHEON": ("석남", "가정", "청라", "검단", "연희", "가좌"),
    "NAMBU": ("주안", "용현", "숭의", "학익", "도화", "송도"),
    "GYEYANG": ("계산", "작전", "효성", "임학", "박촌", "귤현"),
    "JUNGBU": ("신포", "월미", "송림", "만석", "강화", "영종"),
}

# (code, name, per-business limit, guarantee ratio %, fee rate %). The nine 2021 programmes of
# seed 001. Their funding is not typed here: it is the contributions booked to each in
# base_assets.csv (generate_book sums them into programs.csv). Limits, ratios and fees are the
# ones of demo/programs.py so that importing programs.csv agrees with seed_demo.
PROGRAMS: tuple[tuple[str, str, int, Decimal, Decimal], ...] = (
    (
        "COVID19",
        "코로나19 피해 특례보증",
        20_000_000,
        Decimal("100"),
        Decimal("0.8"),
    ),
    (
        "ALLEY",
        "골목상권 활성화 특례보증",
        50_000_000,
        Decimal("100"),
        Decimal("0.8"),
    ),
    (
        "UNDERGROUND",
        "지하도상가 활성화 특례보증",
        50_000_000,
        Decimal("100"),
        Decimal("0.8"),
    ),
    (
        "HOPE",
        "취약계층 희망드림 특례보증",
        20_000_000,
        Decimal("100"),
        Decimal("0.5"),
    ),
    (
        "REDEV",
        "재개발지역 상권 활성화 특례보증",
        50_000_000,
        Decimal("100"),
        Decimal("0.8"),
    ),
    ("SOCIAL", "사회적경제기업 특례보증", 100_000_000, Decimal("100"), Decimal("0.5")),
    ("RESTART", "재도전 지원 특례보증", 30_000_000, Decimal("100"), Decimal("0.5")),
    ("JOBS", "일자리 창출 특례보증", 100_000_000, Decimal("100"), Decimal("0.8")),
    ("YOUTH", "청년창업 지원 특례보증", 50_000_000, Decimal("100"), Decimal("0.5")),
)
PROGRAM_MULTIPLE = Decimal("10")

# Partner banks (협약은행) with their share of the book; names as in programs/demo.py.
BANK_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("IBK기업은행", 24),
    ("NH농협은행", 18),
    ("신한은행", 15),
    ("하나은행", 14),
    ("우리은행", 12),
    ("KB국민은행", 12),
    ("Sh수협은행", 5),
)

# ---------------------------------------------------------------------------------------------
# 사업자등록번호

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
# Tax-office prefixes of the Incheon area (인천, 북인천, 남인천, 서인천, 계양 …).
_TAX_OFFICES = ("121", "122", "131", "137", "140", "149")


def brn_check_digit(first_nine: str) -> int:
    """Check digit of a 사업자등록번호 from its first nine digits."""
    total = sum(int(d) * w for d, w in zip(first_nine, _BRN_WEIGHTS, strict=True))
    total += int(first_nine[8]) * 5 // 10
    return (10 - total % 10) % 10


def brn_is_valid(business_no: str) -> bool:
    """True for a well-formed '123-45-67890' whose check digit is right."""
    digits = business_no.replace("-", "")
    if len(digits) != 10 or not digits.isdigit() or business_no.count("-") != 2:
        return False
    return brn_check_digit(digits[:9]) == int(digits[9])


def new_business_no(rng: random.Random, corporate: bool, taken: set[str]) -> str:
    """A fresh, valid number: tax office + type code (01–79 individual, 81/86/87 company) +
    serial + check digit. `taken` holds the first nine digits already used."""
    while True:
        office = rng.choice(_TAX_OFFICES)
        kind = rng.choice(("81", "86", "87")) if corporate else f"{rng.randint(1, 79):02d}"
        nine = f"{office}{kind}{rng.randint(1, 9999):04d}"
        if nine not in taken:
            taken.add(nine)
            digits = nine + str(brn_check_digit(nine))
            return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


# ---------------------------------------------------------------------------------------------
# Shop names, built from word lists (no Faker: the book must not change with a library update)

_SHOP_WORDS = (
    "행복",
    "우리",
    "새봄",
    "한결",
    "푸른",
    "다온",
    "소담",
    "미소",
    "온누리",
    "해맑은",
    "가온",
    "늘봄",
    "한빛",
    "정성",
    "참좋은",
    "바른",
    "든든",
    "오늘",
    "모두의",
    "하늘",
    "동네",
    "단골",
    "으뜸",
    "나눔",
    "햇살",
    "도담",
    "솔",
    "청춘",
    "제일",
    "명가",
)
_SHOP_TRADES = (
    "분식",
    "식당",
    "국밥",
    "칼국수",
    "치킨",
    "베이커리",
    "카페",
    "떡집",
    "반찬가게",
    "정육점",
    "과일가게",
    "마트",
    "슈퍼",
    "꽃집",
    "세탁소",
    "미용실",
    "네일",
    "안경원",
    "약국",
    "문구",
    "철물",
    "인테리어",
    "공방",
    "의류",
    "신발",
    "수선",
    "사진관",
    "인쇄",
    "카센터",
    "PC방",
    "노래연습장",
    "독서실",
    "학원",
    "피트니스",
    "한의원",
    "동물병원",
    "수산",
    "건어물",
    "방앗간",
    "호프",
)
# Company names: syllable pairs (대+성, 한+결 …) + a trade, so a book of ~15,000 companies
# does not repeat one name dozens of times.
_COMPANY_FIRST = (
    "대",
    "태",
    "신",
    "동",
    "한",
    "서",
    "인",
    "경",
    "미",
    "세",
    "삼",
    "우",
    "영",
    "성",
    "진",
    "현",
    "도",
    "해",
    "청",
    "금",
)
_COMPANY_SECOND = (
    "성",
    "결",
    "우",
    "양",
    "림",
    "해",
    "진",
    "명",
    "광",
    "일",
    "화",
    "원",
    "강",
    "산",
    "한",
    "도",
    "창",
    "흥",
    "승",
    "아",
)
_COMPANY_TRADES = (
    "산업",
    "정밀",
    "테크",
    "유통",
    "상사",
    "물산",
    "기공",
    "식품",
    "건설",
    "전자",
    "기계",
    "화학",
    "엔지니어링",
    "무역",
    "인쇄",
    "물류",
    "금속",
    "플라스틱",
    "디자인",
    "시스템",
)


def shop_name(rng: random.Random, branch_code: str, corporate: bool) -> str:
    """A plausible Korean business name ("구월 행복분식", "(주)서해정밀")."""
    if corporate:
        prefix = rng.choice(("(주)", "주식회사 ", "(유)"))
        first, second = rng.choice(_COMPANY_FIRST), rng.choice(_COMPANY_SECOND)
        if first == second:  # "성성산업" is not a name anybody picks
            second = "진" if first != "진" else "성"
        return f"{prefix}{first}{second}{rng.choice(_COMPANY_TRADES)}"
    word, trade = rng.choice(_SHOP_WORDS), rng.choice(_SHOP_TRADES)
    style = rng.random()
    if style < 0.45:
        return f"{word}{trade}"
    area = rng.choice(BRANCH_AREAS[branch_code])
    if style < 0.8:
        return f"{area} {word}{trade}"
    return f"{word}{trade} {area}점"
