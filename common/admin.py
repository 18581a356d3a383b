"""Admin building blocks every app uses.

The admin is a window onto the records, not a second way to write them: the book, the journal,
fee records, claims, agreements, certificates and applications change only through their
services (DESIGN.md: one way into every record). `ReadOnlyAdmin` offers no add, change or
delete, whoever is signed in (superusers included: Django asks these methods, not the
permission table, and they answer no).
"""

from __future__ import annotations

from django.contrib import admin

from .models import FoundationProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never write: no add, change or delete (the change page shows the record)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # The built-in "delete selected" would be refused anyway; do not offer it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FoundationProfile)
class FoundationProfileAdmin(admin.ModelAdmin):
    """The foundation profile: a system administrator edits the one row (no add when it
    exists, no delete); pghistory keeps every change (common.FoundationProfileEvent)."""

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
