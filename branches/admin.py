from django.contrib import admin

from .models import (
    AuditGroup,
    Committee,
    CommitteeMember,
    District,
    Executive,
    HeadcountQuota,
    OrgUnit,
)


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "audit_group", "is_active")
    list_filter = ("kind", "audit_group")
    inlines = [DistrictInline]


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "chair_title", "size", "external_members")
    inlines = [CommitteeMemberInline]


admin.site.register(AuditGroup)
admin.site.register(
    HeadcountQuota, list_display=("as_of", "unit", "grade", "authorised", "current")
)
admin.site.register(Executive, list_display=("post", "name", "grade", "appointed_on"))
