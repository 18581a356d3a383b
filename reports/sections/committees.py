"""3. 위원회 현황 (branches register)."""

from __future__ import annotations

from branches.models import Committee

TITLE = "위원회 현황"


def build(year: int) -> dict:
    rows = [
        {
            "name": c.name,
            "legal_basis": c.legal_basis,
            "size": c.size,
            "chair": c.chair_title,
            "function": c.function,
            "external": c.external_members,
        }
        for c in Committee.objects.order_by("id")
    ]
    return {"count": len(rows), "rows": rows}
