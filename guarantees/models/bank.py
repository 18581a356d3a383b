"""The partner banks' channel (협약은행): who speaks for a bank, what a bank reported, and the
records the channel keeps (API keys, call log, idempotency). Every report changes the book only
through the book services (guarantees/book/services.py); these rows hold what the bank said.

- `LoanExecution` (대출실행): the loan paid out against a guarantee — amount, rate, account. Its
  name and fields are a contract (the interest subsidy reads the rate from it).
- `BankReport`: every report a bank made about a guarantee, beside the guarantee (staff read it).
- `SubrogationClaim` (대위변제 청구): the bank's claim, decided by staff with four eyes.
- `MonthlyReport` and its `ReconciliationDifference`s: the bank's month-end balances against the
  book; differences wait for staff, nothing in the book moves by itself.
- `MaturityPolicy` and `OverdueMaturity` (기한경과): what happens to a guarantee past maturity
  without a settlement is data, not code.
"""

from __future__ import annotations

__all__ = [
    "BankApiCall",
    "BankApiKey",
    "BankChannel",
    "BankOfficer",
    "BankReport",
    "BankReportKind",
    "DifferenceKind",
    "IdempotencyRecord",
    "LoanExecution",
    "MaturityPolicy",
    "MonthlyBalance",
    "MonthlyReport",
    "OverdueDecisionKind",
    "OverdueMaturity",
    "OverdueMaturityDecision",
    "ReconciliationDifference",
    "SubrogationClaim",
]

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BankOfficer(models.Model):
    """은행 담당자: a user's membership of one partner bank. A profile row here, not a field on
    the user: accounts knows nothing of banks (the layering points one way)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bank_officer",
        verbose_name=_("사용자"),
    )
    bank = models.ForeignKey(
        "programs.Bank", on_delete=models.PROTECT, related_name="officers", verbose_name=_("은행")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("등록 시각"))

    class Meta:
        verbose_name = _("은행 담당자")
        verbose_name_plural = _("은행 담당자")

    def __str__(self) -> str:
        return f"{self.user} ({self.bank})"


class BankApiKey(models.Model):
    """은행 API 키: one bank's credential for the API. Only its SHA-256 is kept (the key is
    256 random bits, so a slow password hash would add nothing); the key itself is shown once.
    `prefix` is the public part that names the key in lists and in the call log."""

    bank = models.ForeignKey(
        "programs.Bank", on_delete=models.PROTECT, related_name="api_keys", verbose_name=_("은행")
    )
    prefix = models.CharField(_("키 식별자"), max_length=16, unique=True)
    key_sha256 = models.CharField(_("키 해시(SHA-256)"), max_length=64)
    label = models.CharField(_("용도"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("발급한 사람"),
    )
    created_at = models.DateTimeField(_("발급 일시"), auto_now_add=True)
    # Rotation: the old key keeps working until `expires_at`, so that a bank can switch over.
    expires_at = models.DateTimeField(_("만료 일시"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("폐기 일시"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("폐기한 사람"),
    )
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("교체한 새 키"),
    )
    last_used_at = models.DateTimeField(_("마지막 사용"), null=True, blank=True)

    class Meta:
        verbose_name = _("은행 API 키")
        verbose_name_plural = _("은행 API 키")
        ordering = ["bank", "-created_at"]

    def __str__(self) -> str:
        return f"{self.bank} {self.prefix}"


class BankChannel(models.TextChoices):
    API = "api", _("API")  # the bank's system, with an API key
    DESK = "desk", _("은행 창구")  # a bank officer in the browser
    POLICY = "policy", _("기한경과 정책")  # the maturity job, no bank involved
    IMPORT = "import", _("일괄 등록(이관·데모)")  # a bank's past reports loaded in bulk (seed_demo)


class BankApiCall(models.Model):
    """은행 API 호출 기록: who (bank, key), when, what (method, path, guarantee), from where,
    and the answer. Append-only (PostgreSQL refuses UPDATE and DELETE), read by 감사실."""

    at = models.DateTimeField(_("일시"), db_index=True)
    bank = models.ForeignKey(
        "programs.Bank",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("협약은행"),
    )
    api_key = models.ForeignKey(
        BankApiKey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("API 키"),
    )
    key_prefix = models.CharField(_("키 식별자"), max_length=16, blank=True)
    method = models.CharField(_("메서드"), max_length=10)
    path = models.CharField(_("요청 주소"), max_length=500)
    operation = models.CharField(_("기능"), max_length=60, blank=True)
    guarantee_no = models.CharField(_("보증번호"), max_length=30, blank=True)
    idempotency_key = models.CharField(
        _("멱등 키 (Idempotency-Key)"),
        max_length=255,
        blank=True,
    )
    replayed = models.BooleanField(_("재응답"), default=False)
    status = models.PositiveSmallIntegerField(_("응답 코드"))
    problem_code = models.CharField(_("오류 코드"), max_length=60, blank=True)
    ip_address = models.GenericIPAddressField(_("접속 IP"), null=True, blank=True)
    user_agent = models.CharField(_("클라이언트"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("처리 시간(ms)"), default=0)

    class Meta:
        verbose_name = _("은행 API 호출 기록")
        verbose_name_plural = _("은행 API 호출 기록")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["bank", "at"], name="bank_api_call_bank_at")]
        triggers = [
            pgtrigger.Protect(
                name="bank_api_call_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status}"


class IdempotencyRecord(models.Model):
    """One POST's answer under its Idempotency-Key: the same key and body get this answer
    again; the same key with another body is refused. Written in the transaction that booked."""

    bank = models.ForeignKey(
        "programs.Bank", on_delete=models.PROTECT, related_name="+", verbose_name=_("협약은행")
    )
    key = models.CharField(max_length=255, verbose_name=_("멱등 키"))
    operation = models.CharField(max_length=60, verbose_name=_("작업"))
    request_sha256 = models.CharField(max_length=64, verbose_name=_("요청 SHA-256 해시"))
    status = models.PositiveSmallIntegerField(verbose_name=_("응답 상태 코드"))
    response = models.JSONField(verbose_name=_("응답 본문"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("기록 시각"))

    class Meta:
        verbose_name = _("멱등 요청 기록")
        verbose_name_plural = _("멱등 요청 기록")
        constraints = [
            models.UniqueConstraint(fields=["bank", "key"], name="idempotency_bank_key"),
        ]

    def __str__(self) -> str:
        return f"{self.bank_id}:{self.key}"


class LoanExecution(models.Model):
    """대출실행: the bank paid the loan out against the guarantee. At most one per guarantee.
    A loan of less than the guaranteed loan lowers the exposure (the `exposure_event`); the
    rate is the one the interest subsidy (이차보전) uses."""

    guarantee = models.OneToOneField(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="loan_execution",
        verbose_name=_("보증"),
    )
    executed_on = models.DateField(_("대출 실행일"))
    loan_amount_krw = models.BigIntegerField(_("대출 실행 금액(원)"))
    interest_rate_pct = models.DecimalField(_("대출 금리(연 %)"), max_digits=6, decimal_places=3)
    loan_account_ref = models.CharField(_("대출 계좌(은행 참조번호)"), max_length=50)
    channel = models.CharField(_("보고 경로"), max_length=10, choices=BankChannel.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("보고자"),
    )
    reported_via_key = models.ForeignKey(
        BankApiKey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("보고한 API 키"),
    )
    exposure_event = models.OneToOneField(
        "guarantees.GuaranteeEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("보증 금액보다 적게 실행되어 보증잔액을 줄인 사건"),
        verbose_name=_("보증잔액 조정 이력"),
    )
    created_at = models.DateTimeField(_("보고 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("대출실행")
        verbose_name_plural = _("대출실행")
        ordering = ["-executed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(loan_amount_krw__gt=0), name="loan_execution_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(interest_rate_pct__gte=0) & models.Q(interest_rate_pct__lte=100),
                name="loan_execution_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guarantee} 대출실행 {self.executed_on}"


class BankReportKind(models.TextChoices):
    LOAN_EXECUTION = "loan_execution", _("대출실행")
    REPAYMENT = "repayment", _("상환")
    MATURITY_SETTLEMENT = "maturity_settlement", _("만기 처리")
    DEFAULT = "default", _("연체(보증사고)")
    SUBROGATION_CLAIM = "subrogation_claim", _("대위변제 청구")


class BankReport(models.Model):
    """은행 보고: one thing a bank told the foundation about a guarantee, as it said it, with
    what the book did about it (the event booked, or the request waiting for staff)."""

    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="bank_reports",
        verbose_name=_("신용보증"),
    )
    bank = models.ForeignKey(
        "programs.Bank", on_delete=models.PROTECT, related_name="+", verbose_name=_("협약은행")
    )
    kind = models.CharField(_("보고 구분"), max_length=30, choices=BankReportKind.choices)
    reported_on = models.DateField(_("기준일"))
    payload = models.JSONField(_("보고 내용"))
    channel = models.CharField(_("보고 경로"), max_length=10, choices=BankChannel.choices)
    api_key = models.ForeignKey(
        BankApiKey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("API 키"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("보고한 사람"),
    )
    event = models.ForeignKey(
        "guarantees.GuaranteeEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_reports",
        verbose_name=_("사후관리 이력"),
    )
    book_request = models.ForeignKey(
        "guarantees.BookRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_reports",
        verbose_name=_("사후관리 요청"),
    )
    created_at = models.DateTimeField(_("접수 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("은행 보고")
        verbose_name_plural = _("은행 보고")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.guarantee_id} {self.get_kind_display()} {self.reported_on}"


class SubrogationClaim(models.Model):
    """대위변제 청구: the bank asks the foundation to pay. A staff member reviews it and
    recommends payment (a BookRequest of the subrogation); a second one approves, which books
    the subrogation and opens the recourse claim. Its status follows that request."""

    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="subrogation_claims",
        verbose_name=_("신용보증"),
    )
    bank = models.ForeignKey(
        "programs.Bank", on_delete=models.PROTECT, related_name="+", verbose_name=_("협약은행")
    )
    claimed_on = models.DateField(_("청구일"))
    principal_krw = models.BigIntegerField(_("청구 원금(원)"))
    interest_krw = models.BigIntegerField(_("청구 이자(원)"))
    payable_krw = models.BigIntegerField(_("지급 예정액(원)"))
    report = models.OneToOneField(
        BankReport,
        on_delete=models.PROTECT,
        related_name="subrogation_claim",
        verbose_name=_("은행 보고"),
    )
    book_request = models.OneToOneField(
        "guarantees.BookRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subrogation_claim",
        verbose_name=_("사후관리 요청"),
    )
    rejected_at = models.DateTimeField(_("반려 일시"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("반려한 사람"),
    )
    rejection_reason = models.TextField(_("반려 사유"), blank=True)
    created_at = models.DateTimeField(_("접수 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("대위변제 청구")
        verbose_name_plural = _("대위변제 청구")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(principal_krw__gt=0)
                & models.Q(interest_krw__gte=0)
                & models.Q(payable_krw__gt=0),
                name="subrogation_claim_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guarantee} 대위변제 청구 {self.claimed_on}"


class MonthlyReport(models.Model):
    """월말 대출잔액 보고: a bank's loan balance of every live guarantee at a month end,
    reconciled against the book when received."""

    bank = models.ForeignKey(
        "programs.Bank",
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        verbose_name=_("협약은행"),
    )
    month = models.DateField(_("기준월"), help_text=_("그 달의 1일"))
    channel = models.CharField(_("보고 경로"), max_length=10, choices=BankChannel.choices)
    api_key = models.ForeignKey(
        BankApiKey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("API 키"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("보고한 사람"),
    )
    row_count = models.PositiveIntegerField(_("보고 건수"))
    matched_count = models.PositiveIntegerField(_("일치 건수"))
    difference_count = models.PositiveIntegerField(_("차이 건수"))
    received_at = models.DateTimeField(_("접수 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("월말 잔액 보고")
        verbose_name_plural = _("월말 잔액 보고")
        ordering = ["-month", "-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.bank} {self.month:%Y-%m}"


class MonthlyBalance(models.Model):
    """월말 대출잔액: one row of a monthly report as the bank sent it (the loan balance of one
    guarantee at the month end), kept so that staff see each guarantee's reported balances
    beside the book, matched or not. `guarantee` is empty for a number that is not one of
    this bank's guarantees issued by the month end."""

    report = models.ForeignKey(
        MonthlyReport,
        on_delete=models.CASCADE,
        related_name="balances",
        verbose_name=_("월말 잔액 보고"),
    )
    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monthly_balances",
        verbose_name=_("보증"),
    )
    guarantee_no = models.CharField(_("보증번호"), max_length=30)
    loan_balance_krw = models.BigIntegerField(_("은행 보고 대출잔액(원)"))

    class Meta:
        verbose_name = _("월말 대출잔액")
        verbose_name_plural = _("월말 대출잔액")
        ordering = ["report", "guarantee_no"]
        indexes = [models.Index(fields=["guarantee", "report"], name="monthly_balance_guarantee")]

    def __str__(self) -> str:
        return f"{self.report} {self.guarantee_no} {self.loan_balance_krw:,}원"


