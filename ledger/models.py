"""The journal: append-only, double-entry, in whole won.

Every figure the council asks about is a sum of postings up to a date. The database, not only
Python, guarantees the ledger's invariants (see migrations/0002_ledger_guards.py):

- an entry's postings sum to zero, checked when the transaction commits;
- postings and entries are never updated or deleted: a correction is a reversing entry;
- an idempotency key books at most once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import tracked
from jobs.models import TrackedJob


class AccountKind(models.TextChoices):
    ASSET = "asset", _("자산")
    LIABILITY = "liability", _("부채")
    EQUITY = "equity", _("기본재산")  # base assets: contributions (credit) and losses (debit)
    INCOME = "income", _("수익")
    EXPENSE = "expense", _("비용")
    MEMO = "memo", _("비망(난외)")  # off-balance: guarantee exposure and its contra


class BaseAssetCategory(models.TextChoices):
    """기본재산 출연 구분 (contributor category), as in the interchange format."""

    CITY = "city", _("시 출연금")
    DISTRICT = "district", _("군·구 출연금")
    CENTRAL_GOV = "central_gov", _("정부 출연금")
    FINANCIAL_SPECIAL = "financial_special", _("금융회사 특별출연금")
    FINANCIAL_MANDATORY = "financial_mandatory", _("은행 법정출연금")
    FOUNDING = "founding", _("설립 시 출연금")
    OTHER = "other", _("기타 출연금")


class Account(models.Model):
    """계정과목 (chart of accounts)."""

    code = models.CharField(_("계정코드"), max_length=40, unique=True)
    name = models.CharField(_("계정명"), max_length=100)
    kind = models.CharField(_("구분"), max_length=20, choices=AccountKind.choices)
    # Set on base-asset contribution accounts only: which contributor category they hold.
    category = models.CharField(
        _("출연 구분"), max_length=30, choices=BaseAssetCategory.choices, blank=True
    )
    is_base_asset = models.BooleanField(_("기본재산 계정"), default=False)

    class Meta:
        verbose_name = _("계정과목")
        verbose_name_plural = _("계정과목")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EntryKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("출연금 수입")
    LOSS_CLOSING = "loss_closing", _("결손 처리")
    GUARANTEE_ISSUE = "guarantee_issue", _("보증 발급")
    GUARANTEE_EXTENSION = "guarantee_extension", _("기한연장")
    GUARANTEE_REPAYMENT = "guarantee_repayment", _("보증 상환(감액)")
    GUARANTEE_TERMINATION = "guarantee_termination", _("보증 해지")
    ACCIDENT = "accident", _("보증사고")
    NORMALIZATION = "normalization", _("정상화")
    SUBROGATION = "subrogation", _("대위변제")
    RECOVERY = "recovery", _("구상채권 회수")
    WRITE_OFF = "write_off", _("구상채권 상각")
    CLAIM_SALE = "claim_sale", _("구상채권 매각")
    CLAIM_CANCELLATION = "claim_cancellation", _("구상채권 소각")
    PRINCIPAL_REDUCTION = "principal_reduction", _("원금감면")
    FEE = "fee", _("보증료 수입")
    BUDGET = "budget", _("수입·지출")
    SUBSIDY_PAYMENT = "subsidy_payment", _("이차보전 지급")
    SUBSIDY_CLAIM = "subsidy_claim", _("이차보전 청구 승인")
    REVERSAL = "reversal", _("정정(역분개)")


class JournalEntry(models.Model):
    """분개 (journal entry): a dated, balanced set of postings. Never changed once written."""

    date = models.DateField(_("회계일"), db_index=True)
    kind = models.CharField(_("거래 구분"), max_length=30, choices=EntryKind.choices)
    memo = models.CharField(_("적요"), max_length=300, blank=True)
    # Makes posting safe to retry: the same business event always carries the same key.
    idempotency_key = models.CharField(_("중복방지 키"), max_length=120, unique=True)
    reverses = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversals",
        verbose_name=_("정정 대상"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("작성자"),
    )
    created_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("분개")
        verbose_name_plural = _("분개")
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.memo}"


class Posting(models.Model):
    """전기 (posting): one signed line of an entry; debit positive, credit negative.

    `entry_date` repeats the entry's date (the database fills and checks it) so that the hot
    "balance of accounts at D" query reads one table through one index.
    """

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="postings", verbose_name=_("분개")
    )
    entry_date = models.DateField(_("회계일"))
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="postings", verbose_name=_("계정과목")
    )
    amount_krw = models.BigIntegerField(_("금액(원)"))
    # Optional dimensions, so that one query answers "by branch", "by programme" …
    branch = models.ForeignKey(
        "branches.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("지점"),
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("보증 상품"),
    )
    guarantee = models.ForeignKey(
        "guarantees.Guarantee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=True,
        verbose_name=_("신용보증"),
    )
    contributor = models.CharField(_("출연기관"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("전기")
        verbose_name_plural = _("전기")
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount_krw=0), name="posting_nonzero"),
        ]
        indexes = [
            models.Index(fields=["account", "entry_date"], name="posting_account_date"),
            models.Index(fields=["guarantee", "account"], name="posting_guarantee_account"),
        ]

    def __str__(self) -> str:
        return f"{self.account.code} {self.amount_krw:+,}"


class PostingDayTotal(models.Model):
    """Σ postings per account, day, branch and programme, kept by the database.

    A statement-level trigger on `ledger_posting` (migrations/0005_posting_day_totals.py)
    adds every inserted statement's postings here, in the same transaction; postings are
    never updated or deleted, so the totals are exact at every moment. "Balance of accounts
    at D", by branch or programme, then reads a few thousand rows (accounts × days × branches
    × programmes) instead of millions of postings: the dashboard and the approval panel stay
    within 200 ms at national scale (docs/performance.md). Read-only for the application.
    """

    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("계정과목")
    )
    entry_date = models.DateField(_("회계일"))
    branch = models.ForeignKey(
        "branches.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("지점"),
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("보증 상품"),
    )
    amount_krw = models.BigIntegerField(_("합계(원)"))
    postings = models.BigIntegerField(_("전기 수"))

    class Meta:
        verbose_name = _("일별 전기 합계")
        verbose_name_plural = _("일별 전기 합계")
        constraints = [
            # One row per key, NULL dimensions included (the trigger upserts on it).
            models.UniqueConstraint(
                fields=["account", "entry_date", "branch", "program"],
                name="posting_day_total_key",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_date} {self.account_id} {self.amount_krw:+,}"


@tracked
class MultiplierThreshold(models.Model):
    """보증운용배수 기준: the warning and legal-limit levels, as data."""

    name = models.CharField(_("이름"), max_length=50, unique=True)
    warning = models.DecimalField(_("경고 배수"), max_digits=6, decimal_places=2)
    limit = models.DecimalField(_("한도 배수"), max_digits=6, decimal_places=2)
    effective_from = models.DateField(_("적용 시작일"))

    class Meta:
        verbose_name = _("운용배수 기준")
        verbose_name_plural = _("운용배수 기준")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name}: 경고 {self.warning}배 / 한도 {self.limit}배"


class MultiplierScope(models.TextChoices):
    FOUNDATION = "foundation", _("재단 전체")  # exposure ÷ base assets
    PROGRAM = "program", _("보증 상품")  # the programme's exposure ÷ its funding
    BRANCH = "branch", _("지점")  # the branch's exposure (no denominator of its own)


class MultiplierSnapshot(models.Model):
    """보증운용배수 스냅숏: one row per date and scope, however often the job runs (the
    nightly job and the button upsert on the unique key)."""

    date = models.DateField(_("기준일"), db_index=True)
    scope = models.CharField(_("범위"), max_length=20, choices=MultiplierScope.choices)
    # '' for the foundation, else the programme's or branch's code.
    scope_code = models.CharField(_("범위 코드"), max_length=30, blank=True, default="")
    outstanding_krw = models.BigIntegerField(_("보증잔액(원)"))
    base_krw = models.BigIntegerField(_("기준 금액(원)"), null=True, blank=True)
    multiplier = models.DecimalField(
        _("운용배수"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    computed_at = models.DateTimeField(_("계산 시각"))

    class Meta:
        verbose_name = _("운용배수 스냅숏")
        verbose_name_plural = _("운용배수 스냅숏")
        ordering = ["-date", "scope", "scope_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "scope", "scope_code"], name="multiplier_snapshot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.scope}:{self.scope_code} {self.multiplier}"


class MultiplierRunTrigger(models.TextChoices):
    NIGHTLY = "nightly", _("야간 자동")  # the beat job, for the day that has just closed
    BUTTON = "button", _("지금 계산")  # a manager pressed the dashboard button
    COMMAND = "command", _("명령줄")  # manage.py compute_multipliers, run in its own process


class MultiplierRun(TrackedJob):
    """운용배수 계산 이력: one run of the snapshot job for a date — a job row (attempts,
    heartbeat, time limit: jobs.models.TrackedJob) whose result is the snapshot rows of that
    date (one per scope) and the foundation's multiplier.

    At most one run per date may be queued or running (a partial unique index): two presses or
    two beats at once share one run.
    """

    job_kind = "multiplier_snapshot"
    task_path = "ledger.tasks.multiplier_run"

    date = models.DateField(_("기준일"))
    trigger = models.CharField(_("요청 경로"), max_length=10, choices=MultiplierRunTrigger.choices)
    multiplier = models.CharField(_("운용배수"), max_length=20, blank=True)
    snapshot_rows = models.PositiveIntegerField(_("저장한 스냅숏 행"), null=True, blank=True)

    class Meta:
        verbose_name = _("운용배수 계산 이력")
        verbose_name_plural = _("운용배수 계산 이력")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(status__in=["queued", "running"]),
                name="multiplier_run_one_active_per_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} 운용배수 계산 ({self.get_status_display()})"

    @property
    def arguments(self) -> dict:
        return {"date": self.date.isoformat(), "trigger": self.trigger}
