"""Registers the council audit report (행정사무감사 자료) needs beyond the journal, and the
record of each rendering run.

Figures that are sums over time (supply, balance, accidents, base assets, contributions
actual) are never stored here: they are read from the journal and the guarantee book when the
report is built. What is stored is what only people know: the budget, the plans, the audit
findings and who does what.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import tracked
from jobs.models import JobStatus, TrackedJob


class BudgetSide(models.TextChoices):
    INCOME = "income", _("수입")
    EXPENSE = "expense", _("지출")


class BudgetKind(models.TextChoices):
    OPERATING = "operating", _("사업예산")
    CAPITAL = "capital", _("자본예산")


@tracked
class BudgetLine(models.Model):
    """예산 과목: one line of the yearly budget (e.g. 2021 수입·사업예산·보증료 16,365백만원).

    A line with a parent is a breakdown of it (수입이자 → 예치금이자, 유가증권이자); totals of
    a side and kind are the sum of its top-level lines, computed, never stored.
    """

    year = models.PositiveSmallIntegerField(_("예산연도"))
    side = models.CharField(_("수입/지출"), max_length=10, choices=BudgetSide.choices)
    kind = models.CharField(_("예산 구분"), max_length=10, choices=BudgetKind.choices)
    name = models.CharField(_("과목"), max_length=50)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("상위 과목"),
    )
    amount_krw = models.BigIntegerField(_("금액(원)"))
    sort_order = models.PositiveSmallIntegerField(_("표시 순서"), default=0)

    class Meta:
        verbose_name = _("예산 과목")
        verbose_name_plural = _("예산 과목")
        ordering = ["year", "side", "kind", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "side", "kind", "name"], name="budget_line_unique"
            ),
            models.CheckConstraint(condition=models.Q(amount_krw__gte=0), name="budget_line_gte0"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_side_display()} {self.name}"


class ContributionGroup(models.TextChoices):
    """출연금 확충 계획의 기관별 구분 (seed 001's plan-vs-actual table)."""

    CITY = "city", _("시·도")  # shown as the foundation's own 시·도 (contribution_group_label)
    DISTRICT = "district", _("기초단체")
    MANDATORY = "financial_mandatory", _("의무출연금")
    OTHER = "other", _("기타")


def contribution_group_label(group: str) -> str:
    """The group's name in a table: the 시·도 group is the foundation's own (인천시, 서울시 …)."""
    if group == ContributionGroup.CITY:
        from common.foundation import foundation

        return foundation().short_sido
    return ContributionGroup(group).label


# Journal base-asset categories that each plan group compares against.
CONTRIBUTION_GROUP_CATEGORIES: dict[str, tuple[str, ...]] = {
    ContributionGroup.CITY: ("city",),
    ContributionGroup.DISTRICT: ("district",),
    ContributionGroup.MANDATORY: ("financial_mandatory",),
    ContributionGroup.OTHER: ("central_gov", "financial_special", "other", "founding"),
}


@tracked
class ContributionPlan(models.Model):
    """출연금 확충 계획: the plan per year and group; the actual comes from the journal."""

    year = models.PositiveSmallIntegerField(_("연도"))
    group = models.CharField(_("기관별"), max_length=30, choices=ContributionGroup.choices)
    amount_krw = models.BigIntegerField(_("계획(원)"))
    note = models.CharField(_("비고"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("출연금 확충 계획")
        verbose_name_plural = _("출연금 확충 계획")
        ordering = ["year", "group"]
        constraints = [
            models.UniqueConstraint(fields=["year", "group"], name="contribution_plan_unique"),
            models.CheckConstraint(
                condition=models.Q(amount_krw__gte=0), name="contribution_plan_gte0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.group_label}"

    @property
    def group_label(self) -> str:
        return contribution_group_label(self.group)


@tracked
class SupplyPlan(models.Model):
    """보증공급 계획: count and amount for a year (2020: 27,000건 / 610,000백만원)."""

    year = models.PositiveSmallIntegerField(_("연도"), unique=True)
    count = models.PositiveIntegerField(_("계획 건수"))
    amount_krw = models.BigIntegerField(_("계획 금액(원)"))
    new_count = models.PositiveIntegerField(_("신규 건수"), null=True, blank=True)
    new_amount_krw = models.BigIntegerField(_("신규 금액(원)"), null=True, blank=True)
    note = models.CharField(_("비고"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("보증공급 계획")
        verbose_name_plural = _("보증공급 계획")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}년 보증공급 계획"


class FindingKind(models.TextChoices):
    CORRECTION = "correction", _("시정요구")  # the council orders a correction
    ACTION = "action", _("처리요구")  # the council asks for an action
    RECOMMENDATION = "recommendation", _("건의")  # a recommendation


class FindingStatus(models.TextChoices):
    CLOSED = "closed", _("종결")  # done
    IN_PROGRESS = "in_progress", _("진행")  # being carried out
    IMPOSSIBLE = "impossible", _("불가")  # cannot be done (reason in the notes)


@tracked
class AuditFinding(models.Model):
    """행정사무감사 지적사항: number, kind, committee, title, finding, department, plan, status."""

    year = models.PositiveSmallIntegerField(_("감사연도"))
    number = models.CharField(_("관리번호"), max_length=20)
    kind = models.CharField(_("처리구분"), max_length=20, choices=FindingKind.choices)
    committee = models.CharField(_("위원회명"), max_length=50)
    title = models.CharField(_("제목"), max_length=200)
    finding = models.TextField(_("지적 및 건의사항"))
    department = models.ForeignKey(
        "branches.OrgUnit",
        on_delete=models.PROTECT,
        related_name="audit_findings",
        verbose_name=_("관리부서"),
    )
    plan = models.TextField(_("추진사항(처리계획)"))
    status = models.CharField(
        _("조치상황"),
        max_length=20,
        choices=FindingStatus.choices,
        default=FindingStatus.IN_PROGRESS,
    )
    follow_up = models.TextField(_("후속 조치 메모"), blank=True)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)

    class Meta:
        verbose_name = _("행정사무감사 지적사항")
        verbose_name_plural = _("행정사무감사 지적사항")
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="audit_finding_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


@tracked
class DepartmentDuty(models.Model):
    """부서별 사무분장: the duties of a unit, one bullet per line of `duties`. Units with the
    same duties (the branches) are printed as one row of the report."""

    unit = models.OneToOneField(
        "branches.OrgUnit", on_delete=models.CASCADE, related_name="duty", verbose_name=_("부서")
    )
    duties = models.TextField(_("세부 업무 내용"), help_text=_("한 줄에 한 항목"))

    class Meta:
        verbose_name = _("부서별 사무분장")
        verbose_name_plural = _("부서별 사무분장")
        ordering = ["unit__sort_order"]

    def __str__(self) -> str:
        return f"{self.unit} 사무분장"

    @property
    def items(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]


# The status of a run is the generic job status (kept under this name for the app's code).
RunStatus = JobStatus


class ReportRun(TrackedJob):
    """보고서 작성 이력: one rendering of the council report for a year — a job row (attempts,
    heartbeat, time limit: jobs.models.TrackedJob) whose result is the PDF file and its SHA-256.

    At most one run per year may be queued or running (a partial unique index), so asking twice
    while one runs does not start a second.
    """

    job_kind = "council_report"
    task_path = "reports.tasks.build_council_report"

    year = models.PositiveSmallIntegerField(_("보고 연도"))
    stage = models.CharField(_("진행 단계"), max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(_("진행률(%)"), default=0)
    file_name = models.CharField(_("파일"), max_length=200, blank=True)
    sha256 = models.CharField(_("PDF SHA-256 해시"), max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(_("크기(바이트)"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("쪽수"), null=True, blank=True)
    # The same report as HWPX (한글), written by the same build and kept the same way.
    hwpx_file_name = models.CharField(_("HWPX 파일"), max_length=200, blank=True)
    hwpx_sha256 = models.CharField(_("HWPX SHA-256 해시"), max_length=64, blank=True)
    hwpx_size_bytes = models.PositiveIntegerField(_("HWPX 크기(바이트)"), null=True, blank=True)

    class Meta:
        verbose_name = _("보고서 작성 이력")
        verbose_name_plural = _("보고서 작성 이력")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(status__in=["queued", "running"]),
                name="report_run_one_active_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}년 보고서 ({self.get_status_display()})"

    @property
    def title(self) -> str:
        from .naming import report_title

        return report_title(self.year)

    @property
    def arguments(self) -> dict:
        return {"year": self.year}
