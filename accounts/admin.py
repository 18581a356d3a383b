from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .access_log import record_access
from .models import PersonalDataAccess, User
from .privacy import mask_phone
from .twofactor import two_factor_reset


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

    actions = ["reset_two_factor"]

    @admin.action(
        description="2단계 인증 초기화(휴대폰 분실 등: 다음 로그인 때 인증 앱을 다시 등록)"
    )
    def reset_two_factor(self, request, queryset):
        """Remove the selected people's authenticator and backup codes. Each reset is written
        to the admin's history (LogEntry: who, when, whom) and to the application log."""
        for user in queryset:
            removed = two_factor_reset(user=user, actor=request.user)
            self.log_change(
                request,
                user,
                f"2단계 인증 초기화: 인증 앱과 백업 코드 {removed}개 장치 삭제",
            )
        self.message_user(
            request,
            f"{queryset.count()}명의 2단계 인증을 초기화했습니다. "
            "다음 로그인 때 인증 앱을 새로 등록하게 됩니다.",
            messages.SUCCESS,
        )


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
