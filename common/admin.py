"""Admin building blocks every app uses.

The admin is a window onto the records, not a second way to write them: the book, the journal,
fee records, claims, agreements, certificates and applications change only through their
services (DESIGN.md: one way into every record). `ReadOnlyAdmin` offers no add, change or
delete, whoever is signed in (superusers included: Django asks these methods, not the
permission table, and they answer no).
"""

from __future__ import annotations

from django.contrib import admin


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
