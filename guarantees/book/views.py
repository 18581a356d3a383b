"""보증 사후관리 (the book after issuance): staff pages. Views parse, call one service, render.

Who: 영업관리부/영업본부 (hq_sales) and 전략기획부 see every branch; branch staff (reviewer,
branch manager) see their branch only; the audit office reads. Every change is a request
that a second person approves (four eyes).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access_log import logs_personal_data
from accounts.models import AccessAction, Role
from accounts.permissions import post_only, role_required
from common.spreadsheet import xlsx_download

from ..bank.staff.selectors import bank_side
from ..contributors.selectors import subsidy_budget_rows
from ..models import BookRequest, BookRequestStatus, FeeInstalment, Guarantee, RecourseClaim
from . import selectors, services
from .forms import BookEventForm, BookSearchForm, DecisionForm, GradeForm, SubsidyForm

READERS = (Role.HQ_SALES, Role.STRATEGY, Role.REVIEWER, Role.BRANCH_MANAGER, Role.AUDITOR)
WRITERS = (Role.HQ_SALES, Role.STRATEGY, Role.REVIEWER, Role.BRANCH_MANAGER)
ALL_BRANCHES = (Role.HQ_SALES, Role.STRATEGY, Role.AUDITOR)


def _visible(user, queryset, branch_field: str = "branch"):
    if user.has_role(*ALL_BRANCHES):
        return queryset
    return queryset.filter(**{branch_field: user.branch})


def _guarantee_for(user, guarantee_no: str) -> Guarantee:
    return get_object_or_404(
        _visible(user, Guarantee.objects.select_related("branch", "program", "business")),
        guarantee_no=guarantee_no,
    )


def _request_for(request, request_id: int) -> BookRequest:
    queryset = BookRequest.objects.select_related("guarantee")
    return get_object_or_404(_visible(request.user, queryset, "guarantee__branch"), pk=request_id)


def _claim_for(request, claim_id: int) -> RecourseClaim:
    queryset = RecourseClaim.objects.select_related("guarantee")
    return get_object_or_404(_visible(request.user, queryset, "guarantee__branch"), pk=claim_id)


def _instalment_for(request, instalment_id: int) -> FeeInstalment:
    queryset = FeeInstalment.objects.select_related("guarantee")
    return get_object_or_404(
        _visible(request.user, queryset, "guarantee__branch"), pk=instalment_id
    )


@require_GET
@role_required(*READERS)
def book_home(request):
    """검색과 승인 대기 요청."""
    search = BookSearchForm(request.GET)
    if not search.is_valid():
        return render(
            request,
            "guarantees/book/home.html",
            {"query": "", "errors": search.errors.get("q"), "pending": []},
            status=400,
        )
    query = search.cleaned_data["q"].strip()
    found = None
    if query:
        found = _visible(request.user, Guarantee.objects.all()).filter(guarantee_no=query).first()
        if found:
            return redirect("guarantees:book_guarantee", guarantee_no=found.guarantee_no)
    pending = _visible(
        request.user,
        BookRequest.objects.filter(status=BookRequestStatus.PENDING).select_related(
            "guarantee", "requested_by"
        ),
        "guarantee__branch",
    )[:100]
    return render(
        request,
        "guarantees/book/home.html",
        {
            "query": query,
            "not_found": bool(query),
            "pending": pending,
            "can_decide": request.user.has_role(*WRITERS),
        },
    )


# The guarantee page shows the business, its representative and the claim history.
logs_guarantee = logs_personal_data(data="보증 상세", object_type="보증", object_id="guarantee_no")


@require_GET
@role_required(*READERS)
@logs_guarantee
def guarantee_detail(request, guarantee_no: str):
    guarantee = _guarantee_for(request.user, guarantee_no)
    return render(request, "guarantees/book/guarantee.html", _detail_context(request, guarantee))


EVENT_HEADER = ["일자", "구분", "금액(원)", "연장 후 만기일", "적요", "처리자", "분개번호"]


@require_GET
@role_required(*READERS)
@logs_personal_data(
    action=AccessAction.EXPORT,
    data="보증 사후관리 이력 엑셀",
    object_type="보증",
    object_id="guarantee_no",
)
def guarantee_events_xlsx(request, guarantee_no: str):
    """사후관리 이력 of one guarantee (the page's table) as an Excel file."""
    guarantee = _guarantee_for(request.user, guarantee_no)
    rows = (
        [
            e.date,
            e.get_kind_display(),
            e.amount_krw,
            e.new_matures_on,
            e.memo,
            str(e.created_by) if e.created_by_id else "이관",
            e.journal_entry_id,
        ]
        for e in guarantee.events.select_related("created_by")
    )
    return xlsx_download(
        f"사후관리이력_{guarantee.guarantee_no}.xlsx",
        EVENT_HEADER,
        rows,
        title=f"보증 {guarantee.guarantee_no} ({guarantee.business.name}) 사후관리 이력",
        won_columns={2},
        plain_columns={6},
    )


def _detail_context(request, guarantee, form=None) -> dict:
    claim = RecourseClaim.objects.filter(guarantee=guarantee).first()
    return {
        "guarantee": guarantee,
        "balances": selectors.guarantee_balances(guarantee_id=guarantee.id),
        "events": guarantee.events.select_related("created_by", "journal_entry"),
        "requests": guarantee.book_requests.select_related("requested_by", "decided_by"),
        "claim": claim,
        "grade_changes": claim.grade_changes.select_related("actor") if claim else [],
        "fees": guarantee.fee_instalments.select_related("payment"),
        "form": form or BookEventForm(initial={"date": timezone.localdate()}),
        "grade_form": GradeForm(initial={"grade": claim.grade} if claim else None),
        "can_write": request.user.has_role(*WRITERS),
        "bank": bank_side(guarantee),  # what the bank reported (issue 12)
    }


@role_required(*WRITERS)
@post_only(lambda request, guarantee_no: _guarantee_for(request.user, guarantee_no))
@logs_guarantee  # a refused request re-shows the guarantee page
def request_create(request, guarantee_no: str):
    guarantee = _guarantee_for(request.user, guarantee_no)
    form = BookEventForm(request.POST)
    if form.is_valid():
        try:
            services.book_request_create(
                guarantee_id=guarantee.id, actor=request.user, **form.cleaned_data
            )
        except services.BookError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "요청을 등록했습니다. 다른 담당자가 승인하면 장부에 기록됩니다."
            )
            return redirect("guarantees:book_guarantee", guarantee_no=guarantee.guarantee_no)
    return render(
        request,
        "guarantees/book/guarantee.html",
        _detail_context(request, guarantee, form),
        status=400,
    )


