from django.db.models import Prefetch, Sum
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import FOUNDATION_ROLES
from accounts.permissions import role_required

from .models import AuditGroup, Committee, CommitteeMember, Executive, HeadcountQuota, OrgUnit


@require_GET
@role_required(*FOUNDATION_ROLES)  # the foundation's own people, not partner banks
def organisation(request):
    """기구 및 인원: the unit tree, branches with their districts and audit groups, headcount
    by grade, committees and executives (seed 001's first pages)."""
    units = OrgUnit.objects.select_related("parent", "audit_group").prefetch_related("districts")
    latest = HeadcountQuota.objects.order_by("-as_of").values_list("as_of", flat=True).first()
    quotas = (
        HeadcountQuota.objects.filter(as_of=latest) if latest else HeadcountQuota.objects.none()
    )
    by_grade = quotas.values("grade").annotate(authorised=Sum("authorised"), current=Sum("current"))
    totals = quotas.aggregate(authorised=Sum("authorised"), current=Sum("current"))
    return render(
        request,
        "branches/organisation.html",
        {
            "units": units,
            "branches": [unit for unit in units if unit.is_branch],
            "audit_groups": AuditGroup.objects.prefetch_related("branches"),
            "as_of": latest,
            "by_grade": sorted(by_grade, key=lambda row: _GRADE_ORDER.get(row["grade"], 99)),
            "totals": totals,
            "committees": Committee.objects.prefetch_related(
                Prefetch("members", queryset=CommitteeMember.objects.all())
            ),
            "executives": Executive.objects.select_related("unit"),
        },
    )


_GRADE_ORDER = {"1": 1, "2": 2, "3": 3, "4": 4, "5-6": 5, "other": 6}
