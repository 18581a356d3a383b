from django.contrib import admin

from common.admin import HistoryAdmin

from .models import (
    Bank,
    EligibilityRule,
    Industry,
    InterestSubsidyStep,
    Program,
    ProgramYearTarget,
    RequiredDocument,
    SubsidyBudget,
)


class RuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


class SubsidyInline(admin.TabularInline):
    model = InterestSubsidyStep
    extra = 0


class SubsidyBudgetInline(admin.TabularInline):
    """이차보전 예산 by year: approved claims stay within it (guarantees.contributors.claims)."""

    model = SubsidyBudget
    extra = 0


class DocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class TargetInline(admin.TabularInline):
    model = ProgramYearTarget
    extra = 0


@admin.register(Program)
class ProgramAdmin(HistoryAdmin):
    list_display = ("code", "name", "status", "year", "funding_krw", "multiple", "committed_krw")
    list_filter = ("status", "year")
    # committed_krw moves only through the guarded update in the approval service.
    readonly_fields = ("committed_krw",)
    inlines = [RuleInline, SubsidyInline, SubsidyBudgetInline, DocumentInline, TargetInline]
    filter_horizontal = ("banks",)


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(HistoryAdmin):
    list_display = ("program", "__str__")
    list_filter = ("program",)


admin.site.register(Bank)
admin.site.register(Industry, list_display=("code", "name", "is_restricted"))