@role_required(*WRITERS)
@post_only(_request_for)
def request_decide(request, request_id: int):
    book_request = _request_for(request, request_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = "approve" in request.POST
    if not approve and "reject" not in request.POST:
        raise PermissionDenied
    try:
        services.book_request_decide(
            request_id=book_request.id,
            approve=approve,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except services.BookError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "승인해 장부에 기록했습니다." if approve else "반려했습니다.")
    return redirect("guarantees:book_guarantee", guarantee_no=book_request.guarantee.guarantee_no)


@role_required(Role.HQ_SALES, Role.STRATEGY, Role.BRANCH_MANAGER)
@post_only(_claim_for)
def claim_grade(request, claim_id: int):
    claim = _claim_for(request, claim_id)
    form = GradeForm(request.POST)
    if form.is_valid():
        try:
            services.recourse_claim_grade(
                claim_id=claim.id,
                grade=form.cleaned_data["grade"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except services.BookError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "구상채권 등급을 변경했습니다.")
    else:
        messages.error(request, "등급과 사유를 입력해 주세요.")
    return redirect("guarantees:book_guarantee", guarantee_no=claim.guarantee.guarantee_no)


@role_required(*WRITERS)
@post_only(_instalment_for)
def fee_pay(request, instalment_id: int):
    """보증료 수납: cash in, fee income; a second press books nothing."""
    instalment = _instalment_for(request, instalment_id)
    try:
        services.fee_instalment_pay(
            instalment_id=instalment.id, paid_on=timezone.localdate(), actor=request.user
        )
    except services.BookError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"보증료 {instalment.seq}회차 수납을 기록했습니다.")
    return redirect("guarantees:book_guarantee", guarantee_no=instalment.guarantee.guarantee_no)


# 이차보전 page: the unreported guarantees named on the page (all are counted)
SUBSIDY_NOT_EXECUTED_SHOWN = 100


@require_GET
@role_required(Role.HQ_SALES, Role.STRATEGY, Role.EXECUTIVE, Role.AUDITOR)
def subsidy(request):
    """이차보전: per programme, the year's budget and the claims booked against it (records),
    and what the year's guarantees earn by computation (the claims to come)."""
    form = SubsidyForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    year = data.get("year") or timezone.localdate().year
    result = (
        selectors.interest_subsidy_by_program(year=year)
        if valid
        else {"rows": [], "not_executed": []}
    )
    rows, not_executed = result["rows"], result["not_executed"]
    return render(
        request,
        "guarantees/book/subsidy.html",
        {
            "year": year,
            # the records: budgets and the claims approved, pending and paid against them
            "budgets": subsidy_budget_rows(year=year) if valid else [],
            "rows": rows,
            "not_executed": not_executed[:SUBSIDY_NOT_EXECUTED_SHOWN],
            "not_executed_count": len(not_executed),
            "not_executed_hidden": max(len(not_executed) - SUBSIDY_NOT_EXECUTED_SHOWN, 0),
            "not_executed_message": selectors.NOT_EXECUTED_MESSAGE,
            "errors": [e for errors in form.errors.values() for e in errors],
            "total_krw": sum(r["amount_krw"] for r in rows),
            "years": range(dt.date.today().year - 6, dt.date.today().year + 1),
        },
        status=200 if valid else 400,
    )
