"""Admin for the staff workflow's data: authority limits, the scorecard, the review policy
(editable by the strategy office / system admin), and read-only decision records."""

from django.contrib import admin

from common.admin import HistoryAdmin, MakerCheckerAdmin, ReadOnlyAdmin

from ..models import (
    ApprovalAuthority,
    CommitteeDecision,
    CreditReport,
    FeeInstalment,
    FieldSurvey,
    PreAuditDecision,
    ReviewApproval,
    ReviewPolicy,
    ScorecardFactor,
    Screening,
    SurveyDecision,
)


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(MakerCheckerAdmin):
    list_display = ("__str__", "pre_audit_threshold_krw", "monitoring_threshold_krw", "updated_at")


@admin.register(ApprovalAuthority)
class ApprovalAuthorityAdmin(MakerCheckerAdmin):
    list_display = ("role", "max_amount_krw", "requires_committee")


@admin.register(ScorecardFactor)
class ScorecardFactorAdmin(HistoryAdmin):
    list_display = ("code", "name", "weight", "max_points", "is_active", "sort_order")
    list_editable = ("weight", "max_points", "is_active", "sort_order")


# Decision records and the fee schedule change only through the services.
for model in (
    FieldSurvey,
    Screening,
    CommitteeDecision,
    ReviewApproval,
    PreAuditDecision,
    FeeInstalment,
    CreditReport,
    SurveyDecision,
):
    admin.site.register(model, ReadOnlyAdmin)
