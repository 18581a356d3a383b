"""결정 대기 (what waits for a foundation decision on what banks reported): the banks'
subrogation claims to review or approve (four eyes), the reconciliation differences to
resolve, and the 기한경과 list's open rows (read only: the maturity job and its pages own them).

Who: the roles that decide in the book (guarantees.book.views.WRITERS): branch staff see their
branch's guarantees, 영업본부 and 전략기획부 every branch. Each decision is one call of the
bank channel's services; a refusal is shown on the page in Korean and nothing is written.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.access_log import logs_personal_data
from accounts.models import AccessAction
from accounts.permissions import post_only, role_required
from common.spreadsheet import Sheet, workbook_bytes, xlsx_response

from ...book.views import WRITERS, _visible
from ...models import OverdueMaturity, ReconciliationDifference, SubrogationClaim
from ..problems import BankProblem
from ..reconciliation import reconciliation_difference_resolve
from ..services import (
    ClaimStatus,
    claim_status,
    subrogation_claim_decide,
    subrogation_claim_reject,
    subrogation_claim_review,
)
from .forms import ClaimReviewForm, DecisionFilterForm, ReasonForm, ResolveForm
from .selectors import open_claims, open_differences, open_overdue

PAGE_SIZE = 50
OVERDUE_SHOWN = 20


def _scoped(user, queryset):
    return _visible(user, queryset, "guarantee__branch")


def _claims(user):
    return _scoped(
        user,
        SubrogationClaim.objects.select_related(
            "guarantee",
            "guarantee__business",
            "guarantee__branch",
            "bank",
            "book_request",
            "book_request__requested_by",
        ),
    )


def _differences(user):
    return _scoped(
        user,
        ReconciliationDifference.objects.select_related(
            "report", "report__bank", "guarantee", "guarantee__branch"
        ),
    )


def _queries(request, form: DecisionFilterForm):
    """The three open lists under the filters (nothing for a refused filter)."""
    user = request.user
    claims = open_claims(_claims(user)).order_by("claimed_on", "id")
    differences = open_differences(_differences(user)).order_by(
        "report__month", "report_id", "kind", "guarantee_no"
    )
    overdue = open_overdue(
        _scoped(user, OverdueMaturity.objects.select_related("guarantee", "guarantee__branch"))
    ).order_by("matures_on", "id")
    if not form.is_valid():
        return claims.none(), differences.none(), overdue.none()
    data = form.cleaned_data
    if data["bank"]:
        claims = claims.filter(bank=data["bank"])
        differences = differences.filter(report__bank=data["bank"])
        overdue = overdue.filter(guarantee__bank_name=data["bank"].name)
    if data["claim_status"] == ClaimStatus.RECEIVED:
        claims = claims.filter(book_request__isnull=True)
    elif data["claim_status"] == ClaimStatus.RECOMMENDED:
        claims = claims.filter(book_request__isnull=False)
    if data["difference_kind"]:
        differences = differences.filter(kind=data["difference_kind"])
    if data["month"]:
        differences = differences.filter(report__month=data["month"])
    return claims, differences, overdue


def _page(request, failed=None, status=200):
    form = DecisionFilterForm(request.GET)
    claims, differences, overdue = _queries(request, form)
    claim_page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("claims_page"))
    difference_page = Paginator(differences, PAGE_SIZE).get_page(
        request.GET.get("differences_page")
    )
    query = request.GET.copy()
    for name in ("claims_page", "differences_page"):
        query.pop(name, None)
    return render(
        request,
        "guarantees/bank/staff_decisions.html",
        {
            "form": form,
            "claim_page": claim_page,
            "claim_rows": [
                (c, claim_status(c), ClaimStatus.LABELS[claim_status(c)]) for c in claim_page
            ],
            "difference_page": difference_page,
            "overdue_count": overdue.count(),
            "overdue": list(overdue[:OVERDUE_SHOWN]),
            "querystring": query.urlencode(),
            "filters": request.GET.urlencode(),
            "failed": failed or {},
        },
        status=status if form.is_valid() or not form.is_bound else 400,
    )


logs_decisions = logs_personal_data(data="결정 대기 목록", object_type="보증")


@require_GET
@role_required(*WRITERS)
@logs_decisions
def decisions(request):
    """결정 대기 목록."""
    return _page(request)


@require_GET
@role_required(*WRITERS)
@logs_personal_data(action=AccessAction.EXPORT, data="결정 대기 목록 엑셀", object_type="보증")
def decisions_xlsx(request):
    """The same lists under the same filters, one sheet each (all rows, not one page)."""
    form = DecisionFilterForm(request.GET)
    claims, differences, overdue = _queries(request, form)
    sheets = [
        Sheet(
            title="대위변제 청구",
            header=[
                "청구번호",
                "보증번호",
                "상호",
                "지점",
                "은행",
                "청구일",
                "청구 원금",
                "청구 이자",
                "지급 예정액",
                "상태",
            ],
            rows=(
                [
                    c.pk,
                    c.guarantee.guarantee_no,
                    c.guarantee.business.name,
                    c.guarantee.branch.name,
                    c.bank.name,
                    c.claimed_on,
                    c.principal_krw,
                    c.interest_krw,
                    c.payable_krw,
                    ClaimStatus.LABELS[claim_status(c)],
                ]
                for c in claims
            ),
            won_columns={6, 7, 8},
        ),
        Sheet(
            title="대사 차이",
            header=[
                "은행",
                "기준월",
                "보증번호",
                "구분",
                "은행 보고 대출잔액",
                "보고 잔액의 보증부분",
                "장부 보증잔액",
            ],
            rows=(
                [
                    d.report.bank.name,
                    d.report.month.strftime("%Y-%m"),
                    d.guarantee_no,
                    d.get_kind_display(),
                    d.reported_balance_krw,
                    d.expected_exposure_krw,
                    d.book_exposure_krw,
                ]
                for d in differences
            ),
            won_columns={4, 5, 6},
        ),
        Sheet(
            title="기한경과",
            header=["보증번호", "지점", "은행", "만기일", "목록 등재일"],
            rows=(
                [
                    o.guarantee.guarantee_no,
                    o.guarantee.branch.name,
                    o.guarantee.bank_name,
                    o.matures_on,
                    o.listed_on,
                ]
                for o in overdue
            ),
        ),
    ]
    return xlsx_response("결정대기목록.xlsx", workbook_bytes(sheets))


# ----------------------------------------------------------------------------- decisions


def _claim_for(request, claim_id: int) -> SubrogationClaim:
    return get_object_or_404(_claims(request.user), pk=claim_id)


def _difference_for(request, difference_id: int) -> ReconciliationDifference:
    return get_object_or_404(_differences(request.user), pk=difference_id)


def _back(request):
    """Back to the list with the filters the form was sent from (a query string only)."""
    back = request.POST.get("filters", "")
    url = reverse("guarantees:bank_staff:decisions")
    return redirect(f"{url}?{back}" if back and "\n" not in back else url)


def _done_or_again(request, target: tuple[str, int], form, run, done: str):
    """Run one decision; a form error or a refusal re-shows the list with the error beside
    the row (422), and nothing is written (each service is one transaction)."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except BankProblem as problem:
            form.add_error(None, problem.detail)
        else:
            messages.success(request, done)
            return _back(request)
    return _page(request, failed={"kind": target[0], "id": target[1], "form": form}, status=422)


