from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .access_log import record_access
from .models import PersonalDataAccess, User
from .privacy import mask_phone


class LogsPersonalDataAdmin(admin.ModelAdmin):
    """An admin change page shows a person's data in full: each view of it is logged like the
    portal's own detail pages (lists show masked values and are not logged)."""

    access_data = "관리자 상세"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record_access(
                request,
                action="view",
                data=self.access_data,
                object_type=str(self.model._meta.verbose_name),
                object_id=object_id,
            )
        return response


@admin.register(User)
class UserAdmin(LogsPersonalDataAdmin, BaseUserAdmin):
    list_display = (
        "username",
        "email",
        "last_name",
        "first_name",
        "masked_mobile",
        "org_unit",
        "is_active",
    )
    list_filter = ("groups", "org_unit", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("재단 정보", {"fields": ("mobile", "org_unit", "staff_title", "email_verified_at")}),
    )
    access_data = "사용자 정보(관리자)"

    @admin.display(description="휴대전화")
    def masked_mobile(self, obj):
        return mask_phone(obj.mobile)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only: the database refuses changes anyway (migration 0003)."""

    list_display = ("at", "username", "role", "action", "data", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
