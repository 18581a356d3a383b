"""The bank officer's pages. Every lookup goes through `sources.bank_guarantees`, so another
bank's guarantee is as unknown as a missing one (404), never a 403 that says it exists."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access_log import logs_personal_data
from accounts.models import AccessAction, Role
from accounts.permissions import post_only, role_required
from common.spreadsheet import xlsx_download

from ...book.selectors import guarantee_balances
from ...models import (
    BankChannel,
    BankOfficer,
    GuaranteeStatus,
    LoanExecution,
    MonthlyReport,
    SubrogationClaim,
)
from ..problems import BankProblem
from ..reconciliation import Row, monthly_report_receive
from ..services import (
    ClaimStatus,
    claim_status,
    default_report,
    loan_executed_on,
    loan_execution_report,
    maturity_settlement_report,
    repayment_report,
    subrogation_claim_report,
)
from ..sources import ReportSource, bank_guarantees
from .forms import (
    DefaultForm,
    DeskFilterForm,
    LoanExecutionForm,
    MaturitySettlementForm,
    MonthlyUploadForm,
    RepaymentForm,
    SubrogationClaimForm,
)

PAGE_SIZE = 50


def _bank_of(request):
    membership = BankOfficer.objects.select_related("bank").filter(user=request.user).first()
    if membership is None:
        # A bank officer not (yet) attached to a bank sees nothing rather than everything.
        raise Http404("소속 은행이 지정되지 않았습니다. 재단 시스템관리자에게 문의하세요.")
    return membership.bank


def _desk_guarantees(bank, form: DeskFilterForm):
    """This bank's guarantees under the list's filters (the page and its Excel file)."""
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
    return queryset.order_by("-issued_on", "-id")


@require_GET
@role_required(Role.BANK_OFFICER)
def guarantee_list(request):
    """협약은행 보증 목록: this bank's guarantees, newest first, with filters."""
    bank = _bank_of(request)
    form = DeskFilterForm(request.GET or None)
    queryset = _desk_guarantees(bank, form)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
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


DESK_LIST_HEADER = [
    "보증번호",
    "상호",
    "사업자등록번호",
    "발급일",
    "만기일",
    "대출 금액(원)",
    "보증비율(%)",
    "보증 금액(원)",
    "상태",
]


@require_GET
@role_required(Role.BANK_OFFICER)
@logs_personal_data(action=AccessAction.EXPORT, data="은행 보증 목록 엑셀", object_type="보증 목록")
def guarantee_list_xlsx(request):
    """The list under the same filters, every page, as an Excel file."""
    bank = _bank_of(request)
    form = DeskFilterForm(request.GET or None)
    rows = (
        [
            g.guarantee_no,
            g.business.name,
            g.business.business_no,
            g.issued_on,
            g.matures_on,
            g.loan_amount_krw,
            g.guarantee_ratio_pct,
            g.guaranteed_amount_krw,
            g.get_status_display(),
        ]
        for g in _desk_guarantees(bank, form).iterator(chunk_size=2000)
    )
    return xlsx_download(
        f"보증목록_{bank.name}_{timezone.localdate():%Y%m%d}.xlsx",
        DESK_LIST_HEADER,
        rows,
        title=f"{bank.name} 보증 목록 ({timezone.localdate():%Y. %m. %d.})",
        won_columns={5, 7},
    )


def _own_guarantee(bank, guarantee_no: str):
    guarantee = (
        bank_guarantees(bank)
        .select_related("business", "branch", "program")
        .filter(guarantee_no=guarantee_no)
        .first()
    )
    if guarantee is None:
        raise Http404("이 은행의 보증이 아닙니다.")
    return guarantee


def _source(request, bank) -> ReportSource:
    return ReportSource(bank=bank, channel=BankChannel.DESK, officer=request.user)


