"""Why the bank channel refuses a report: a stable machine `code`, a Korean title and detail,
and the HTTP status the API answers with (RFC 9457 problem details). The desk shows the same
detail on the page. A bank codes against the codes: never rename one (docs/bank-api.md)."""

from __future__ import annotations

# code → (HTTP status, Korean title). The detail says what exactly was wrong.
CODES: dict[str, tuple[int, str]] = {
    "unauthorized": (401, "인증에 실패했습니다"),
    "not_found": (404, "찾을 수 없습니다"),
    "validation_failed": (422, "입력값이 올바르지 않습니다"),
    "idempotency_key_missing": (400, "Idempotency-Key 헤더가 필요합니다"),
    "idempotency_key_invalid": (400, "Idempotency-Key 형식이 올바르지 않습니다"),
    "idempotency_key_reused": (409, "다른 요청에 이미 쓰인 Idempotency-Key입니다"),
    "guarantee_closed": (409, "이미 종결된 보증입니다"),
    "guarantee_in_default": (409, "보증사고가 접수된 보증입니다"),
    "date_in_future": (422, "미래 날짜입니다"),
    "date_before_issue": (422, "보증 발급일 이전 날짜입니다"),
    "date_before_execution": (409, "대출 실행일 이전 날짜입니다"),
    "date_after_maturity": (422, "보증 만기일 이후 날짜입니다"),
    "already_executed": (409, "대출실행이 이미 보고된 보증입니다"),
    "not_executed": (409, "대출실행이 보고되지 않은 보증입니다"),
    "loan_exceeds_guarantee": (422, "보증된 대출 금액을 넘습니다"),
    "exceeds_outstanding": (422, "보증잔액을 넘습니다"),
    "nothing_to_book": (422, "장부에 반영할 내용이 없습니다"),
    "maturity_not_extended": (422, "새 만기일이 지금 만기일 이후가 아닙니다"),
    "extension_pending": (409, "처리 중인 기한연장 요청이 있습니다"),
    "already_in_default": (409, "이미 보증사고가 접수된 보증입니다"),
    "no_default_reported": (409, "보증사고가 접수되지 않은 보증입니다"),
    "claim_pending": (409, "처리 중인 대위변제 청구가 있습니다"),
    "claim_decided": (409, "이미 처리된 대위변제 청구입니다"),
    "month_not_ended": (422, "아직 끝나지 않은 달입니다"),
    "four_eyes": (409, "같은 사람이 요청과 승인을 할 수 없습니다"),
    "already_resolved": (409, "이미 처리된 대사 차이입니다"),
    "forbidden": (403, "권한이 없습니다"),
    "certificate_not_issued": (404, "전자보증서가 없는 보증입니다"),
}


class BankProblem(Exception):
    """A bank report the book refuses; nothing is booked. `errors` lists per-field problems
    ({"field": "rows[3].loan_balance_krw", "message": "…"}) where there are several."""

    def __init__(self, code: str, detail: str, *, errors: list[dict] | None = None):
        if code not in CODES:
            raise ValueError(f"unknown problem code {code!r}")
        self.code = code
        self.detail = detail
        self.errors = errors or []
        super().__init__(detail)

    @property
    def status(self) -> int:
        return CODES[self.code][0]

    @property
    def title(self) -> str:
        return CODES[self.code][1]

    def as_problem(self, *, instance: str = "") -> dict:
        """The RFC 9457 body (application/problem+json)."""
        body = {
            "type": f"/api/bank/v1/docs#problem-{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = self.errors
        return body
