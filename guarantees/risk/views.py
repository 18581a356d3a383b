"""위험 모의실험 pages (전략기획부, 임원): ask for a run, follow it, read its figures."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import post_only, role_required

from ..models import StressRun
from .chart import fan_chart
from .forms import StressScenarioForm
from .runs import stress_request

RISK_ROLES = (Role.STRATEGY, Role.EXECUTIVE)


def _home(request, form, *, status=200):
    runs = StressRun.objects.select_related("requested_by")[:20]
    return render(request, "guarantees/risk/home.html", {"form": form, "runs": runs}, status=status)


@require_GET
@role_required(*RISK_ROLES)
def stress_home(request):
    form = StressScenarioForm(
        initial={"date": timezone.localdate(), "months": 12, "paths": 10_000, "seed": 1}
    )
    return _home(request, form)


@role_required(*RISK_ROLES)
@post_only()
def stress_ask(request):
    form = StressScenarioForm(request.POST)
    if not form.is_valid():
        return _home(request, form, status=400)
    data = form.cleaned_data
    run = stress_request(
        day=form.day,
        months=data["months"],
        paths=data["paths"],
        seed=data["seed"],
        overrides=form.scenario_overrides(),
        requested_by=request.user,
    )
    return redirect("guarantees:stress_run", run_id=run.pk)


@require_GET
@role_required(*RISK_ROLES)
def stress_run_detail(request, run_id: int):
    run = get_object_or_404(StressRun.objects.select_related("requested_by"), pk=run_id)
    done_chunks = run.chunks.count() if run.is_active else run.chunks_total
    context = {
        "run": run,
        "done_chunks": done_chunks,
        "progress": round(100 * done_chunks / run.chunks_total) if run.chunks_total else 0,
        "chart": fan_chart(run.result) if run.result else None,
    }
    if request.htmx:
        return render(request, "guarantees/risk/run.html#status", context)
    return render(request, "guarantees/risk/run.html", context)