@require_GET
@role_required(Role.BANK_OFFICER)
@logs_personal_data(data="은행 데스크 보증 상세", object_type="보증", object_id="guarantee_no")
def guarantee_detail(request, guarantee_no: str):
    """One of the bank's guarantees: its balance, events and what the bank reported."""
    bank = _bank_of(request)
    guarantee = _own_guarantee(bank, guarantee_no)
    return _detail(request, bank, guarantee)


# The desk's report forms beside the loan execution: (context name, form class).
REPORT_FORMS = {
    "repayment_form": RepaymentForm,
    "maturity_form": MaturitySettlementForm,
    "default_form": DefaultForm,
    "claim_form": SubrogationClaimForm,
}


def _detail(request, bank, guarantee, *, execution_form=None, bound=None, status=200):
    execution = LoanExecution.objects.filter(guarantee=guarantee).first()
    forms = {name: form_class() for name, form_class in REPORT_FORMS.items()}
    if bound is not None:
        forms[bound[0]] = bound[1]
    claims = guarantee.subrogation_claims.select_related("book_request").order_by("-id")
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
            "execution": execution,
            "execution_rate": execution and format(execution.interest_rate_pct.normalize(), "f"),
            "execution_form": execution_form
            or LoanExecutionForm(initial={"loan_amount_krw": guarantee.loan_amount_krw}),
            "claims": [(claim, ClaimStatus.LABELS[claim_status(claim)]) for claim in claims],
            **forms,
        },
        status=status,
    )


def _check_own(request, guarantee_no: str):
    _own_guarantee(_bank_of(request), guarantee_no)


@role_required(Role.BANK_OFFICER)
@post_only(check_object=_check_own)
def loan_execution(request, guarantee_no: str):
    """대출실행 보고 from the desk: the same service as the API's, nothing booked on error."""
    bank = _bank_of(request)
    guarantee = _own_guarantee(bank, guarantee_no)
    form = LoanExecutionForm(request.POST)
    if form.is_valid():
        try:
            loan_execution_report(
                source=_source(request, bank),
                guarantee_no=guarantee.guarantee_no,
                **form.cleaned_data,
            )
        except BankProblem as problem:
            form.add_error(None, problem.detail)
        else:
            messages.success(request, "대출실행 보고를 접수했습니다.")
            return redirect("guarantees:bank_desk:guarantee", guarantee_no=guarantee.guarantee_no)
    guarantee.refresh_from_db()
    return _detail(request, bank, guarantee, execution_form=form, status=422)


def _desk_report(request, guarantee_no: str, *, form_name: str, service, done: str):
    """One desk report: the form, then the same service as the API's. A refusal
    (BankProblem) is shown on the guarantee page in Korean and nothing is booked (the
    service runs in one transaction and raises before anything is written)."""
    bank = _bank_of(request)
    guarantee = _own_guarantee(bank, guarantee_no)
    form = REPORT_FORMS[form_name](request.POST)
    if form.is_valid():
        try:
            service(
                source=_source(request, bank),
                guarantee_no=guarantee.guarantee_no,
                **form.cleaned_data,
            )
        except BankProblem as problem:
            form.add_error(None, problem.detail)
        else:
            messages.success(request, done)
            return redirect("guarantees:bank_desk:guarantee", guarantee_no=guarantee.guarantee_no)
    guarantee.refresh_from_db()
    return _detail(request, bank, guarantee, bound=(form_name, form), status=422)


@role_required(Role.BANK_OFFICER)
@post_only(check_object=_check_own)
def repayment(request, guarantee_no: str):
    """상환 보고 from the desk."""
    return _desk_report(
        request,
        guarantee_no,
        form_name="repayment_form",
        service=repayment_report,
        done="상환 보고를 접수했습니다.",
    )


@role_required(Role.BANK_OFFICER)
@post_only(check_object=_check_own)
def maturity_settlement(request, guarantee_no: str):
    """만기 처리 보고 from the desk: repaid books a termination; extended opens a request."""
    return _desk_report(
        request,
        guarantee_no,
        form_name="maturity_form",
        service=maturity_settlement_report,
        done="만기 처리 보고를 접수했습니다. 기한연장은 재단 지점의 승인 후 반영됩니다.",
    )


