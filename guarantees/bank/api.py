"""The bank API v1 (/api/bank/v1/): django-ninja, with Pydantic schemas that generate the
OpenAPI 3 document at /api/bank/v1/openapi.json and the docs page beside it (Swagger UI from
ninja's own static files, no CDN). docs/bank-api.md is the integration guide.

Why django-ninja: the request and response types are the Pydantic classes below, so the
schema a bank codes against is generated from the same declarations that validate the request
— they cannot drift apart; it is small, typed, maintained, and needs no second framework
(DRF + drf-spectacular would bring serializers, views and settings of their own).

Every path and JSON key here is a contract (issue 12). Every POST goes through
idempotency.bank_post; every error is RFC 9457 problem details (application/problem+json)
with a Korean title/detail and a stable `code` (problems.py); every call is logged in
BankApiCall (urls.py wraps each view).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Header, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import BeforeValidator, ConfigDict, StrictInt, StrictStr

from ..models import (
    GuaranteeEvent,
    LoanExecution,
    MonthlyReport,
    SubrogationClaim,
)
from . import reconciliation, services
from .idempotency import bank_post
from .keys import api_key_authenticate
from .problems import BankProblem
from .sources import ReportSource, bank_guarantees, guarantee_of

PAGE_SIZE = 100
MAX_KRW = 10**15  # 1,000조원: beyond any loan, inside PostgreSQL bigint with room to add
PROBLEM_TYPE = "application/problem+json"


# ----------------------------------------------------------------------------- problems


def problem_response(problem: BankProblem, request: HttpRequest | None = None) -> HttpResponse:
    body = problem.as_problem(instance=request.path if request is not None else "")
    response = JsonResponse(
        body,
        status=problem.status,
        content_type=PROBLEM_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    response.problem_code = problem.code
    if problem.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="bank-api"'
    return response


def _field(loc) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == "payload":
            parts.pop(0)
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


_MESSAGES = {
    "missing": "값이 필요합니다",
    "extra_forbidden": "알 수 없는 항목입니다",
    "int_type": "정수(원 단위)여야 합니다",
    "string_type": "문자열이어야 합니다",
    "greater_than": "더 큰 값이어야 합니다",
    "greater_than_equal": "더 큰 값이어야 합니다",
    "less_than_equal": "너무 큰 값입니다",
    "date_from_datetime_parsing": "날짜는 YYYY-MM-DD 형식입니다",
    "literal_error": "허용되지 않는 값입니다",
    "string_too_long": "너무 깁니다",
    "string_too_short": "비어 있습니다",
    "json_invalid": "JSON 본문을 읽을 수 없습니다",
}


def validation_problem(exc: ValidationError) -> BankProblem:
    errors = []
    for error in exc.errors:
        kind = error.get("type", "")
        message = _MESSAGES.get(kind) or str(error.get("msg", "올바르지 않은 값입니다"))
        if kind in ("greater_than", "greater_than_equal", "less_than_equal"):
            limit = next(iter((error.get("ctx") or {}).values()), "")
            message = f"{message} ({'≤' if kind == 'less_than_equal' else '≥' if kind.endswith('equal') else '>'} {limit})"
        errors.append({"field": _field(error.get("loc", ())), "message": message})
    first = errors[0] if errors else {"field": "body", "message": "올바르지 않은 요청"}
    return BankProblem(
        "validation_failed",
        f"{first['field']}: {first['message']}"
        + (f" 외 {len(errors) - 1}곳" if len(errors) > 1 else ""),
        errors=errors,
    )


# ----------------------------------------------------------------------------- auth


class BankKey(HttpBearer):
    """Authorization: Bearer <key> (one key per bank, keys.py)."""

    def authenticate(self, request, token):
        record = api_key_authenticate(token)
        if record is not None:
            request.bank_api_key = record
        return record


def source_of(request) -> ReportSource:
    key = request.bank_api_key
    return ReportSource(bank=key.bank, api_key=key)


api = NinjaAPI(
    title="신용보증재단 보증 포털 협약은행 API",
    version="1.0.0",
    description=(
        "협약은행이 보증서 조회, 대출실행·상환·만기·연체·대위변제 청구, 월말 잔액을 보고하는 API입니다. "
        "연동 안내: docs/bank-api.md. 모든 POST에는 Idempotency-Key 헤더가 필요합니다. "
        "오류는 RFC 9457 problem details (application/problem+json)이며 `code`로 구분합니다."
    ),
    auth=BankKey(),
    urls_namespace="bank_api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(BankProblem)
def _bank_problem(request, exc):
    return problem_response(exc, request)


@api.exception_handler(ValidationError)
def _validation(request, exc):
    return problem_response(validation_problem(exc), request)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return problem_response(
        BankProblem(
            "unauthorized",
            "Authorization: Bearer <API 키> 헤더가 없거나, 키가 틀렸거나 폐기·만료되었습니다.",
        ),
        request,
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(BankProblem("not_found", "요청한 주소나 대상이 없습니다."), request)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    code = {401: "unauthorized", 404: "not_found"}.get(exc.status_code, "validation_failed")
    return problem_response(BankProblem(code, str(exc)), request)


# ----------------------------------------------------------------------------- schemas

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value):
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise ValueError("날짜는 YYYY-MM-DD 형식의 문자열입니다")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_date)]
Won = Annotated[StrictInt, Field(ge=0, le=MAX_KRW)]
PositiveWon = Annotated[StrictInt, Field(gt=0, le=MAX_KRW)]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[dict[str, str]] | None = None


class EventOut(Schema):
    date: dt.date
    kind: str = Field(description="repayment, termination, extension, accident, subrogation …")
    kind_label: str
    amount_krw: int
    new_matures_on: dt.date | None = None


class GuaranteeOut(Schema):
    guarantee_no: str
    certificate_no: str = Field(description="보증서 번호 (보증번호와 같습니다)")
    business_no: str
    business_name: str
    issued_on: dt.date
    matures_on: dt.date
    loan_amount_krw: int
    guarantee_ratio_pct: float
    guaranteed_amount_krw: int
    outstanding_krw: int = Field(description="보증잔액 (재단 장부)")
    status: Literal["active", "accident", "subrogated", "terminated"]
    certificate_url: str = Field(description="전자보증서 PDF (같은 API 키로 받습니다)")


class LoanExecutionOut(Schema):
    guarantee_no: str
    executed_on: dt.date
    loan_amount_krw: int
    interest_rate_pct: str
    loan_account_ref: str
    outstanding_krw: int
    reported_at: dt.datetime


class GuaranteeDetail(GuaranteeOut):
    loan_execution: LoanExecutionOut | None
    events: list[EventOut]


class GuaranteePage(Schema):
    items: list[GuaranteeOut]
    next_cursor: str | None = Field(description="다음 쪽 (없으면 null)")


class LoanExecutionIn(In):
    executed_on: Day
    loan_amount_krw: PositiveWon
    interest_rate_pct: Annotated[Decimal, Field(ge=0, le=100, max_digits=6, decimal_places=3)]
    loan_account_ref: Annotated[StrictStr, Field(min_length=1, max_length=50)]


class RepaymentIn(In):
    paid_on: Day
    loan_principal_krw: Won
    loan_balance_krw: Won


class MaturitySettlementIn(In):
    settled_on: Day
    outcome: Literal["repaid", "extended"]
    new_matures_on: Day | None = None


class DefaultIn(In):
    default_on: Day
    overdue_principal_krw: PositiveWon
    reason: Annotated[StrictStr, Field(min_length=1, max_length=200)]


class SubrogationClaimIn(In):
    claimed_on: Day
    principal_krw: PositiveWon
    interest_krw: Won


class MonthlyRowIn(In):
    guarantee_no: Annotated[StrictStr, Field(min_length=1, max_length=30)]
    loan_balance_krw: Won


class MonthlyReportIn(In):
    month: Annotated[StrictStr, Field(pattern=r"^[12]\d{3}-(0[1-9]|1[0-2])$")]
    rows: Annotated[list[MonthlyRowIn], Field(max_length=reconciliation.MAX_ROWS)]


class BookRequestOut(Schema):
    id: int
    kind: str
    status: Literal["pending", "approved", "rejected"]


class ReportOut(Schema):
    report_id: int
    guarantee_no: str
    kind: str
    reported_on: dt.date
    event: EventOut | None = Field(description="장부에 반영된 사건 (없으면 null)")
    book_request: BookRequestOut | None = Field(description="재단 결정을 기다리는 요청")
    outstanding_krw: int
    status: Literal["active", "accident", "subrogated", "terminated"]


class ClaimOut(Schema):
    id: int
    guarantee_no: str
    claimed_on: dt.date
    principal_krw: int
    interest_krw: int
    payable_krw: int = Field(description="지급 예정액: (원금+이자)의 보증부분, 원 미만 절사")
    status: Literal["received", "recommended", "paid", "rejected"]
    status_label: str
    decided_at: dt.datetime | None
    rejection_reason: str | None


class DifferenceOut(Schema):
    kind: Literal["missing", "unknown", "balance"]
    guarantee_no: str
    reported_balance_krw: int | None
    expected_exposure_krw: int | None
    book_exposure_krw: int | None
    resolved: bool
    resolution: str | None


class MonthlyReportOut(Schema):
    id: int
    month: str
    row_count: int
    matched_count: int
    difference_count: int
    received_at: dt.datetime
    differences: list[DifferenceOut]


# ----------------------------------------------------------------------------- readers


def _event_out(event: GuaranteeEvent | None) -> dict | None:
    if event is None:
        return None
    return {
        "date": event.date.isoformat(),
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "amount_krw": event.amount_krw,
        "new_matures_on": event.new_matures_on.isoformat() if event.new_matures_on else None,
    }


def _certificate_url(request, guarantee_no: str) -> str:
    return request.build_absolute_uri(
        f"/api/bank/v1/guarantees/{quote(guarantee_no, safe='')}/certificate.pdf"
    )


def _exposures(ids: list[int]) -> dict[int, int]:
    from django.db.models import Sum

    from ledger import chart
    from ledger.models import Posting
    from ledger.services import account_id

    rows = (
        Posting.objects.filter(guarantee_id__in=ids, account_id=account_id(chart.EXPOSURE))
        .values("guarantee_id")
        .annotate(total=Sum("amount_krw"))
    )
    return {row["guarantee_id"]: int(row["total"] or 0) for row in rows}


def _guarantee_out(request, guarantee, outstanding: int) -> dict:
    return {
        "guarantee_no": guarantee.guarantee_no,
        "certificate_no": guarantee.guarantee_no,
        "business_no": guarantee.business.business_no,
        "business_name": guarantee.business.name,
        "issued_on": guarantee.issued_on.isoformat(),
        "matures_on": guarantee.matures_on.isoformat(),
        "loan_amount_krw": guarantee.loan_amount_krw,
        "guarantee_ratio_pct": float(guarantee.guarantee_ratio_pct),
        "guaranteed_amount_krw": guarantee.guaranteed_amount_krw,
        "outstanding_krw": outstanding,
        "status": guarantee.status,
        "certificate_url": _certificate_url(request, guarantee.guarantee_no),
    }


def _execution_out(execution: LoanExecution, outstanding: int) -> dict:
    return {
        "guarantee_no": execution.guarantee.guarantee_no,
        "executed_on": execution.executed_on.isoformat(),
        "loan_amount_krw": execution.loan_amount_krw,
        "interest_rate_pct": f"{Decimal(execution.interest_rate_pct):.3f}",
        "loan_account_ref": execution.loan_account_ref,
        "outstanding_krw": outstanding,
        "reported_at": execution.created_at.isoformat(),
    }


def _report_out(report) -> dict:
    guarantee = report.guarantee
    guarantee.refresh_from_db(fields=["status"])
    request = report.book_request
    return {
        "report_id": report.id,
        "guarantee_no": guarantee.guarantee_no,
        "kind": report.kind,
        "reported_on": report.reported_on.isoformat(),
        "event": _event_out(report.event),
        "book_request": (
            {"id": request.id, "kind": request.kind, "status": request.status} if request else None
        ),
        "outstanding_krw": services.exposure_of(guarantee),
        "status": guarantee.status,
    }


def _claim_out(claim: SubrogationClaim) -> dict:
    status = services.claim_status(claim)
    request = claim.book_request
    decided_at = claim.rejected_at or (request.decided_at if request else None)
    reason = claim.rejection_reason or (
        request.decision_reason if request is not None and request.status == "rejected" else ""
    )
    return {
        "id": claim.id,
        "guarantee_no": claim.guarantee.guarantee_no,
        "claimed_on": claim.claimed_on.isoformat(),
        "principal_krw": claim.principal_krw,
        "interest_krw": claim.interest_krw,
        "payable_krw": claim.payable_krw,
        "status": status,
        "status_label": services.ClaimStatus.LABELS[status],
        "decided_at": decided_at.isoformat() if decided_at else None,
        "rejection_reason": reason or None,
    }


def _monthly_out(report: MonthlyReport) -> dict:
    return {
        "id": report.id,
        "month": f"{report.month:%Y-%m}",
        "row_count": report.row_count,
        "matched_count": report.matched_count,
        "difference_count": report.difference_count,
        "received_at": report.received_at.isoformat(),
        "differences": [
            {
                "kind": d.kind,
                "guarantee_no": d.guarantee_no,
                "reported_balance_krw": d.reported_balance_krw,
                "expected_exposure_krw": d.expected_exposure_krw,
                "book_exposure_krw": d.book_exposure_krw,
                "resolved": d.resolved_at is not None,
                "resolution": d.resolution or None,
            }
            for d in report.differences.order_by("kind", "guarantee_no")
        ],
    }


def _cursor_decode(cursor: str) -> tuple[dt.date, int]:
    try:
        text = base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)).decode()
        day, pk = text.split("|")
        return dt.date.fromisoformat(day), int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise BankProblem(
            "validation_failed",
            "cursor가 올바르지 않습니다. 앞 쪽 응답의 next_cursor를 그대로 보내 주세요.",
            errors=[{"field": "cursor", "message": "앞 응답의 next_cursor"}],
        ) from exc


def _cursor_encode(guarantee) -> str:
    raw = f"{guarantee.issued_on.isoformat()}|{guarantee.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# ----------------------------------------------------------------------------- calls

READ = {401: Problem, 404: Problem, 422: Problem}
WRITE = {400: Problem, 401: Problem, 404: Problem, 409: Problem, 422: Problem}
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="요청마다 새로 만든 키 (예: UUID)", default=None),
]


@api.get("/guarantees", response={200: GuaranteePage, **READ}, operation_id="guarantees_list")
def guarantees_list(
    request,
    issued_since: Day | None = None,
    status: Literal["active", "accident", "subrogated", "terminated"] | None = None,
    cursor: Annotated[str, Field(max_length=100)] | None = None,
):
    """이 은행의 보증, 최근 발급 순, 커서로 나누어 (한 쪽 100건)."""
    bank = request.bank_api_key.bank
    queryset = bank_guarantees(bank).select_related("business").order_by("-issued_on", "-id")
    if issued_since:
        queryset = queryset.filter(issued_on__gte=issued_since)
    if status:
        queryset = queryset.filter(status=status)
    if cursor:
        day, pk = _cursor_decode(cursor)
        from django.db.models import Q

        queryset = queryset.filter(Q(issued_on__lt=day) | Q(issued_on=day, id__lt=pk))
    page = list(queryset[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    exposures = _exposures([g.id for g in page])
    return {
        "items": [_guarantee_out(request, g, exposures.get(g.id, 0)) for g in page],
        "next_cursor": _cursor_encode(page[-1]) if more else None,
    }


GuaranteeNo = Annotated[str, Field(max_length=30)]


@api.get(
    "/guarantees/{guarantee_no}",
    response={200: GuaranteeDetail, **READ},
    operation_id="guarantee_detail",
)
def guarantee_detail(request, guarantee_no: GuaranteeNo):
    """보증 한 건과 그 사건 (다른 은행의 보증은 404)."""
    guarantee = guarantee_of(request.bank_api_key.bank, guarantee_no)
    outstanding = services.exposure_of(guarantee)
    body = _guarantee_out(request, guarantee, outstanding)
    execution = LoanExecution.objects.filter(guarantee=guarantee).first()
    body["loan_execution"] = _execution_out(execution, outstanding) if execution else None
    body["events"] = [_event_out(e) for e in guarantee.events.order_by("date", "id")]
    return body


@api.get(
    "/guarantees/{guarantee_no}/certificate.pdf",
    response={200: None, **READ},
    operation_id="guarantee_certificate",
)
def guarantee_certificate(request, guarantee_no: GuaranteeNo):
    """전자보증서 PDF."""
    from ..applicant.certificate import certificate_pdf
    from ..models import GuaranteeCertificate

    guarantee = guarantee_of(request.bank_api_key.bank, guarantee_no)
    if not GuaranteeCertificate.objects.filter(guarantee=guarantee).exists():
        # The check code is written when the portal issues a guarantee; one that came in
        # through import_book was issued on paper before the portal and has no 전자보증서.
        raise BankProblem(
            "certificate_not_issued",
            f"{guarantee.guarantee_no}는 포털 이전에 종이로 발급된 보증이라 전자보증서가 없습니다.",
        )
    response = HttpResponse(certificate_pdf(guarantee), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{guarantee.guarantee_no}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _post(request, *, operation: str, payload: In, key, book) -> Status:
    source = source_of(request)
    answer = bank_post(
        bank=source.bank,
        key=key,
        operation=operation,
        path=request.path,
        body=payload.model_dump(mode="json"),
        book=lambda: book(source),
    )
    request.idempotency_key = key
    request.replayed = answer.replayed
    return Status(answer.status, answer.body)


@api.post(
    "/guarantees/{guarantee_no}/loan-executions",
    response={201: LoanExecutionOut, **WRITE},
    operation_id="loan_execution_create",
)
def loan_execution_create(
    request, guarantee_no: GuaranteeNo, payload: LoanExecutionIn, idempotency_key: IdempotencyKey
):
    """대출실행: 실행액 ≤ 보증된 대출금액. 적게 실행하면 보증잔액이 그만큼 줄고, 금리는 이차보전에 쓰입니다."""

    def book(source):
        execution = services.loan_execution_report(
            source=source, guarantee_no=guarantee_no, **payload.model_dump()
        )
        return 201, _execution_out(execution, services.exposure_of(execution.guarantee))

    return _post(
        request, operation="loan_execution", payload=payload, key=idempotency_key, book=book
    )


@api.post(
    "/guarantees/{guarantee_no}/repayments",
    response={201: ReportOut, **WRITE},
    operation_id="repayment_create",
)
def repayment_create(
    request, guarantee_no: GuaranteeNo, payload: RepaymentIn, idempotency_key: IdempotencyKey
):
    """상환: 보증잔액이 상환 원금의 보증부분(원 미만 절사)만큼 줄고, 대출잔액 0이면 해지됩니다."""

    def book(source):
        report = services.repayment_report(
            source=source, guarantee_no=guarantee_no, **payload.model_dump()
        )
        return 201, _report_out(report)

    return _post(request, operation="repayment", payload=payload, key=idempotency_key, book=book)


@api.post(
    "/guarantees/{guarantee_no}/maturity-settlements",
    response={201: ReportOut, **WRITE},
    operation_id="maturity_settlement_create",
)
def maturity_settlement_create(
    request,
    guarantee_no: GuaranteeNo,
    payload: MaturitySettlementIn,
    idempotency_key: IdempotencyKey,
):
    """만기 처리: repaid → 해지, extended → 지점이 결정하는 기한연장 요청."""

    def book(source):
        report = services.maturity_settlement_report(
            source=source, guarantee_no=guarantee_no, **payload.model_dump()
        )
        return 201, _report_out(report)

    return _post(
        request, operation="maturity_settlement", payload=payload, key=idempotency_key, book=book
    )


@api.post(
    "/guarantees/{guarantee_no}/defaults",
    response={201: ReportOut, **WRITE},
    operation_id="default_create",
)
def default_create(
    request, guarantee_no: GuaranteeNo, payload: DefaultIn, idempotency_key: IdempotencyKey
):
    """보증사고: 연체 원금의 보증부분이 사고 금액으로 장부에 오릅니다."""

    def book(source):
        report = services.default_report(
            source=source, guarantee_no=guarantee_no, **payload.model_dump()
        )
        return 201, _report_out(report)

    return _post(request, operation="default", payload=payload, key=idempotency_key, book=book)


@api.post(
    "/guarantees/{guarantee_no}/subrogation-claims",
    response={201: ClaimOut, **WRITE},
    operation_id="subrogation_claim_create",
)
def subrogation_claim_create(
    request,
    guarantee_no: GuaranteeNo,
    payload: SubrogationClaimIn,
    idempotency_key: IdempotencyKey,
):
    """대위변제 청구: 재단 직원이 검토하고 다른 직원이 승인하면 지급(대위변제)됩니다."""

    def book(source):
        claim = services.subrogation_claim_report(
            source=source, guarantee_no=guarantee_no, **payload.model_dump()
        )
        return 201, _claim_out(claim)

    return _post(
        request, operation="subrogation_claim", payload=payload, key=idempotency_key, book=book
    )


@api.get(
    "/subrogation-claims/{claim_id}",
    response={200: ClaimOut, **READ},
    operation_id="subrogation_claim_detail",
)
def subrogation_claim_detail(request, claim_id: Annotated[int, Field(ge=1, le=2**62)]):
    """대위변제 청구 한 건과 처리 상태."""
    claim = (
        SubrogationClaim.objects.select_related("guarantee", "book_request")
        .filter(pk=claim_id, bank=request.bank_api_key.bank)
        .first()
    )
    if claim is None:
        raise BankProblem("not_found", f"이 은행의 대위변제 청구 {claim_id}가 없습니다.")
    return _claim_out(claim)


@api.post(
    "/monthly-reports",
    response={201: MonthlyReportOut, **WRITE},
    operation_id="monthly_report_create",
)
def monthly_report_create(request, payload: MonthlyReportIn, idempotency_key: IdempotencyKey):
    """월말 대출잔액: 장부와 대사하여 차이(missing, unknown, balance)를 돌려줍니다. 장부는 바뀌지 않습니다."""

    def book(source):
        report = reconciliation.monthly_report_receive(
            source=source,
            month=payload.month,
            rows=[reconciliation.Row(r.guarantee_no, r.loan_balance_krw) for r in payload.rows],
        )
        return 201, _monthly_out(report)

    return _post(
        request, operation="monthly_report", payload=payload, key=idempotency_key, book=book
    )


@api.get(
    "/monthly-reports/{report_id}",
    response={200: MonthlyReportOut, **READ},
    operation_id="monthly_report_detail",
)
def monthly_report_detail(request, report_id: Annotated[int, Field(ge=1, le=2**62)]):
    """월말 잔액 보고 한 건과 그 대사 차이."""
    report = MonthlyReport.objects.filter(pk=report_id, bank=request.bank_api_key.bank).first()
    if report is None:
        raise BankProblem("not_found", f"이 은행의 월말 잔액 보고 {report_id}가 없습니다.")
    return _monthly_out(report)


# ----------------------------------------------------------------------------- OpenAPI


_original_schema = api.get_openapi_schema


def _schema(*args, **kwargs):
    """What ninja cannot say by itself: errors are application/problem+json, the PDF is a PDF,
    Idempotency-Key is required on every POST."""
    schema = _original_schema(*args, **kwargs)
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content")
                if int(status) >= 400 and content and "application/json" in content:
                    response["content"] = {PROBLEM_TYPE: content["application/json"]}
                if path.endswith("certificate.pdf") and status == "200":
                    response["content"] = {
                        "application/pdf": {"schema": {"type": "string", "format": "binary"}}
                    }
            if method == "post":
                for parameter in operation.get("parameters", []):
                    if parameter.get("name") == "Idempotency-Key":
                        parameter["required"] = True
                        parameter["schema"] = {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 255,
                            "pattern": "^[!-~]+$",
                        }
    return schema


api.get_openapi_schema = _schema
