"""System admins issue and revoke bank API keys in the admin, through keys.py: the add form
asks only for the bank and the purpose; the key is shown once, in the message after saving;
revoking is an action. Nothing else about a key can be edited."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from ..models import BankApiCall, BankApiKey
from .keys import ApiKeyError, api_key_issue, api_key_revoke, key_state


class IssueKeyForm(forms.ModelForm):
    class Meta:
        model = BankApiKey
        fields = ["bank", "label"]


@admin.register(BankApiKey)
class BankApiKeyAdmin(admin.ModelAdmin):
    list_display = ("prefix", "bank", "label", "state", "created_at", "last_used_at")
    list_filter = ("bank",)
    actions = ["revoke"]
    readonly_fields = (
        "bank",
        "prefix",
        "label",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
        "replaced_by",
        "last_used_at",
    )
    exclude = ("key_sha256",)
    raw_id_fields = ("created_by", "revoked_by", "replaced_by")  # never a <select> of users

    @admin.display(description="상태")
    def state(self, obj):
        return key_state(obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = IssueKeyForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_exclude(self, request, obj=None):
        return ("key_sha256",)

    def get_fields(self, request, obj=None):
        return ["bank", "label"] if obj is None else list(self.readonly_fields)

    def save_model(self, request, obj, form, change):
        if change:
            return
        issued = api_key_issue(
            bank=form.cleaned_data["bank"], label=form.cleaned_data["label"], actor=request.user
        )
        obj.pk = issued.record.pk
        obj.prefix = issued.record.prefix
        messages.warning(
            request,
            f"{issued.record.bank} API 키 (지금 한 번만 보입니다. 은행에 안전하게 전달하세요): "
            f"{issued.key}",
        )

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="선택한 키 폐기")
    def revoke(self, request, queryset):
        for key in queryset:
            try:
                api_key_revoke(prefix=key.prefix, actor=request.user)
            except ApiKeyError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"{key.prefix} 폐기")


@admin.register(BankApiCall)
class BankApiCallAdmin(admin.ModelAdmin):
    list_display = ("at", "bank", "key_prefix", "method", "path", "status", "ip_address")
    list_filter = ("bank", "status")
    show_full_result_count = False  # one row per API call: a large table

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
