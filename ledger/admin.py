from django.contrib import admin

from .models import Account, JournalEntry, MultiplierRun, MultiplierThreshold, Posting


class ReadOnlyAdmin(admin.ModelAdmin):
    """The journal is append-only: the admin may look, never edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PostingInline(admin.TabularInline):
    model = Posting
    fields = ("account", "amount_krw", "branch", "program", "guarantee", "contributor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("date", "kind", "memo", "idempotency_key")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("memo", "idempotency_key")
    inlines = [PostingInline]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "category", "is_base_asset")


@admin.register(MultiplierThreshold)
class MultiplierThresholdAdmin(admin.ModelAdmin):
    list_display = ("name", "warning", "limit", "effective_from")


@admin.register(MultiplierRun)
class MultiplierRunAdmin(admin.ModelAdmin):
    """Runs are a record: readable, never edited by hand."""

    list_display = ["date", "trigger", "status", "attempts", "requested_at", "multiplier"]
    list_filter = ["status", "trigger"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
