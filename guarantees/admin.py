"""The admin onto the guarantee records. The book (guarantees and their events), fee records,
claims, agreements, certificates and applications are shown read-only: each changes only
through its service (issue, book request and approval, fee receipt, the review workflow), so
the book and the journal cannot disagree. The database refuses UPDATE, DELETE and TRUNCATE of
book events as well (migration 0010)."""

from django.contrib import admin

from accounts.admin import LogsPersonalDataAdmin
from accounts.privacy import mask_birth_date, mask_name
from common.admin import HistoryAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Agreement,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    BookRequest,
    Business,
    FeePayment,
    Guarantee,
    GuaranteeCertificate,
    GuaranteeEvent,
    RecourseClaim,
    RecourseClaimGradeChange,
    SubrogationClaim,
    SubsidyClaim,
    SubsidyClaimLine,
    SubsidyPayment,
)


@admin.register(Business)
class BusinessAdmin(LogsPersonalDataAdmin, HistoryAdmin):
    list_display = (
        "name",
        "business_no",
        "masked_representative",
        "masked_birth_date",
        "district",
    )
    search_fields = ("name", "business_no")
    show_full_result_count = False  # a large table (issue 19 row 1)
    raw_id_fields = ("owner",)  # never a <select> of every account (issue 19 row 1)
    access_data = "사업자 정보(관리자)"

    @admin.display(description="대표자 성명")
    def masked_representative(self, obj):
        return mask_name(obj.representative_name)

    @admin.display(description="대표자 생년월일")
    def masked_birth_date(self, obj):
        return mask_birth_date(obj.representative_birth_date)


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ("actor", "action", "from_status", "to_status", "reason", "created_at")
    readonly_fields = fields


class ApplicationDocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ("required_document", "original_name", "kind", "size_bytes", "uploaded_at")
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(LogsPersonalDataAdmin, ReadOnlyAdmin):
    """Read-only: amount, approved amount, programme and branch move only through the
    workflow services (capacity reservation, four eyes), which write the history."""

    list_display = ("tracking_no", "business", "program", "branch", "status", "amount_krw")
    list_filter = ("status", "program", "branch")
    search_fields = ("tracking_no", "business__name", "business__business_no")
    inlines = [ApplicationEventInline, ApplicationDocumentInline]
    access_data = "보증 신청(관리자)"


class GuaranteeEventInline(ReadOnlyInline):
    model = GuaranteeEvent
    fields = ("date", "kind", "amount_krw", "new_matures_on", "memo", "journal_entry")
    readonly_fields = fields


@admin.register(Guarantee)
class GuaranteeAdmin(LogsPersonalDataAdmin, ReadOnlyAdmin):
    list_display = (
        "guarantee_no",
        "business",
        "branch",
        "program",
        "issued_on",
        "guaranteed_amount_krw",
        "status",
    )
    list_filter = ("status", "branch", "program")
    search_fields = ("guarantee_no", "business__name", "business__business_no")
    inlines = [GuaranteeEventInline]
    access_data = "보증 정보(관리자)"


@admin.register(GuaranteeEvent)
class GuaranteeEventAdmin(ReadOnlyAdmin):
    list_display = ("guarantee", "date", "kind", "amount_krw")
    list_filter = ("kind",)
    search_fields = ("guarantee__guarantee_no",)


@admin.register(BookRequest)
class BookRequestAdmin(ReadOnlyAdmin):
    list_display = ("guarantee", "kind", "date", "amount_krw", "status")
    list_filter = ("status", "kind")
    search_fields = ("guarantee__guarantee_no",)


@admin.register(FeePayment)
class FeePaymentAdmin(ReadOnlyAdmin):
    list_display = ("instalment", "paid_on", "journal_entry", "received_by")


class GradeChangeInline(ReadOnlyInline):
    model = RecourseClaimGradeChange
    fields = ("from_grade", "to_grade", "reason", "actor", "created_at")
    readonly_fields = fields


@admin.register(RecourseClaim)
class RecourseClaimAdmin(ReadOnlyAdmin):
    list_display = ("guarantee", "opened_on", "grade", "closed_on")
    list_filter = ("grade",)
    search_fields = ("guarantee__guarantee_no",)
    inlines = [GradeChangeInline]


@admin.register(SubrogationClaim)
class SubrogationClaimAdmin(ReadOnlyAdmin):
    list_display = ("guarantee", "bank", "claimed_on", "principal_krw", "payable_krw")
    search_fields = ("guarantee__guarantee_no",)


@admin.register(Agreement)
class AgreementAdmin(LogsPersonalDataAdmin, ReadOnlyAdmin):
    list_display = ("application", "signed_at")
    access_data = "전자약정(관리자)"


@admin.register(GuaranteeCertificate)
class GuaranteeCertificateAdmin(ReadOnlyAdmin):
    list_display = ("guarantee", "created_at")
    search_fields = ("guarantee__guarantee_no",)


from .bank import admin as _bank_admin  # noqa: E402, F401 — bank API keys (issue 12)
from .review import admin as _review_admin  # noqa: E402, F401 — staff workflow (issue #4)


class SubsidyClaimLineInline(ReadOnlyInline):
    model = SubsidyClaimLine
    fields = ("guarantee", "loan_rate_pct", "amount_krw", "payment")
    readonly_fields = fields


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(ReadOnlyAdmin):
    """이차보전 청구: written only by guarantees.contributors.claims (prepare, approve, pay)."""

    list_display = ("program", "period_start", "period_end", "amount_krw", "status", "paid_on")
    list_filter = ("status", "program")
    inlines = [SubsidyClaimLineInline]


@admin.register(SubsidyPayment)
class SubsidyPaymentAdmin(ReadOnlyAdmin):
    list_display = ("guarantee", "program", "period_start", "period_end", "amount_krw", "paid_on")
    search_fields = ("guarantee__guarantee_no",)
