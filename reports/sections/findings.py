"""13. 행정사무감사 지적사항 처리계획: status by kind, the list, and one page per finding."""

from __future__ import annotations

from reports.models import AuditFinding, FindingKind, FindingStatus

TITLE = "지적사항 처리현황 및 처리계획"

_PLAN_HEADINGS = ("사업개요", "추진계획", "기대효과")


def _plan_blocks(plan: str) -> list[dict]:
    """Split the plan text into its headed blocks (사업개요 / 추진계획 / 기대효과)."""
    blocks: list[dict] = []
    for line in (line.strip() for line in plan.splitlines()):
        if not line:
            continue
        if line in _PLAN_HEADINGS or not blocks:
            blocks.append({"heading": line if line in _PLAN_HEADINGS else "", "items": []})
            if line in _PLAN_HEADINGS:
                continue
        blocks[-1]["items"].append(line)
    return blocks


def build(year: int) -> dict:
    findings = list(AuditFinding.objects.filter(year=year).select_related("department"))

    def count(kind=None, status=None) -> int:
        return sum(
            1
            for f in findings
            if (kind is None or f.kind == kind) and (status is None or f.status == status)
        )

    statuses = [s for s, _ in FindingStatus.choices]
    summary = [
        {"label": "계", "total": count(), "by_status": [count(status=s) for s in statuses]}
    ] + [
        {
            "label": label,
            "total": count(kind=kind),
            "by_status": [count(kind=kind, status=s) for s in statuses],
        }
        for kind, label in FindingKind.choices
    ]
    items = [
        {
            "number": f.number,
            "kind": f.get_kind_display(),
            "committee": f.committee,
            "title": f.title,
            "finding": f.finding,
            "department": f.department.name,
            "status": f.get_status_display(),
            "plan_blocks": _plan_blocks(f.plan),
            "follow_up": f.follow_up,
        }
        for f in findings
    ]
    return {
        "year": year,
        "status_labels": [label for _, label in FindingStatus.choices],
        "summary": summary,
        "items": items,
    }
