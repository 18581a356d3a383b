"""The foundation profile in the admin: a system administrator edits the one row (no add when
it exists, no delete); pghistory keeps every change (common.FoundationProfileEvent)."""

from django.contrib import admin

from .models import FoundationProfile


@admin.register(FoundationProfile)
class FoundationProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sido", "representative", "updated_at")
    readonly_fields = ("updated_at",)

    def _sysadmin(self, request) -> bool:
        has_role = getattr(request.user, "has_role", None)
        return request.user.is_superuser or bool(has_role and has_role("sysadmin"))

    def has_module_permission(self, request):
        return self._sysadmin(request)

    def has_view_permission(self, request, obj=None):
        return self._sysadmin(request)

    def has_change_permission(self, request, obj=None):
        return self._sysadmin(request)

    def has_add_permission(self, request):
        return self._sysadmin(request) and not FoundationProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