class DifferenceKind(models.TextChoices):
    MISSING = "missing", _("보고 누락")  # live in the book, absent from the bank's report
    UNKNOWN = "unknown", _("장부에 없음")  # reported, but not a live guarantee of this bank
    BALANCE = "balance", _("잔액 불일치")  # the guaranteed share of the balance ≠ the exposure


class ReconciliationDifference(models.Model):
    """대사 차이: one line of a monthly report that does not match the book. Staff resolve it
    (with a note, and where needed a book request); nothing in the book moves by itself."""

    report = models.ForeignKey(
        MonthlyReport,
        on_delete=models.CASCADE,
        related_name="differences",
        verbose_name=_("월말 잔액 보고"),
    )
    kind = models.CharField(_("구분"), max_length=10, choices=DifferenceKind.choices)
    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("신용보증"),
    )
    guarantee_no = models.CharField(_("보증번호"), max_length=30)
    reported_balance_krw = models.BigIntegerField(_("은행 보고 대출잔액(원)"), null=True)
    expected_exposure_krw = models.BigIntegerField(_("보고 잔액의 보증부분(원)"), null=True)
    book_exposure_krw = models.BigIntegerField(_("장부 보증잔액(원)"), null=True)
    resolved_at = models.DateTimeField(_("처리 일시"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("해소한 사람"),
    )
    resolution = models.TextField(_("처리 내용"), blank=True)

    class Meta:
        verbose_name = _("대사 차이")
        verbose_name_plural = _("대사 차이")
        ordering = ["report", "kind", "guarantee_no"]
        indexes = [
            models.Index(
                fields=["resolved_at", "kind"], name="reconciliation_open", include=["report"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.guarantee_no} {self.get_kind_display()}"


class MaturityPolicy(models.Model):
    """기한경과 정책 (policy as data): how long a guarantee past its maturity with no settlement
    and no default report stays on the 기한경과 list before it is closed. The row in force is
    the latest `effective_from` on or before the day; the default row and its reason come
    with the migration (docs/bank-api.md)."""

    effective_from = models.DateField(_("적용 시작일"), unique=True)
    grace_days = models.PositiveSmallIntegerField(_("유예 기간(일)"))
    close_after_grace = models.BooleanField(
        _("유예 후 해지"),
        default=True,
        help_text=_("끄면 기한경과 목록에만 올리고 해지하지 않습니다."),
    )
    reason = models.TextField(_("근거"))

    class Meta:
        verbose_name = _("기한경과 정책")
        verbose_name_plural = _("기한경과 정책")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from} 부터 {self.grace_days}일"


class OverdueMaturity(models.Model):
    """기한경과: a guarantee found past `matures_on` with no settlement, for the branch and the
    bank. Closed by the bank's settlement, an extension, a default, or the policy."""

    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        related_name="overdue_maturities",
        verbose_name=_("신용보증"),
    )
    matures_on = models.DateField(_("만기일"))
    listed_on = models.DateField(_("목록 등재일"))
    resolved_on = models.DateField(_("해소일"), null=True, blank=True)
    closed_by_policy = models.BooleanField(_("정책에 따라 해지"), default=False)
    event = models.ForeignKey(
        "guarantees.GuaranteeEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("사후관리 이력"),
    )

    class Meta:
        verbose_name = _("기한경과")
        verbose_name_plural = _("기한경과")
        ordering = ["matures_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["guarantee", "matures_on"], name="overdue_maturity_once"
            ),
        ]
        indexes = [models.Index(fields=["resolved_on", "matures_on"], name="overdue_open")]

    def __str__(self) -> str:
        return f"{self.guarantee} 기한경과 ({self.matures_on})"


