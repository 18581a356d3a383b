"""기한경과 목록 (guarantees past maturity without a settlement), for the branch and the bank.

- Staff (`overdue_list`): reviewers and branch managers see their branch's rows, HQ sales,
  strategy and the audit office every branch; staff but the audit office record a decision
  on an open row (maturity.overdue_maturity_decide: a note, or a four-eyes book request).
- The bank officer (`desk_overdue_list`, on the bank desk): their bank's rows only; the bank
  settles a row from the guarantee's page (maturity settlement, default, repayment).

Both with the same filters (days overdue, branch, open/resolved), pages, and the same rows as
CSV (common/csv_export.py) and Excel (common/spreadsheet.py).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access_log import logs_personal_data
from accounts.models import AccessAction, Role
from accounts.permissions import post_only, role_required
from branches.models import OrgUnit, UnitKind
from common.csv_export import csv_download
from common.errors import DomainError
from common.spreadsheet import xlsx_download

from ..models import OverdueDecisionKind, OverdueMaturity, OverdueMaturityDecision
from .desk.views import _bank_of
from .maturity import overdue_maturity_decide
from .sources import bank_guarantees

READERS = (Role.HQ_SALES, Role.STRATEGY, Role.REVIEWER, Role.BRANCH_MANAGER, Role.AUDITOR)
WRITERS = (Role.HQ_SALES, Role.STRATEGY, Role.REVIEWER, Role.BRANCH_MANAGER)
ALL_BRANCHES = (Role.HQ_SALES, Role.STRATEGY, Role.AUDITOR)
PAGE_SIZE = 50

# 경과일 buckets: (value, label, first day, last day or None)
DAY_BUCKETS = [
    ("1-30", "1~30일", 1, 30),
    ("31-60", "31~60일", 31, 60),
    ("61-90", "61~90일", 61, 90),
    ("91-", "91일 이상", 91, None),
]


class OverdueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="처리 상태",
        required=False,
        choices=[("open", "미해소"), ("resolved", "해소"), ("all", "전체")],
    )
    days = forms.ChoiceField(
        label="만기 경과일",
        required=False,
        choices=[("", "전체"), *((v, label) for v, label, _, _ in DAY_BUCKETS)],
    )
    branch = forms.ChoiceField(label="지점", required=False)

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if branches is None:
            del self.fields["branch"]
        else:
            self.fields["branch"].choices = [("", "전체"), *((b.code, b.name) for b in branches)]


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label="처리 구분", choices=OverdueDecisionKind.choices)
    note = forms.CharField(
        label="처리 내용",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "처리 내용을 입력해 주세요."},
    )
    date = forms.DateField(
        label="처리일",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "처리일은 YYYY-MM-DD 형식으로 입력하세요."},
    )
    new_matures_on = forms.DateField(
        label="연장 후 만기일",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "새 만기일은 YYYY-MM-DD 형식으로 입력하세요."},
    )
    amount_krw = forms.IntegerField(
        label="사고 금액(보증 금액 기준, 원)",
        required=False,
        min_value=1,
        max_value=10**15,
        error_messages={
            "invalid": "사고 금액은 원 단위 숫자로 입력하세요.",
            "min_value": "사고 금액은 1원 이상이어야 합니다.",
            "max_value": "사고 금액이 너무 큽니다.",
        },
    )


def _filtered(queryset, form: OverdueFilterForm, today: dt.date):
    """The rows the filter asks for (open rows by default), oldest maturity first."""
    data = form.cleaned_data if form.is_valid() else {}
    state = data.get("state") or "open"
    if state == "open":
        queryset = queryset.filter(resolved_on__isnull=True)
    elif state == "resolved":
        queryset = queryset.filter(resolved_on__isnull=False)
    bucket = next((b for b in DAY_BUCKETS if b[0] == data.get("days")), None)
    if bucket is not None:
        _, _, first, last = bucket
        # days overdue today = today − matures_on: matures_on within [today−last, today−first]
        queryset = queryset.filter(matures_on__lte=today - dt.timedelta(days=first))
        if last is not None:
            queryset = queryset.filter(matures_on__gte=today - dt.timedelta(days=last))
    if data.get("branch"):
        queryset = queryset.filter(guarantee__branch__code=data["branch"])
    return queryset.select_related(
        "guarantee", "guarantee__business", "guarantee__branch", "event"
    ).order_by("matures_on", "id")


def _row_values(row: OverdueMaturity, today: dt.date) -> list:
    g = row.guarantee
    until = row.resolved_on or today
    if row.resolved_on is None:
        state = "미해소"
    elif row.closed_by_policy:
        state = "정책 해지"
    else:
        state = f"해소({row.event.get_kind_display()})" if row.event else "해소"
    return [
        g.guarantee_no,
        g.business.name,
        g.branch.name,
        g.bank_name,
        row.matures_on,
        (until - row.matures_on).days,
        row.listed_on,
        state,
        row.resolved_on,
    ]


HEADER = [
    "보증번호",
    "사업자",
    "취급 지점",
    "대출 은행",
    "만기일",
    "만기 경과일",
    "목록 등재일",
    "처리 상태",
    "해소일",
]


def _export(rows, today, *, kind: str, name: str):
    values = (_row_values(row, today) for row in rows.iterator(chunk_size=2000))
    filename = f"{name}_{today:%Y%m%d}"
    if kind == "csv":
        return csv_download(f"{filename}.csv", HEADER, values)
    return xlsx_download(f"{filename}.xlsx", HEADER, values, title="기한경과 목록")


def _page(request, rows):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# ----------------------------------------------------------------------------- staff


def _staff_rows(user):
    rows = OverdueMaturity.objects.all()
    if not user.has_role(*ALL_BRANCHES):
        rows = rows.filter(guarantee__branch=user.branch)
    return rows


def _staff_filter(request):
    branches = None
    if request.user.has_role(*ALL_BRANCHES):
        branches = OrgUnit.objects.filter(kind=UnitKind.BRANCH).order_by("code")
    return OverdueFilterForm(request.GET or None, branches=branches)


def _staff_list(request, *, status=200, decision_form=None, decided_row=None):
    today = timezone.localdate()
    form = _staff_filter(request)
    rows = _filtered(_staff_rows(request.user), form, today)
    page, querystring = _page(
        request,
        rows.prefetch_related(
            Prefetch(
                "decisions",
                queryset=OverdueMaturityDecision.objects.select_related(
                    "decided_by", "book_request"
                ),
            )
        ),
    )
    return render(
        request,
        "guarantees/bank/overdue_list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (
                    row,
                    _row_values(row, today),
                    decision_form
                    if decided_row == row.id
                    else DecisionForm(auto_id=f"id_%s_{row.id}"),
                )
                for row in page
            ],
            "querystring": querystring,
            "staff": True,
            "can_decide": request.user.has_role(*WRITERS),
            "decided_row": decided_row,
            "csv_url": "guarantees:overdue_csv",
            "xlsx_url": "guarantees:overdue_xlsx",
            "today": today,
        },
        status=status,
    )


@require_GET
@role_required(*READERS)
@logs_personal_data(data="기한경과 목록", object_type="기한경과")
def overdue_list(request):
    """기한경과 목록 (staff): the branch's rows, or every branch's for HQ and audit."""
    return _staff_list(request)


def _staff_export(request, kind: str):
    form = _staff_filter(request)
    rows = _filtered(_staff_rows(request.user), form, timezone.localdate())
    return _export(rows, timezone.localdate(), kind=kind, name="기한경과")


@require_GET
@role_required(*READERS)
@logs_personal_data(action=AccessAction.EXPORT, data="기한경과 CSV", object_type="기한경과")
def overdue_csv(request):
    return _staff_export(request, "csv")


@require_GET
@role_required(*READERS)
@logs_personal_data(action=AccessAction.EXPORT, data="기한경과 엑셀", object_type="기한경과")
def overdue_xlsx(request):
    return _staff_export(request, "xlsx")


def _staff_row(request, overdue_id: int) -> OverdueMaturity:
    return get_object_or_404(_staff_rows(request.user), pk=overdue_id)


@role_required(*WRITERS)
@post_only(_staff_row)
@logs_personal_data(data="기한경과 목록", object_type="기한경과", object_id="overdue_id")
def overdue_decide(request, overdue_id: int):
    """Record a decision on one row (another branch's row is as unknown as a missing one)."""
    row = _staff_row(request, overdue_id)
    form = DecisionForm(request.POST, auto_id=f"id_%s_{row.id}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = overdue_maturity_decide(
                overdue_id=row.id,
                kind=data["kind"],
                note=data["note"],
                actor=request.user,
                date=data["date"],
                new_matures_on=data["new_matures_on"],
                amount_krw=data["amount_krw"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            label = decision.get_kind_display()
            if decision.book_request_id:
                messages.success(
                    request,
                    f"{row.guarantee.guarantee_no}: {label} — 사후관리 요청을 올렸습니다. "
                    "다른 직원이 승인하면 장부에 반영됩니다.",
                )
            else:
                messages.success(
                    request, f"{row.guarantee.guarantee_no}: {label} 기록을 남겼습니다."
                )
            return redirect("guarantees:overdue")
    return _staff_list(request, status=400, decision_form=form, decided_row=row.id)


# ----------------------------------------------------------------------------- bank desk


def _desk_rows(request):
    bank = _bank_of(request)
    return bank, OverdueMaturity.objects.filter(guarantee__in=bank_guarantees(bank))


@require_GET
@role_required(Role.BANK_OFFICER)
@logs_personal_data(data="은행 데스크 기한경과 목록", object_type="기한경과")
def desk_overdue_list(request):
    """기한경과 목록 (bank desk): this bank's guarantees past maturity without a settlement."""
    today = timezone.localdate()
    bank, rows = _desk_rows(request)
    form = OverdueFilterForm(request.GET or None)
    page, querystring = _page(request, _filtered(rows, form, today))
    return render(
        request,
        "guarantees/bank/overdue_list.html",
        {
            "bank": bank,
            "form": form,
            "page": page,
            "rows": [(row, _row_values(row, today), None) for row in page],
            "querystring": querystring,
            "staff": False,
            "csv_url": "guarantees:bank_desk:overdue_csv",
            "xlsx_url": "guarantees:bank_desk:overdue_xlsx",
            "today": today,
        },
    )


def _desk_export(request, kind: str):
    bank, rows = _desk_rows(request)
    form = OverdueFilterForm(request.GET or None)
    today = timezone.localdate()
    return _export(_filtered(rows, form, today), today, kind=kind, name=f"기한경과_{bank.code}")


@require_GET
@role_required(Role.BANK_OFFICER)
@logs_personal_data(
    action=AccessAction.EXPORT, data="은행 데스크 기한경과 CSV", object_type="기한경과"
)
def desk_overdue_csv(request):
    return _desk_export(request, "csv")


@require_GET
@role_required(Role.BANK_OFFICER)
@logs_personal_data(
    action=AccessAction.EXPORT, data="은행 데스크 기한경과 엑셀", object_type="기한경과"
)
def desk_overdue_xlsx(request):
    return _desk_export(request, "xlsx")
