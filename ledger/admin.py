from django.contrib import admin

from common.admin import MakerCheckerAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import Account, JournalEntry, MultiplierRun, MultiplierThreshold, Posting

# The journal is append-only (and the database refuses changes, migration 0002): the admin
# may look, never edit or delete.


class PostingInline(ReadOnlyInline):
    model = Posting
    fields = ("account", "amount_krw", "branch", "program", "guarantee", "contributor")
    readonly_fields = fields


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("date", "kind", "memo", "idempotency_key")
    list_filter = ("kind",)
    # No date_hierarchy: its year/month links are a DISTINCT over every journal entry
    # (issue 19 row 1); the date column sorts and the search finds.
    search_fields = ("memo", "idempotency_key")
    inlines = [PostingInline]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "category", "is_base_asset")


@admin.register(MultiplierThreshold)
class MultiplierThresholdAdmin(MakerCheckerAdmin):
    list_display = ("name", "warning", "limit", "effective_from")


@admin.register(MultiplierRun)
class MultiplierRunAdmin(ReadOnlyAdmin):
    """Runs are a record: readable, never edited by hand."""

    list_display = ["date", "trigger", "status", "attempts", "requested_at", "multiplier"]
    list_filter = ["status", "trigger"]
