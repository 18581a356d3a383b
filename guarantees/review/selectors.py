"""Reads for the staff pages: queues (scoped per role), the application page, the approval
panel's projections and the audit office's daily monitoring list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from common.money import ratio
from ledger import selectors as ledger

from ..models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Guarantee,
    ReviewPolicy,
)
from . import rules
from .rules import Verdict

S = ApplicationStatus

# What each queue shows by default: the work still to do.
OPEN_STATUSES = (
    S.SUBMITTED,
    S.SUPPLEMENT_REQUESTED,
    S.DOCS_VERIFIED,
    S.FIELD_SURVEY,
    S.SCREENING,
    S.AWAITING_APPROVAL,
    S.PRE_AUDIT,
    S.APPROVED,
    S.AGREEMENT_SIGNED,
)

SORTS = {
    "waiting": ("submitted_at", "id"),  # oldest first: the longest wait on top
    "-waiting": ("-submitted_at", "-id"),
    "amount": ("amount_krw", "id"),
    "-amount": ("-amount_krw", "-id"),
    "business": ("business__name", "id"),
    "status": ("status", "submitted_at"),
}


def visible_applications(user) -> QuerySet[Application]:
    """Everything a staff user may open: branch roles their branch only; HQ and the audit
    office every branch. Drafts are the applicant's own business."""
    qs = Application.objects.exclude(status=S.DRAFT)
    if user.has_role(Role.HQ_SALES, Role.AUDITOR):
        return qs
    if user.has_role(Role.REVIEWER, Role.BRANCH_MANAGER) and user.branch is not None:
        return qs.filter(branch=user.branch)
    return qs.none()


def queue_scope(user, scope: str) -> QuerySet[Application]:
    qs = visible_applications(user)
    if scope == "hq":
        return qs.filter(status__in=(S.AWAITING_APPROVAL, S.PRE_AUDIT, S.APPROVED))
    if scope == "audit":
        return qs.filter(status=S.PRE_AUDIT)
    return qs


def status_counts(qs: QuerySet[Application]) -> list[tuple[str, str, int]]:
    rows = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    return [(value, str(label), rows.get(value, 0)) for value, label in S.choices if value in rows]


