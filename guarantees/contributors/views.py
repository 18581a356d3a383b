"""출연기관 담당자 (a city's or district's officer): the programmes it funds and their pledge
figures, on the page and as a CSV download. Every page is scoped to the officer's contributor:
a programme it does not fund is 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import role_required
from common.csv_export import csv_download
from common.spreadsheet import xlsx_download
from guarantees.models import ContributorOfficer
from programs.models import Program

from .selectors import KEYS, contributor_programs, funded_program_ids, pledge_rows


def _contributor(request) -> str:
    officer = ContributorOfficer.objects.filter(user=request.user).first()
    if officer is None:
        raise Http404("출연기관이 지정되지 않은 담당자입니다.")
    return officer.contributor


@require_GET
@role_required(Role.CONTRIBUTOR_OFFICER)
def contributor_home(request):
    contributor = _contributor(request)
    return render(
        request,
        "guarantees/contributors/home.html",
        {"contributor": contributor, "programs": contributor_programs(contributor)},
    )


def _funded_program(request, code: str) -> Program:
    contributor = _contributor(request)
    program = Program.objects.filter(code=code, id__in=funded_program_ids(contributor)).first()
    if program is None:
        raise Http404("이 출연기관이 출연한 상품이 아닙니다.")
    return program


@require_GET
@role_required(Role.CONTRIBUTOR_OFFICER)
def contributor_pledge_csv(request, code: str):
    program = _funded_program(request, code)
    header = ["year", *KEYS, "target_amount_krw", "target_count", "amount_rate", "count_rate"]
    rows = [[row[k] if row[k] is not None else "" for k in header] for row in pledge_rows(program)]
    return csv_download(f"pledge_{program.code}.csv", header, rows)


# The page's table for a person (Excel): Korean headers, amounts in won, rates in %.
PLEDGE_XLSX_COLUMNS = [
    ("year", "연도"),
    ("guarantees", "보증(건)"),
    ("businesses", "업체 수"),
    ("amount_krw", "보증금액(원)"),
    ("target_count", "목표 건수"),
    ("target_amount_krw", "목표 금액(원)"),
    ("amount_rate", "금액 달성률(%)"),
    ("count_rate", "건수 달성률(%)"),
    ("cumulative_amount_krw", "누계 금액(원)"),
    ("subsidy_businesses", "이차보전 업체 수"),
    ("subsidy_krw", "이차보전(원)"),
    ("consultations", "상담(건)"),
]


@require_GET
@role_required(Role.CONTRIBUTOR_OFFICER)
def contributor_pledge_xlsx(request, code: str):
    program = _funded_program(request, code)
    return xlsx_download(
        f"공약실적_{program.code}.xlsx",
        [label for _, label in PLEDGE_XLSX_COLUMNS],
        [[row[k] for k, _ in PLEDGE_XLSX_COLUMNS] for row in pledge_rows(program)],
        title=f"{program.name} 연도별 공약 실적",
        won_columns={i for i, (k, _) in enumerate(PLEDGE_XLSX_COLUMNS) if k.endswith("_krw")},
        plain_columns={0},
    )
