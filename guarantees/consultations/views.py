"""디딤돌센터 상담 기록: the counsellors' log and the year's count against its target."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access_log import logs_personal_data
from accounts.models import Role
from accounts.permissions import role_required
from guarantees.models import Consultation, ConsultationTopic

from .forms import ConsultationForm
from .selectors import consultation_counts
from .services import consultation_record


@require_GET
@role_required(Role.COUNSELLOR)
@logs_personal_data(data="상담 기록 목록", object_type="상담 기록")  # walk-ins' names, notes
def consultation_list(request):
    """상담 기록: newest first, with this year's count, target and 달성률."""
    year = timezone.localdate().year
    mine = request.GET.get("mine") == "1"
    qs = Consultation.objects.select_related("business", "counsellor")
    if mine:
        qs = qs.filter(counsellor=request.user)
    topic = request.GET.get("topic", "")
    if topic in ConsultationTopic.values:
        qs = qs.filter(topic=topic)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    counts = consultation_counts(year)
    rate = None
    if counts["target"]:
        from common.money import percent

        rate = percent(counts["total"], counts["target"])
    context = {
        "page": page,
        "counts": counts,
        "rate": rate,
        "bar_pct": min(int(rate or 0), 100),
        "mine": mine,
        "topic": topic,
        "topics": ConsultationTopic.choices,
        "topic_counts": list(zip(counts["topic_labels"], counts["by_topic"], strict=True)),
    }
    if request.htmx:
        return render(request, "guarantees/consultations/list.html#rows", context)
    return render(request, "guarantees/consultations/list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.COUNSELLOR)
def consultation_new(request):
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consultation_record(
            counsellor=request.user,
            date=data["date"],
            channel=data["channel"],
            topic=data["topic"],
            outcome=data["outcome"],
            business=data["business"],
            walk_in_name=data.get("walk_in_name", ""),
        )
        messages.success(request, "상담 기록을 저장했습니다.")
        return redirect("guarantees:consultations")
    return render(request, "guarantees/consultations/form.html", {"form": form})