def filter_queue(qs: QuerySet[Application], data: dict) -> QuerySet[Application]:
    """Apply the queue form's cleaned data."""
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    elif not data.get("include_closed"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if data.get("program"):
        qs = qs.filter(program=data["program"])
    if data.get("amount_min") is not None:
        qs = qs.filter(amount_krw__gte=data["amount_min"])
    if data.get("amount_max") is not None:
        qs = qs.filter(amount_krw__lte=data["amount_max"])
    if data.get("submitted_from"):
        qs = qs.filter(submitted_at__date__gte=data["submitted_from"])
    if data.get("submitted_to"):
        qs = qs.filter(submitted_at__date__lte=data["submitted_to"])
    if data.get("waiting_days"):
        cutoff = timezone.now() - dt.timedelta(days=data["waiting_days"])
        qs = qs.filter(submitted_at__lt=cutoff)
    if data.get("q"):
        q = data["q"].strip()
        qs = qs.filter(
            Q(tracking_no__icontains=q)
            | Q(business__name__icontains=q)
            | Q(business__business_no__icontains=q.replace("-", ""))
        )
    sort = SORTS.get(data.get("sort") or "waiting", SORTS["waiting"])
    return qs.select_related("program", "business", "branch").order_by(*sort)


def waited_days(app: Application, now: dt.datetime | None = None) -> int | None:
    if app.submitted_at is None:
        return None
    return ((now or timezone.now()) - app.submitted_at).days


def application_for_page(user, pk: int) -> Application:
    """The application with everything its page shows, in a fixed number of queries."""
    from ..models import (
        CreditReport,
        FieldSurvey,
        PreAuditDecision,
        ReviewApproval,
        Screening,
        SurveyDecision,
    )

    return (
        visible_applications(user)
        .select_related(
            "program",
            "business__industry",
            "business__district",
            "branch__audit_group",
            "bank",
            "applicant",
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch("field_surveys", queryset=FieldSurvey.objects.select_related("surveyor")),
            Prefetch("screenings", queryset=Screening.objects.select_related("screener")),
            Prefetch(
                "approvals",
                queryset=ReviewApproval.objects.select_related("approver", "committee_decision"),
            ),
            Prefetch("pre_audits", queryset=PreAuditDecision.objects.select_related("auditor")),
            Prefetch("credit_reports", queryset=CreditReport.objects.select_related("recorded_by")),
            Prefetch(
                "survey_decisions", queryset=SurveyDecision.objects.select_related("decided_by")
            ),
            "committee_decisions__members_present",
            "committee_decisions__committee",
            "program__documents",
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class StaffDocument:
    """A document as the application page shows it: a name, and where staff can view it."""

    name: str
    url: str | None
    is_image: bool


IMAGES = ("jpg", "png")


def application_documents(application: Application) -> list[StaffDocument]:
    """The applicant's uploaded documents, if the applicant area's model is installed.

    `ApplicationDocument` belongs to the applicant journey (issue #3); until it is merged this
    returns [] and the page lists the programme's required documents instead. The viewing URL
    is the document's `get_staff_url()` (or `get_absolute_url()`), so that the file is served
    by a view that checks access, never by the static-file server.
    """
    try:
        model = apps.get_model("guarantees", "ApplicationDocument")
    except LookupError:
        return []
    documents = []
    for doc in model.objects.filter(application=application).order_by("pk"):
        url_of = getattr(doc, "get_staff_url", None) or getattr(doc, "get_absolute_url", None)
        url = url_of() if callable(url_of) else None
        documents.append(
            StaffDocument(name=str(doc), url=url, is_image=getattr(doc, "kind", "") in IMAGES)
        )
    return documents


@dataclass(frozen=True)
class ApprovalProjection:
    """The approval panel's figures, and the verdicts of the rules the approval will enforce
    (capacity, the business's limit, the pre-audit), for display only."""

    amount_krw: int
    capacity_krw: int
    committed_krw: int
    remaining_krw: int
    remaining_after_krw: int
    business_used_krw: int
    business_limit_krw: int
    outstanding_krw: int
    base_assets_krw: int
    multiplier_now: Decimal | None
    multiplier_after: Decimal | None
    pre_audit_threshold_krw: int
    capacity: Verdict
    business_limit: Verdict
    pre_audit: Verdict

    @property
    def fits_capacity(self) -> bool:
        return self.capacity.allowed

    @property
    def fits_business_limit(self) -> bool:
        return self.business_limit.allowed

    @property
    def needs_pre_audit(self) -> bool:
        return self.pre_audit.required

    @property
    def capacity_used_pct(self) -> int:
        if not self.capacity_krw:
            return 100
        return min(100, int(self.committed_krw * 100 // self.capacity_krw))


def approval_projection(application: Application, amount_krw: int) -> ApprovalProjection:
    """The approval panel: remaining capacity and the foundation multiplier after approval."""
    from .services import business_used_krw

    program = application.program
    program.refresh_from_db(fields=["committed_krw"])
    on = timezone.localdate()
    outstanding = ledger.outstanding_exposure(on)
    base = ledger.base_assets(on)
    used = business_used_krw(
        business_id=application.business_id,
        program_id=program.pk,
        exclude_id=application.pk,
    )
    threshold = ReviewPolicy.current().pre_audit_threshold_krw
    remaining = program.capacity_krw - program.committed_krw
    return ApprovalProjection(
        amount_krw=amount_krw,
        capacity_krw=program.capacity_krw,
        committed_krw=program.committed_krw,
        remaining_krw=program.remaining_krw,
        remaining_after_krw=remaining - amount_krw,
        business_used_krw=used,
        business_limit_krw=program.per_business_limit_krw,
        outstanding_krw=outstanding,
        base_assets_krw=base,
        multiplier_now=ratio(outstanding, base),
        multiplier_after=ratio(outstanding + amount_krw, base),
        pre_audit_threshold_krw=threshold,
        capacity=rules.capacity(amount_krw=amount_krw, remaining_krw=remaining),
        business_limit=rules.business_limit(
            amount_krw=amount_krw, used_krw=used, limit_krw=program.per_business_limit_krw
        ),
        pre_audit=rules.pre_audit(amount_krw=amount_krw, threshold_krw=threshold),
    )


def previous_business_day(day: dt.date) -> dt.date:
    """The working day before `day` (weekends skipped; public holidays are not modelled)."""
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def monitoring_list(*, on: dt.date) -> dict:
    """감사실 일일 모니터링: guarantees over the threshold issued on `on`, by audit group."""
    threshold = ReviewPolicy.current().monitoring_threshold_krw
    rows = list(
        Guarantee.objects.filter(issued_on=on, guaranteed_amount_krw__gt=threshold)
        .select_related("business", "branch__audit_group", "program")
        .order_by("branch__audit_group__code", "branch__sort_order", "guarantee_no")
    )
    groups: dict[str, dict] = {}
    for g in rows:
        group = g.branch.audit_group
        key = group.code if group else "-"
        entry = groups.setdefault(
            key,
            {
                "group": group,
                "name": group.name if group else "감사그룹 미지정",
                "rows": [],
                "total_krw": 0,
            },
        )
        entry["rows"].append(g)
        entry["total_krw"] += g.guaranteed_amount_krw
    return {
        "on": on,
        "threshold_krw": threshold,
        "groups": list(groups.values()),
        "count": len(rows),
    }


def status_history(app: Application) -> list[dict]:
    """The database-level status history (django-pghistory triggers), with who acted as the
    services recorded it in pghistory's context."""
    from accounts.models import User

    # Made by pghistory.track at import (guarantees.models.review), so looked up by name.
    ApplicationStatusHistory = apps.get_model("guarantees", "ApplicationStatusHistory")

    rows = list(
        ApplicationStatusHistory.objects.filter(pgh_obj_id=app.pk)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    user_ids = {r.pgh_context.metadata.get("user") for r in rows if r.pgh_context is not None} - {
        None
    }
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    return [
        {
            "at": r.pgh_created_at,
            "status": ApplicationStatus(r.status).label,
            "approved_amount_krw": r.approved_amount_krw,
            "user": users.get(r.pgh_context.metadata.get("user")) if r.pgh_context else None,
        }
        for r in rows
    ]
