from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "last_name", "first_name", "org_unit", "is_active")
    list_filter = ("groups", "org_unit", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("재단 정보", {"fields": ("mobile", "org_unit", "staff_title", "email_verified_at")}),
    )
