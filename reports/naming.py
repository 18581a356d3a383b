"""One rule for the council report's year, used by the form, the run page, the PDF cover and
the file name (issue 19, row 7).

The year a person picks is the 실적 연도: the report gives that year's figures (to 12월 31일) and
is the 업무보고 for the *next* year's 행정사무감사, which the council holds then. 2020 →
"2021년도 행정사무감사 업무보고 (2020년 실적)".
"""

from __future__ import annotations

from django.utils import timezone

YEAR_RULE = (
    "실적 연도를 고르세요: 그해 12월 31일까지의 실적으로 다음 해 행정사무감사 업무보고를 "
    "만듭니다 (예: 2020년 실적 → 2021년도 행정사무감사)."
)


def session_year(year: int) -> int:
    """The 행정사무감사 the report is for: the year after the 실적 연도."""
    return year + 1


def report_title(year: int) -> str:
    return f"{session_year(year)}년도 행정사무감사 업무보고 ({year}년 실적)"


def report_filename(year: int) -> str:
    return f"{session_year(year)}년도_행정사무감사_업무보고_{year}년_실적.pdf"


def year_label(year: int) -> str:
    return f"{year}년 실적 → {session_year(year)}년도 감사"


def last_year_with_data() -> int:
    """The default: the last finished year in which the book issued a guarantee (a year with
    nothing issued gives a nearly empty report); last year when the book is empty."""
    from guarantees.models import Guarantee

    this_year = timezone.localdate().year
    latest = (
        Guarantee.objects.filter(issued_on__year__lt=this_year)
        .order_by("-issued_on")
        .values_list("issued_on", flat=True)
        .first()
    )
    return latest.year if latest else this_year - 1
