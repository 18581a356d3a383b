from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User
from .twofactor import two_factor_reset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "last_name", "first_name", "org_unit", "is_active")
    list_filter = ("groups", "org_unit", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("재단 정보", {"fields": ("mobile", "org_unit", "staff_title", "email_verified_at")}),
    )
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