class OverdueDecisionKind(models.TextChoices):
    """What staff decided about a 기한경과 row. Only `bank_contacted` is a note; the others
    open a book request that a second person approves (four eyes), as any book event."""

    BANK_CONTACTED = "bank_contacted", _("은행 확인 중")  # a note: asked the bank, waiting
    EXTENSION_REQUESTED = "extension_requested", _("기한연장 요청")  # extension request
    TERMINATION_REQUESTED = "termination_requested", _("해지 요청")  # termination request
    DEFAULT_REPORTED = "default_reported", _("보증사고 접수 요청")  # accident request


class OverdueMaturityDecision(models.Model):
    """기한경과 처리 기록: one decision a staff member recorded on a 기한경과 row (with the book
    request it opened, if any). While such a request is pending the policy does not close
    the guarantee: the staff's decision comes first."""

    overdue = models.ForeignKey(
        OverdueMaturity,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("기한경과"),
    )
    kind = models.CharField(_("처리 구분"), max_length=30, choices=OverdueDecisionKind.choices)
    note = models.TextField(_("처리 내용"))
    book_request = models.OneToOneField(
        "guarantees.BookRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overdue_decision",
        verbose_name=_("사후관리 요청"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("처리자"),
    )
    decided_at = models.DateTimeField(_("처리 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("기한경과 처리 기록")
        verbose_name_plural = _("기한경과 처리 기록")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.overdue} {self.get_kind_display()}"
