"""4. 간부현황 (branches register)."""

from __future__ import annotations

from branches.models import Executive, OrgUnit, UnitKind

TITLE = "간부현황"

# Units whose head is an 간부 in seed 001's table (the 부 of the head office are led by the
# 본부장 above them and are not listed).
HEADED_KINDS = (
    UnitKind.HEADQUARTERS,
    UnitKind.OFFICE,
    UnitKind.CENTRE,
    UnitKind.TEAM,
    UnitKind.BRANCH,
)


def build(year: int) -> dict:
    """Every executive, then a row for each operating unit of a headed kind that has none
    recorded (공석 or not yet entered), so that every unit of the organisation appears."""
    executives = list(Executive.objects.all())
    headed = {e.unit_id for e in executives if e.unit_id}
    vacant = [
        {"post": f"{u.name}장", "unit": u.name}
        for u in OrgUnit.objects.filter(is_active=True, kind__in=HEADED_KINDS).exclude(
            pk__in=headed
        )
    ]
    return {
        "vacant": vacant,
        "rows": [
            {
                "post": e.post,
                "name": e.name,
                "grade": e.grade,
                "birth_year": e.birth_year,
                "appointed_on": e.appointed_on,
                "career": e.career,
            }
            for e in executives
        ],
    }