@role_required(Role.BANK_OFFICER)
@post_only(check_object=_check_own)
def default(request, guarantee_no: str):
    """보증사고(연체) 보고 from the desk."""
    return _desk_report(
        request,
        guarantee_no,
        form_name="default_form",
        service=default_report,
        done="보증사고 보고를 접수했습니다.",
    )


@role_required(Role.BANK_OFFICER)
@post_only(check_object=_check_own)
def subrogation_claim(request, guarantee_no: str):
    """대위변제 청구 from the desk: nothing is booked until the foundation's two reviews."""
    return _desk_report(
        request,
        guarantee_no,
        form_name="claim_form",
        service=subrogation_claim_report,
        done="대위변제 청구를 접수했습니다. 재단의 검토와 승인 후 지급됩니다.",
    )


@require_GET
@role_required(Role.BANK_OFFICER)
def claim_list(request):
    """대위변제 청구 목록: this bank's claims, newest first, with their status."""
    bank = _bank_of(request)
    claims = (
        SubrogationClaim.objects.filter(bank=bank)
        .select_related("guarantee", "guarantee__business", "book_request")
        .order_by("-claimed_on", "-id")
    )
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(claim, ClaimStatus.LABELS[claim_status(claim)]) for claim in page]
    return render(
        request,
        "guarantees/bank/desk_claims.html",
        {"bank": bank, "page": page, "rows": rows},
    )


COLUMNS = ("guarantee_no", "loan_balance_krw")
COLUMN_LABELS = {
    "guarantee_no": "보증번호(guarantee_no)",
    "loan_balance_krw": "대출잔액(loan_balance_krw)",
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else CP949 as Korean Excel saves CSV."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp949")


def parse_monthly_csv(raw: bytes) -> tuple[list[Row], list[int], list[str]]:
    """The CSV's rows and every problem, each named by its line in the file (the header is
    line 1) and its column, in Korean, with each row's line. Rows come back only when there
    is no problem."""
    if len(raw) > MAX_UPLOAD_BYTES:
        return [], [], [f"파일이 너무 큽니다 ({MAX_UPLOAD_BYTES // 1024 // 1024}MB까지)."]
    try:
        text = _decode(raw)
    except UnicodeDecodeError:
        return [], [], ["파일을 읽을 수 없습니다: UTF-8 또는 CP949(EUC-KR) CSV로 저장하세요."]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return [], [], ["빈 파일입니다: 1행에 guarantee_no,loan_balance_krw 머리글이 필요합니다."]
    header = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return (
            [],
            [],
            [
                f"1행: {COLUMN_LABELS[c]} 열이 없습니다 (머리글: {', '.join(header) or '없음'})."
                for c in missing
            ],
        )
    where = {c: header.index(c) for c in COLUMNS}
    rows: list[Row] = []
    lines: list[int] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {c: (record[i].strip() if i < len(record) else "") for c, i in where.items()}
        number, balance_text = cells["guarantee_no"], cells["loan_balance_krw"].replace(",", "")
        ok = True
        if not number:
            errors.append(f"{line}행 {COLUMN_LABELS['guarantee_no']} 열: 보증번호가 비어 있습니다.")
            ok = False
        elif len(number) > 30:
            errors.append(
                f"{line}행 {COLUMN_LABELS['guarantee_no']} 열: 보증번호는 30자까지입니다."
            )
            ok = False
        elif number in seen:
            errors.append(
                f"{line}행 {COLUMN_LABELS['guarantee_no']} 열: 보증번호 {number}가 "
                f"{seen[number]}행에도 있습니다."
            )
            ok = False
        else:
            seen[number] = line
        label = COLUMN_LABELS["loan_balance_krw"]
        if not balance_text:
            errors.append(f"{line}행 {label} 열: 대출잔액이 비어 있습니다.")
            ok = False
        elif not balance_text.lstrip("-").isdigit():
            errors.append(
                f"{line}행 {label} 열: 대출잔액은 원 단위 정수여야 합니다 (받은 값: {cells['loan_balance_krw']!r})."
            )
            ok = False
        elif int(balance_text) < 0:
            errors.append(f"{line}행 {label} 열: 대출잔액은 0원 이상입니다.")
            ok = False
        if ok:
            rows.append(Row(guarantee_no=number, loan_balance_krw=int(balance_text)))
            lines.append(line)
    if not errors and not rows:
        errors.append("보고할 행이 없습니다: 2행부터 보증별 대출잔액을 적어 주세요.")
    return (rows, lines, []) if not errors else ([], [], errors)