@role_required(*WRITERS)
@post_only(_claim_for)
@logs_decisions  # a refused decision re-shows the list
def claim_review(request, claim_id: int):
    """검토: recommend payment; a second person approves it."""
    claim = _claim_for(request, claim_id)
    return _done_or_again(
        request,
        ("claim", claim.pk),
        ClaimReviewForm(request.POST),
        lambda data: subrogation_claim_review(
            claim_id=claim.pk, actor=request.user, pay_on=data["pay_on"], memo=data["memo"]
        ),
        f"대위변제 청구 {claim.pk}번의 지급을 요청했습니다. 다른 직원이 승인하면 장부에 기록됩니다.",
    )


@role_required(*WRITERS)
@post_only(_claim_for)
@logs_decisions
def claim_decide(request, claim_id: int):
    """The second pair of eyes: approve (books the subrogation) or reject with a reason."""
    claim = _claim_for(request, claim_id)
    approve = "approve" in request.POST
    if not approve and "reject" not in request.POST:
        raise PermissionDenied
    return _done_or_again(
        request,
        ("claim", claim.pk),
        ReasonForm(request.POST),
        lambda data: subrogation_claim_decide(
            claim_id=claim.pk, approve=approve, actor=request.user, reason=data["reason"]
        ),
        f"대위변제 청구 {claim.pk}번을 "
        + ("승인해 장부에 기록했습니다." if approve else "반려했습니다."),
    )


@role_required(*WRITERS)
@post_only(_claim_for)
@logs_decisions
def claim_reject(request, claim_id: int):
    """반려 before any review (with the reason)."""
    claim = _claim_for(request, claim_id)
    return _done_or_again(
        request,
        ("claim", claim.pk),
        ReasonForm(request.POST),
        lambda data: subrogation_claim_reject(
            claim_id=claim.pk, actor=request.user, reason=data["reason"]
        ),
        f"대위변제 청구 {claim.pk}번을 반려했습니다.",
    )


@role_required(*WRITERS)
@post_only(_difference_for)
@logs_decisions
def difference_resolve(request, difference_id: int):
    """대사 차이 처리: a note of what was found or done; the book is not touched here."""
    difference = _difference_for(request, difference_id)
    return _done_or_again(
        request,
        ("difference", difference.pk),
        ResolveForm(request.POST),
        lambda data: reconciliation_difference_resolve(
            difference_id=difference.pk, actor=request.user, resolution=data["resolution"]
        ),
        f"{difference.guarantee_no}의 대사 차이를 처리했습니다.",
    )
