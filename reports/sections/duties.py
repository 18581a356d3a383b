"""5. 부서별 사무분장: units with identical duties (the branches) share one row."""

from __future__ import annotations

from reports.models import DepartmentDuty

TITLE = "부서별 사무분장"


def build(year: int) -> dict:
    rows: list[dict] = []
    for duty in DepartmentDuty.objects.select_related("unit", "unit__parent").order_by(
        "unit__sort_order", "unit__code"
    ):
        headquarters = duty.unit.parent.name if duty.unit.parent else ""
        if rows and rows[-1]["items"] == duty.items and rows[-1]["headquarters"] == headquarters:
            rows[-1]["units"].append(duty.unit.name)
            continue
        rows.append({"headquarters": headquarters, "units": [duty.unit.name], "items": duty.items})
    return {"rows": rows}
