"""이차보전 청구 pages. 전략기획부 and 영업본부 prepare and decide (four eyes), the executive and
the audit office read; the contributor officer sees its programmes' claims and records its
payment (staff may record it too). Views parse with a form, call one service, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import post_only, role_required
from programs.models import Program

from ..models import ContributorOfficer, SubsidyClaim, SubsidyClaimStatus
from . import claims
from .selectors import funded_program_ids, subsidy_budget_rows

PREPARERS = (Role.STRATEGY, Role.HQ_SALES)
READERS = (*PREPARERS, Role.EXECUTIVE, Role.AUDITOR)
# the lines shown on a claim's page (all are counted and summed)
LINES_SHOWN = 200


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "krds-input")


class ClaimPrepareForm(_Form):
    program = forms.ModelChoiceField(
        label="상품",
        queryset=Program.objects.filter(subsidy_steps__isnull=False).distinct(),
        error_messages={"invalid_choice": "이차보전 단계가 있는 상품을 고르세요."},
    )
    year = forms.IntegerField(label="연도", min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label="기간(월 또는 분기)",
        min_value=1,
        max_value=12,
        help_text="월별 청구 상품은 1~12월, 분기별 청구 상품은 1~4분기",
    )


class ClaimDecisionForm(_Form):
    reason = forms.CharField(label="반려 사유", required=False, max_length=300)


class ClaimPayForm(_Form):
    paid_on = forms.DateField(
        label="지급일",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "지급일을 YYYY-MM-DD 형식으로 적어 주세요."},
    )


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _claims_page(request, *, form=None, status=200):
    year = _year(request)
    return render(
        request,
        "guarantees/contributors/claims.html",
        {
            "year": year,
            "years": range(timezone.localdate().year - 6, timezone.localdate().year + 1),
            "budgets": subsidy_budget_rows(year=year),
            "claims": SubsidyClaim.objects.filter(period_start__year=year).select_related(
                "program"
            ),
            "form": form or ClaimPrepareForm(initial={"year": year}),
            "can_prepare": request.user.has_role(*PREPARERS),
            "staff": True,
        },
        status=status,
    )


@require_GET
@role_required(*READERS)
def claim_list(request):
    """이차보전 청구 목록과 예산 집행."""
    return _claims_page(request)


@role_required(*PREPARERS)
@post_only()
def claim_prepare(request):
    form = ClaimPrepareForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = claims.subsidy_claim_prepare(
                program_id=data["program"].id,
                year=data["year"],
                number=data["number"],
                prepared_by=request.user,
            )
        except claims.SubsidyClaimError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "이차보전 청구를 작성했습니다. 다른 담당자가 승인합니다.")
            return redirect("guarantees:book_subsidy_claim", claim_id=claim.id)
    return _claims_page(request, form=form, status=400)


def _staff_claim(request, claim_id: int) -> SubsidyClaim:
    return get_object_or_404(SubsidyClaim.objects.select_related("program"), pk=claim_id)


def _claim_page(request, claim: SubsidyClaim, *, staff: bool, pay_form=None, status=200):
    lines = claim.lines.select_related("guarantee").only(
        "id",
        "amount_krw",
        "loan_rate_pct",
        "payment_id",
        "guarantee__guarantee_no",
        "guarantee__issued_on",
        "guarantee__bank_name",
    )
    return render(
        request,
        "guarantees/contributors/claim.html",
        {
            "claim": claim,
            "period": claims.period_label(claim.program, claim.period_start),
            "lines": lines[:LINES_SHOWN],
            "lines_hidden": max(claim.guarantees_count - LINES_SHOWN, 0),
            "staff": staff,
            "can_decide": staff
            and claim.status == SubsidyClaimStatus.PENDING
            and request.user.has_role(*PREPARERS),
            "can_pay": claim.status == SubsidyClaimStatus.APPROVED
            and (not staff or request.user.has_role(Role.STRATEGY)),
            "decision_form": ClaimDecisionForm(),
            "pay_form": pay_form or ClaimPayForm(initial={"paid_on": timezone.localdate()}),
        },
        status=status,
    )


@require_GET
@role_required(*READERS)
def claim_detail(request, claim_id: int):
    return _claim_page(request, _staff_claim(request, claim_id), staff=True)


@role_required(*PREPARERS)
@post_only(_staff_claim)
def claim_decide(request, claim_id: int):
    claim = _staff_claim(request, claim_id)
    form = ClaimDecisionForm(request.POST)
    form.is_valid()
    approve = "approve" in request.POST
    try:
        if approve:
            claims.subsidy_claim_approve(claim_id=claim.id, approver=request.user)
        else:
            claims.subsidy_claim_reject(
                claim_id=claim.id,
                approver=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
    except claims.SubsidyClaimError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "승인해 미지급 이차보전으로 기록했습니다." if approve else "청구를 반려했습니다.",
        )
    return redirect("guarantees:book_subsidy_claim", claim_id=claim.id)


def _pay(request, claim: SubsidyClaim, *, staff: bool, success_url: str):
    form = ClaimPayForm(request.POST)
    if form.is_valid():
        try:
            claims.subsidy_claim_pay(
                claim_id=claim.id, paid_on=form.cleaned_data["paid_on"], paid_by=request.user
            )
        except claims.SubsidyClaimError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "이차보전 지급을 기록했습니다.")
            return redirect(success_url, claim_id=claim.id)
    claim.refresh_from_db()
    return _claim_page(request, claim, staff=staff, pay_form=form, status=400)


@role_required(Role.STRATEGY)
@post_only(_staff_claim)
def claim_pay(request, claim_id: int):
    return _pay(
        request,
        _staff_claim(request, claim_id),
        staff=True,
        success_url="guarantees:book_subsidy_claim",
    )


# The contributor officer's side: its programmes' claims only (another's is 404).


def _officer_claims(request):
    officer = ContributorOfficer.objects.filter(user=request.user).first()
    if officer is None:
        raise Http404("출연기관이 지정되지 않은 담당자입니다.")
    # a pending claim is still the foundation's: the contributor sees it once decided
    return officer.contributor, (
        SubsidyClaim.objects.filter(program_id__in=funded_program_ids(officer.contributor))
        .exclude(status=SubsidyClaimStatus.PENDING)
        .select_related("program")
    )


def _officer_claim(request, claim_id: int) -> SubsidyClaim:
    _, queryset = _officer_claims(request)
    return get_object_or_404(queryset, pk=claim_id)


@require_GET
@role_required(Role.CONTRIBUTOR_OFFICER)
def contributor_claims(request):
    contributor, queryset = _officer_claims(request)
    year = _year(request)
    ids = funded_program_ids(contributor)
    return render(
        request,
        "guarantees/contributors/claims.html",
        {
            "contributor": contributor,
            "year": year,
            "years": range(timezone.localdate().year - 6, timezone.localdate().year + 1),
            "budgets": subsidy_budget_rows(year=year, program_ids=ids),
            "claims": queryset.filter(period_start__year=year),
            "staff": False,
        },
    )


@require_GET
@role_required(Role.CONTRIBUTOR_OFFICER)
def contributor_claim(request, claim_id: int):
    return _claim_page(request, _officer_claim(request, claim_id), staff=False)


@role_required(Role.CONTRIBUTOR_OFFICER)
@post_only(_officer_claim)
def contributor_claim_pay(request, claim_id: int):
    return _pay(
        request,
        _officer_claim(request, claim_id),
        staff=False,
        success_url="guarantees:contributor_claim",
    )
