from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .access_log import record_access
from .models import PersonalDataAccess, User
from .privacy import mask_email, mask_name, mask_phone
from .twofactor import two_factor_reset


class LogsPersonalDataAdmin(admin.ModelAdmin):
    """An admin change page shows a person's data in full: each view of it is logged like the
    portal's own detail pages (lists show masked values and are not logged)."""

    access_data = "관리자 상세"

    def action_checkbox(self, obj):
        """The list's checkbox, labelled by number, not by the person's name (lists mask)."""
        attrs = {"class": "action-select", "aria-label": f"{obj.pk}번 선택"}
        return forms.CheckboxInput(attrs, lambda value: False).render(
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk)
        )

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
    # Lists are masked as in the portal; the change page (each view logged) shows the values.
    list_display = (
        "masked_username",
        "masked_email",
        "masked_name",
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

    list_display_links = ("masked_username",)
    search_fields = ("username", "email", "first_name", "last_name")

    @admin.display(description="아이디", ordering="username")
    def masked_username(self, obj):
        return mask_email(obj.username) if "@" in obj.username else obj.username

    @admin.display(description="이메일")
    def masked_email(self, obj):
        return mask_email(obj.email)

    @admin.display(description="이름")
    def masked_name(self, obj):
        return mask_name(obj.get_full_name() or obj.first_name)

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

    list_display = ("at", "masked_username", "role", "action", "data", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_id")
    show_full_result_count = False  # one row per look at personal data: a large table

    @admin.display(description="아이디")
    def masked_username(self, obj):
        return mask_email(obj.username) if "@" in obj.username else obj.username

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
