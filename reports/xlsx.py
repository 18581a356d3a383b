"""Every table of the council report as an Excel workbook: one sheet per table, its section
title and unit line above it, its header rows (merged as in the report) frozen, and its figures
as numbers — the report's text "1,234" is the number 1234, "△50.0" is -50.0 (△ is the Korean
minus), "2019.07.08." a date; what is not a figure ("86/70", "-", "1958년") stays text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from common.spreadsheet import Sheet, workbook_bytes

from .document import Table

_NUMBER = re.compile(r"^(△|-)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_DATE = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})\.?$")


def figure(text: str):
    """The report cell's text as a number or a date when it is one, else the text."""
    m = _NUMBER.match(text)
    if m:
        sign, whole, frac = m.groups()
        if frac:
            value = Decimal(whole.replace(",", "") + frac)
        else:
            value = int(whole.replace(",", ""))
        return -value if sign else value
    m = _DATE.match(text)
    if m:
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            return text
    return text


def table_sheet(index: int, table: Table) -> Sheet:
    header = [[c.text if c else None for c in row] for row in table.grid[: table.header_rows]]
    body = [
        [figure(c.text) if c and c.text else None for c in row]
        for row in table.grid[table.header_rows :]
    ]
    merges = [m for m in table.merges if m[2] < table.header_rows]
    caption = [table.title] + ([table.unit] if table.unit else [])
    return Sheet(
        title=f"{index:02d} {table.title.split(' · ')[-1]}",
        header=header or [[]],
        rows=body,
        caption=caption,
        header_merges=merges,
    )


def report_tables_workbook(tables: list[Table], year: int) -> bytes:
    return workbook_bytes([table_sheet(i, t) for i, t in enumerate(tables, start=1)])


def pledges_workbook(rows: list[dict], consultation_rows: list[dict]) -> bytes:
    """공약 이행 현황 (reports:pledges) as two sheets: amounts in won, rates as numbers (%)."""
    pledges = Sheet(
        title="특례보증 목표 대비 실적",
        caption=["특례보증 목표 대비 실적 (보증공급 = 신규 발급 + 기한연장, 분개장 기준)"],
        header=[
            "상품",
            "연도",
            "목표 건수",
            "실적 건수",
            "건수 달성률(%)",
            "목표 금액(원)",
            "실적 금액(원)",
            "금액 달성률(%)",
        ],
        rows=[
            [
                r["program"].name,
                r["year"],
                r["target_count"],
                r["actual_count"],
                r["rate_count"],
                r["target_amount_krw"],
                r["actual_amount_krw"],
                r["rate_amount"],
            ]
            for r in rows
        ],
        won_columns={5, 6},
        plain_columns={1},
    )
    consultations = Sheet(
        title="디딤돌센터 상담 실적",
        caption=["디딤돌센터 연도별 상담 목표와 실적"],
        header=["연도", "목표 건수", "실적 건수", "달성률(%)"],
        rows=[[r["year"], r["target"], r["actual"], r["rate"]] for r in consultation_rows],
        plain_columns={0},
    )
    return workbook_bytes([pledges, consultations])


def registers_workbook(year: int, registers: dict) -> bytes:
    """보고서 기초자료 (reports:registers) of one report year: one sheet per register, the
    same rows as the page, amounts in won."""
    return workbook_bytes(
        [
            Sheet(
                title="지적사항",
                caption=[f"행정사무감사 지적사항 ({year}년)"],
                header=[
                    "관리번호",
                    "처리구분",
                    "위원회",
                    "제목",
                    "지적 및 건의사항",
                    "관리부서",
                    "추진사항(처리계획)",
                    "조치상황",
                    "후속 조치",
                ],
                rows=[
                    [
                        f.number,
                        f.get_kind_display(),
                        f.committee,
                        f.title,
                        f.finding,
                        str(f.department),
                        f.plan,
                        f.get_status_display(),
                        f.follow_up,
                    ]
                    for f in registers["findings"]
                ],
            ),
            Sheet(
                title="예산",
                caption=[f"{year + 1}년 예산"],
                header=["수입/지출", "구분", "과목", "상위 과목", "금액(원)"],
                rows=[
                    [
                        b.get_side_display(),
                        b.get_kind_display(),
                        b.name,
                        b.parent.name if b.parent_id else "",
                        b.amount_krw,
                    ]
                    for b in registers["budget_lines"]
                ],
                won_columns={4},
            ),
            Sheet(
                title="출연금 확충 계획",
                caption=["출연금 확충 계획 (연도·기관별)"],
                header=["연도", "기관별", "계획(원)", "비고"],
                rows=[
                    [p.year, p.group_label, p.amount_krw, p.note]
                    for p in registers["contribution_plans"]
                ],
                won_columns={2},
                plain_columns={0},
            ),
            Sheet(
                title="보증공급 계획",
                caption=["보증공급 계획 (연도별)"],
                header=["연도", "계획 건수", "계획 금액(원)", "신규 건수", "신규 금액(원)", "비고"],
                rows=[
                    [p.year, p.count, p.amount_krw, p.new_count, p.new_amount_krw, p.note]
                    for p in registers["supply_plans"]
                ],
                won_columns={2, 4},
                plain_columns={0},
            ),
            Sheet(
                title="상담 목표",
                caption=["디딤돌센터 연도별 상담 목표 건수"],
                header=["연도", "목표 건수"],
                rows=[[t.year, t.count] for t in registers["consultation_targets"]],
                plain_columns={0},
            ),
            Sheet(
                title="사무분장",
                caption=["부서별 사무분장"],
                header=["부서", "세부 업무 내용"],
                rows=[[str(d.unit), "\n".join(d.items)] for d in registers["duties"]],
            ),
        ]
    )
