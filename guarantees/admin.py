from django.contrib import admin

from accounts.admin import LogsPersonalDataAdmin
from accounts.privacy import mask_birth_date

from .models import Application, ApplicationEvent, Business, Guarantee, GuaranteeEvent


@admin.register(Business)
class BusinessAdmin(LogsPersonalDataAdmin):
    list_display = ("name", "business_no", "representative_name", "masked_birth_date", "district")
    search_fields = ("name", "business_no")
    access_data = "사업자 정보(관리자)"

    @admin.display(description="대표자 생년월일")
    def masked_birth_date(self, obj):
        return mask_birth_date(obj.representative_birth_date)


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ("actor", "action", "from_status", "to_status", "reason", "created_at")
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("tracking_no", "business", "program", "branch", "status", "amount_krw")
    list_filter = ("status", "program", "branch")
    # Status moves only through the workflow services, which write the history.
    readonly_fields = ("status",)
    inlines = [ApplicationEventInline]


@admin.register(Guarantee)
class GuaranteeAdmin(admin.ModelAdmin):
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
    readonly_fields = ("status",)


admin.site.register(GuaranteeEvent, list_display=("guarantee", "date", "kind", "amount_krw"))

from .bank import admin as _bank_admin  # noqa: E402, F401 — bank API keys (issue 12)
from .review import admin as _review_admin  # noqa: E402, F401 — staff workflow (issue #4)
