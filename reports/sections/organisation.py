"""1. 기구 및 인원: units by kind, 정원/현원 by grade and 현원 by unit (branches register)."""

from __future__ import annotations

import datetime as dt

from branches.models import HeadcountQuota, OrgUnit, StaffGrade, UnitKind

TITLE = "기구 및 인원"

_KIND_ORDER = [
    (UnitKind.HEADQUARTERS, "본부"),
    (UnitKind.OFFICE, "실"),
    (UnitKind.CENTRE, "센터"),
    (UnitKind.DEPARTMENT, "부"),
    (UnitKind.TEAM, "팀"),
    (UnitKind.BRANCH, "지점"),
]


def build(year: int) -> dict:
    """As of 1 January of the year after `year` (the council sits early in that year)."""
    as_of_limit = dt.date(year + 1, 1, 1)
    latest = (
        HeadcountQuota.objects.filter(as_of__lte=as_of_limit)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    units = list(OrgUnit.objects.filter(is_active=True))
    counts = []
    for kind, word in _KIND_ORDER:
        n = sum(1 for u in units if u.kind == kind)
        if n:
            counts.append(f"{n}{word}")
    rows = HeadcountQuota.objects.filter(as_of=latest).select_related("unit") if latest else []
    by_grade = []
    total_authorised = total_current = 0
    by_unit = []
    on_leave = 0
    for row in rows:
        if row.unit_id is None and row.grade != StaffGrade.ALL:
            by_grade.append(
                {
                    "grade": row.get_grade_display(),
                    "authorised": row.authorised,
                    "current": row.current,
                }
            )
            total_authorised += row.authorised
            total_current += row.current
        elif row.unit_id is None:
            on_leave += row.current
        else:
            by_unit.append((row.unit.sort_order, row.unit.name, row.current))
    grade_order = [label for _, label in StaffGrade.choices]
    by_grade.sort(key=lambda r: grade_order.index(r["grade"]))
    # Every unit the structure line counts is listed, a unit without a headcount row too
    # (현원 None: shown as "-" with a note, never a made-up 0).
    counted = {name for _, name, _ in by_unit}
    for u in units:
        if u.kind != UnitKind.HEADQUARTERS and u.name not in counted:
            by_unit.append((u.sort_order, u.name, None))
    return {
        "as_of": latest,
        "structure": " ".join(counts),
        "grades": by_grade,
        "total_authorised": total_authorised,
        "total_current": total_current,
        "units": [{"name": name, "current": current} for _, name, current in sorted(by_unit)],
        "units_without_headcount": [
            name for _, name, current in sorted(by_unit) if current is None
        ],
        "on_leave": on_leave,
        # Closed, or opening after the report's date (seed 001: "연수지점은 현재 개설 준비중").
        "inactive_branches": [
            u.name
            for u in OrgUnit.objects.filter(kind=UnitKind.BRANCH)
            if not u.is_active or (u.opened_on and u.opened_on > as_of_limit)
        ],
    }
