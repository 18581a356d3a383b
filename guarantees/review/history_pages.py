"""변경 이력 beside the review's things (issue 15): the business profile shown on the
application page, and 심사 기준 — the review policy, approval authorities and scorecard
factors that decide every application — with a read-only page of their current values.

All through accounts.history_views.history_page (one view, one template). Who may see them:
the staff who read applications (the page where these things are shown); the business's
history is scoped like the application (another branch's is a 404) and is personal data
(one access-log row per page).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.access_log import logs_personal_data
from accounts.history_views import history_page
from accounts.permissions import role_required
from common.history import proposals_of
from common.models import ProposalStatus

from ..models import Application, ApprovalAuthority, Business, ReviewPolicy, ScorecardFactor
from . import selectors
from .views import STAFF_READERS

CRITERIA = {
    "policy": ReviewPolicy,
    "authority": ApprovalAuthority,
    "factor": ScorecardFactor,
}


def _business_of(request, pk: int):
    try:
        return selectors.application_for_page(request.user, pk).business
    except Application.DoesNotExist as exc:
        raise Http404("신청을 찾을 수 없습니다.") from exc


business_history = logs_personal_data(
    data="사업자 정보 변경 이력", object_type="신청서", object_id="pk"
)(
    history_page(
        models=Business,
        roles=STAFF_READERS,
        get_object=_business_of,
        back=lambda request, obj, kind: (
            reverse("guarantees:review:application", args=[request.resolver_match.kwargs["pk"]]),
            "신청서",
        ),
    )
)

criteria_history = history_page(
    models=CRITERIA,
    roles=STAFF_READERS,
    back=lambda request, obj, kind: (reverse("guarantees:review_criteria"), "심사 기준"),
)


@require_GET
@role_required(*STAFF_READERS)
def criteria(request):
    """심사 기준: what decides today (read-only here; a change is proposed in the admin and
    applied when a second person approves it), with the pending proposals and the history."""
    pending = {
        kind: [row for row in proposals_of(model) if row.proposal.status == ProposalStatus.PENDING]
        for kind, model in CRITERIA.items()
    }
    return render(
        request,
        "guarantees/review/criteria.html",
        {
            "policy": ReviewPolicy.objects.order_by("pk").first(),
            "authorities": list(ApprovalAuthority.objects.all()),
            "factors": list(ScorecardFactor.objects.all()),
            "pending": pending,
        },
    )
