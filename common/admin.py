"""Admin building blocks every app uses.

The admin is a window onto the records, not a second way to write them: the book, the journal,
fee records, claims, agreements, certificates and applications change only through their
services (DESIGN.md: one way into every record). `ReadOnlyAdmin` offers no add, change or
delete, whoever is signed in (superusers included: Django asks these methods, not the
permission table, and they answer no).
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .history import change_history
from .models import ChangeProposal, FoundationProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never write: no add, change or delete (the change page shows the record).

    The book's tables are large (≈145,000 guarantees and their events at Incheon): a filtered
    changelist counts only the filtered rows, not the whole table again (issue 19 row 1)."""

    show_full_result_count = False

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


class HistoryAdmin(admin.ModelAdmin):
    """The admin's 'history' button of a tracked model shows the database-recorded changes."""

    def history_view(self, request, object_id, extra_context=None):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"{obj} 변경 이력",
            "subtitle": None,
            "object": obj,
            "opts": self.model._meta,
            "changes": change_history(obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/change_history.html", context)


class MakerCheckerAdmin(HistoryAdmin):
    """Saving the form proposes the change (common/makerchecker.py); it takes effect when
    another person approves it in 변경 제안(2인 승인). Deleting is not offered."""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from django.contrib import messages

        from .makerchecker import ProposalError, change_propose

        original = self.model.objects.get(pk=obj.pk) if change else None
        try:
            proposal = change_propose(obj=original, proposed=obj, actor=request.user)
        except ProposalError as exc:
            self.message_user(request, str(exc), messages.WARNING)
            return
        self.message_user(
            request,
            f"변경 제안 #{proposal.pk}을 등록했습니다. 다른 담당자가 승인하면 적용됩니다.",
            messages.SUCCESS,
        )

    def log_addition(self, request, obj, message):
        return None  # nothing was added yet: the proposal is the record

    def log_change(self, request, obj, message):
        return None

    def response_add(self, request, obj, post_url_continue=None):
        from django.http import HttpResponseRedirect
        from django.urls import reverse

        return HttpResponseRedirect(reverse("admin:common_changeproposal_changelist"))

    def response_change(self, request, obj):
        return self.response_add(request, obj)

    def save_related(self, request, form, formsets, change):
        return None


@admin.register(ChangeProposal)
class ChangeProposalAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "summary",
        "content_type",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", "content_type")
    readonly_fields = [f.name for f in ChangeProposal._meta.fields]
    actions = ["approve", "reject"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="선택한 변경 제안 승인(적용) — 제안자 본인은 할 수 없습니다")
    def approve(self, request, queryset):
        from django.contrib import messages

        from .makerchecker import ProposalError, change_approve

        for proposal in queryset:
            try:
                change_approve(proposal_id=proposal.pk, actor=request.user)
            except ProposalError as exc:
                self.message_user(request, f"#{proposal.pk}: {exc}", messages.ERROR)
            else:
                self.message_user(
                    request, f"#{proposal.pk}을 승인해 적용했습니다.", messages.SUCCESS
                )

    @admin.action(description="선택한 변경 제안 반려 — 제안자 본인은 할 수 없습니다")
    def reject(self, request, queryset):
        from django.contrib import messages

        from .makerchecker import ProposalError, change_reject

        for proposal in queryset:
            try:
                change_reject(proposal_id=proposal.pk, actor=request.user)
            except ProposalError as exc:
                self.message_user(request, f"#{proposal.pk}: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"#{proposal.pk}을 반려했습니다.", messages.SUCCESS)


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
