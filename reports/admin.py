from django.contrib import admin

from common.admin import HistoryAdmin, ReadOnlyAdmin

from .models import (
    AuditFinding,
    BudgetLine,
    ContributionPlan,
    DepartmentDuty,
    ReportRun,
    SupplyPlan,
)


@admin.register(BudgetLine)
class BudgetLineAdmin(HistoryAdmin):
    list_display = ["year", "side", "kind", "name", "parent", "amount_krw", "sort_order"]
    list_filter = ["year", "side", "kind"]


@admin.register(ContributionPlan)
class ContributionPlanAdmin(HistoryAdmin):
    list_display = ["year", "group", "amount_krw", "note"]
    list_filter = ["year"]


@admin.register(SupplyPlan)
class SupplyPlanAdmin(HistoryAdmin):
    list_display = ["year", "count", "amount_krw", "new_count", "new_amount_krw"]


@admin.register(AuditFinding)
class AuditFindingAdmin(HistoryAdmin):
    list_display = ["year", "number", "kind", "title", "department", "status"]
    list_filter = ["year", "kind", "status"]
    search_fields = ["number", "title", "finding"]


@admin.register(DepartmentDuty)
class DepartmentDutyAdmin(HistoryAdmin):
    list_display = ["unit"]


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    """Runs are a record: readable, never edited by hand."""

    list_display = [
        "year",
        "status",
        "attempts",
        "requested_by",
        "requested_at",
        "heartbeat_at",
        "pages",
        "sha256",
    ]
    list_filter = ["status", "year"]
