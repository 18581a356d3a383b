"""감사실: the bank API's call log (who, when, what, from where, the answer)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access_log import logs_personal_data
from accounts.models import Role
from accounts.permissions import role_required
from programs.models import Bank

from ..models import BankApiCall

PAGE_SIZE = 50


@require_GET
@role_required(Role.AUDITOR)
@logs_personal_data(data="은행 API 호출 기록", object_type="은행 API 호출")
def api_calls(request):
    """은행 API 호출 기록 (감사실), newest first; by bank, errors only."""
    calls = BankApiCall.objects.select_related("bank").order_by("-at", "-id")
    banks = list(Bank.objects.order_by("name"))
    bank = request.GET.get("bank", "")
    if bank and any(b.code == bank for b in banks):
        calls = calls.filter(bank__code=bank)
    else:
        bank = ""
    errors_only = request.GET.get("errors") == "1"
    if errors_only:
        calls = calls.filter(status__gte=400)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "guarantees/bank/api_calls.html",
        {
            "page": page,
            "banks": banks,
            "bank": bank,
            "errors_only": errors_only,
            "querystring": params.urlencode(),
        },
    )
