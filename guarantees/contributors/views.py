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


@require_GET
@role_required(Role.CONTRIBUTOR_OFFICER)
def contributor_pledge_csv(request, code: str):
    contributor = _contributor(request)
    program = Program.objects.filter(code=code, id__in=funded_program_ids(contributor)).first()
    if program is None:
        raise Http404("이 출연기관이 출연한 상품이 아닙니다.")
    header = ["year", *KEYS, "target_amount_krw", "target_count", "amount_rate", "count_rate"]
    rows = [[row[k] if row[k] is not None else "" for k in header] for row in pledge_rows(program)]
    return csv_download(f"pledge_{program.code}.csv", header, rows)