def _service_errors(problem: BankProblem, lines: list[int]) -> list[str]:
    """The service's rows[i].field errors, renamed to the file's line and column."""
    out = []
    for error in problem.errors:
        field = error.get("field", "")
        if field.startswith("rows[") and "]." in field:
            index, column = field[5:].split("].", 1)
            line = lines[int(index)] if index.isdigit() and int(index) < len(lines) else "?"
            out.append(f"{line}행 {COLUMN_LABELS.get(column, column)} 열: {error['message']}.")
        else:
            out.append(f"{field}: {error['message']}.")
    return out or [problem.detail]


@require_http_methods(["GET", "POST"])
@role_required(Role.BANK_OFFICER)
def monthly_upload(request):
    """월말 잔액 보고 CSV upload: all or nothing; every problem named by row and column."""
    bank = _bank_of(request)
    errors: list[str] = []
    form = MonthlyUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            rows, lines, errors = parse_monthly_csv(form.cleaned_data["file"].read())
            if not errors:
                try:
                    monthly_report_receive(
                        source=_source(request, bank), month=form.cleaned_data["month"], rows=rows
                    )
                except BankProblem as problem:
                    errors = _service_errors(problem, lines)
                else:
                    messages.success(
                        request,
                        f"{form.cleaned_data['month']} 월말 잔액 보고 {len(rows):,}행을 접수했습니다.",
                    )
                    return redirect("guarantees:bank_desk:monthly_upload")
        status = 422
    reports = MonthlyReport.objects.filter(bank=bank).order_by("-received_at")[:24]
    return render(
        request,
        "guarantees/bank/desk_monthly.html",
        {"bank": bank, "form": form, "errors": errors, "reports": reports},
        status=status,
    )


DIFFERENCE_HEADER = [
    "구분",
    "보증번호",
    "은행 보고 대출잔액(원)",
    "보고 잔액의 보증부분(원)",
    "장부 보증잔액(원)",
    "처리 일시",
    "처리 내용",
]


@require_GET
@role_required(Role.BANK_OFFICER)
def monthly_differences_xlsx(request, report_id: int):
    """대사 차이 of one of this bank's monthly reports, as an Excel file (the API gives the
    same differences to the bank's systems as JSON)."""
    bank = _bank_of(request)
    report = MonthlyReport.objects.filter(pk=report_id, bank=bank).first()
    if report is None:
        raise Http404("이 은행의 월말 잔액 보고가 아닙니다.")
    rows = (
        [
            d.get_kind_display(),
            d.guarantee_no,
            d.reported_balance_krw,
            d.expected_exposure_krw,
            d.book_exposure_krw,
            d.resolved_at,
            d.resolution,
        ]
        for d in report.differences.order_by("kind", "guarantee_no")
    )
    return xlsx_download(
        f"대사차이_{bank.name}_{report.month:%Y%m}.xlsx",
        DIFFERENCE_HEADER,
        rows,
        title=f"{bank.name} {report.month:%Y년 %m월}말 잔액 보고의 대사 차이",
        won_columns={2, 3, 4},
    )
