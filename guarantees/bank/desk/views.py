"""The bank officer's pages. Every lookup goes through `sources.bank_guarantees`, so another
bank's guarantee is as unknown as a missing one (404), never a 403 that says it exists."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access_log import logs_personal_data
from accounts.models import Role
from accounts.permissions import role_required

from ...book.selectors import guarantee_balances
from ...models import BankOfficer, GuaranteeStatus
from ..services import loan_executed_on
from ..sources import bank_guarantees
from .forms import DeskFilterForm

PAGE_SIZE = 50


def _bank_of(request):
    membership = BankOfficer.objects.select_related("bank").filter(user=request.user).first()
    if membership is None:
        # A bank officer not (yet) attached to a bank sees nothing rather than everything.
        raise Http404("소속 은행이 지정되지 않았습니다. 재단 시스템관리자에게 문의하세요.")
    return membership.bank


@require_GET
@role_required(Role.BANK_OFFICER)
def guarantee_list(request):
    """협약은행 보증 목록: this bank's guarantees, newest first, with filters."""
    bank = _bank_of(request)
    form = DeskFilterForm(request.GET or None)
    queryset = bank_guarantees(bank).select_related("business", "branch")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["issued_since"]:
            queryset = queryset.filter(issued_on__gte=data["issued_since"])
        if data["q"]:
            digits = data["q"].replace("-", "")
            queryset = queryset.filter(
                Q(guarantee_no__icontains=data["q"])
                | Q(business__business_no__startswith=digits)
                | Q(business__name__icontains=data["q"])
            )
    elif form.is_bound:
        queryset = queryset.none()
    page = Paginator(queryset.order_by("-issued_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "guarantees/bank/desk_list.html",
        {
            "bank": bank,
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "statuses": GuaranteeStatus,
        },
    )


@require_GET
@role_required(Role.BANK_OFFICER)
@logs_personal_data(data="은행 데스크 보증 상세", object_type="보증", object_id="guarantee_no")
def guarantee_detail(request, guarantee_no: str):
    """One of the bank's guarantees: its balance, events and what the bank reported."""
    bank = _bank_of(request)
    guarantee = (
        bank_guarantees(bank)
        .select_related("business", "branch", "program")
        .filter(guarantee_no=guarantee_no)
        .first()
    )
    if guarantee is None:
        raise Http404("이 은행의 보증이 아닙니다.")
    return render(
        request,
        "guarantees/bank/desk_guarantee.html",
        {
            "bank": bank,
            "guarantee": guarantee,
            "balances": guarantee_balances(guarantee_id=guarantee.id),
            "executed_on": loan_executed_on(guarantee),
            "events": guarantee.events.order_by("date", "id"),
            "reports": guarantee.bank_reports.order_by("-created_at"),
        },
    )
