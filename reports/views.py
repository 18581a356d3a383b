"""Pages of the council report: request a run and follow it (htmx polling, plain refresh
without JS), download it; the pledge page; the registers overview and the findings register."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.history_views import history_page
from accounts.models import Role
from accounts.permissions import post_only, role_required
from common.spreadsheet import xlsx_response
from guarantees.consultations.selectors import consultation_pledge_rows
from guarantees.models import ConsultationTarget

from .forms import REGISTER_FORMS, FindingFollowUpForm, ReportYearForm
from .models import (
    AuditFinding,
    BudgetLine,
    ContributionPlan,
    DepartmentDuty,
    ReportRun,
    RunStatus,
    SupplyPlan,
)
from .naming import last_year_with_data, report_filename, report_title
from .registers import register_row_delete, register_row_save
from .selectors import pledge_rows
from .services import ReportError, report_path, report_request

HWPX_CONTENT_TYPE = "application/hwp+zip"

REPORT_ROLES = (Role.STRATEGY, Role.EXECUTIVE, Role.AUDITOR)


@require_GET
@role_required(*REPORT_ROLES)
def council(request):
    """행정사무감사 보고서: pick a year, see earlier runs."""
    form = ReportYearForm(initial={"year": last_year_with_data()})
    runs = ReportRun.objects.select_related("requested_by")[:20]
    return render(request, "reports/council.html", {"form": form, "runs": runs})


@role_required(*REPORT_ROLES)
@post_only()
def council_request(request):
    form = ReportYearForm(request.POST)
    if not form.is_valid():
        runs = ReportRun.objects.select_related("requested_by")[:20]
        return render(request, "reports/council.html", {"form": form, "runs": runs}, status=400)
    try:
        run, created = report_request(year=form.cleaned_data["year"], requested_by=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:council")
    if not created:
        messages.info(
            request, f"{report_title(run.year)}는 이미 작성 중입니다. 진행 상황을 보여 드립니다."
        )
    return redirect("reports:run", run_id=run.pk)


@require_GET
@role_required(*REPORT_ROLES)
def run_detail(request, run_id: int):
    run = get_object_or_404(ReportRun.objects.select_related("requested_by"), pk=run_id)
    if request.htmx:
        return render(request, "reports/run.html#status", {"run": run})
    return render(request, "reports/run.html", {"run": run})


@require_GET
@role_required(*REPORT_ROLES)
def run_download(request, run_id: int):
    """The run's PDF, or with ?format=hwpx the same report as HWPX (한글)."""
    run = get_object_or_404(ReportRun, pk=run_id, status=RunStatus.DONE)
    fmt = "hwpx" if request.GET.get("format") == "hwpx" else "pdf"
    if fmt == "hwpx" and not run.hwpx_file_name:
        raise Http404("이 보고서에는 HWPX 파일이 없습니다 (HWPX 도입 전에 작성된 보고서).")
    path = report_path(run, fmt)
    if not path.exists():
        raise Http404("파일이 없습니다.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=report_filename(run.year).removesuffix(".pdf") + f".{fmt}",
        content_type=HWPX_CONTENT_TYPE if fmt == "hwpx" else "application/pdf",
    )


@require_GET
@role_required(*REPORT_ROLES)
def tables_xlsx(request, year: int):
    """Every table of `year`'s report as one Excel workbook (one sheet per table)."""
    from .document import report_blocks, report_tables
    from .xlsx import report_tables_workbook

    if not 2000 <= year <= 2100:
        raise Http404("보고 연도를 확인해 주세요.")
    tables = report_tables(report_blocks(year))
    return xlsx_response(f"{year}_행정사무감사_표.xlsx", report_tables_workbook(tables, year))


@require_GET
@role_required(*REPORT_ROLES, Role.COUNSELLOR, Role.HQ_SALES)
def pledges(request):
    """공약 이행 현황: per programme and year, target vs actual and 달성률, with bars."""
    return render(
        request,
        "reports/pledges.html",
        {"rows": pledge_rows(), "consultation_rows": consultation_pledge_rows()},
    )


@require_GET
@role_required(*REPORT_ROLES, Role.COUNSELLOR, Role.HQ_SALES)
def pledges_xlsx(request):
    """The pledge page's two tables as an Excel workbook."""
    from .xlsx import pledges_workbook

    data = pledges_workbook(pledge_rows(), consultation_pledge_rows())
    return xlsx_response(f"공약_이행_현황_{timezone.localdate():%Y%m%d}.xlsx", data)


def _report_year(request) -> int:
    # A year the report covers (ReportYearForm's choices); anything else shows last year's.
    form = ReportYearForm(request.GET)
    return form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year - 1


def _registers(year: int) -> dict:
    """What the registers hold for the report on `year` (the page and its Excel file)."""
    return {
        "budget_lines": sorted(
            BudgetLine.objects.filter(year=year + 1).select_related("parent"),
            key=lambda b: (b.side != "income", b.kind != "operating", b.sort_order),
        ),
        "contribution_plans": ContributionPlan.objects.filter(year__in=[year, year + 1]),
        "supply_plans": SupplyPlan.objects.filter(year__in=[year, year + 1]),
        "findings": AuditFinding.objects.filter(year=year).select_related("department"),
        "duties": DepartmentDuty.objects.select_related("unit"),
        "consultation_targets": ConsultationTarget.objects.all(),
    }


@require_GET
@role_required(*REPORT_ROLES)
def registers(request):
    """보고서 기초자료: what the registers hold for the report, per year."""
    year = _report_year(request)
    return render(
        request,
        "reports/registers.html",
        {
            "year": year,
            **_registers(year),
            "can_edit_registers": request.user.has_role(Role.STRATEGY),
            "can_admin": request.user.is_staff,
            "can_edit_findings": request.user.has_role(Role.STRATEGY, Role.AUDITOR),
        },
    )


@require_GET
@role_required(*REPORT_ROLES)
def registers_xlsx(request):
    """The registers of one report year (?year=) as an Excel workbook, one sheet each."""
    from .xlsx import registers_workbook

    year = _report_year(request)
    data = registers_workbook(year, _registers(year))
    return xlsx_response(f"{year}_보고서_기초자료.xlsx", data)


@require_http_methods(["GET", "POST"])
@role_required(Role.STRATEGY, Role.AUDITOR)
def finding_edit(request, finding_id: int):
    """조치상황·후속 조치 메모 (status and follow-up notes) of one audit finding."""
    finding = get_object_or_404(AuditFinding.objects.select_related("department"), pk=finding_id)
    form = FindingFollowUpForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        register_row_save(row=form.save(commit=False), actor=request.user)
        messages.success(request, f"{finding.number} 조치상황을 저장했습니다.")
        return redirect(f"{reverse('reports:registers')}?year={finding.year}")
    return render(request, "reports/finding_edit.html", {"finding": finding, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.STRATEGY)
def register_edit(request, kind: str, pk: int | None = None):
    """Add, change or delete one row of a register (budget, plans, findings, duties)."""
    if kind not in REGISTER_FORMS:
        raise Http404("없는 기초자료입니다.")
    model, form_class, title = REGISTER_FORMS[kind]
    instance = get_object_or_404(model, pk=pk) if pk else None
    if request.method == "POST" and "delete" in request.POST and instance is not None:
        register_row_delete(row=instance, actor=request.user)
        messages.success(request, f"{title} 항목을 삭제했습니다.")
        return redirect("reports:registers")
    form = form_class(request.POST or None, instance=instance)
    for field in form.fields.values():
        css = "krds-form-select" if hasattr(field, "choices") else "krds-input"
        field.widget.attrs.setdefault("class", css)
    if request.method == "POST" and form.is_valid():
        saved = register_row_save(row=form.save(commit=False), actor=request.user)
        messages.success(request, f"{title} 항목을 저장했습니다.")
        year = getattr(saved, "year", None)
        if kind == "budget":
            year = saved.year - 1  # the budget of Y+1 belongs to the report on Y
        return redirect(
            f"{reverse('reports:registers')}?year={year}" if year else "reports:registers"
        )
    return render(
        request,
        "reports/register_edit.html",
        {"form": form, "title": title, "instance": instance, "kind": kind},
    )


def _register_back(request, row, kind):
    year = getattr(row, "year", None)
    if kind == "budget" and year:
        year -= 1  # the budget of Y+1 belongs to the report on Y
    url = reverse("reports:registers")
    return (f"{url}?year={year}" if year else url), "보고서 기초자료"


# 기초자료 변경 이력: one row's (deleted rows keep theirs), or every row of one register.
REGISTER_MODELS = {kind: model for kind, (model, _form, _title) in REGISTER_FORMS.items()}
register_history = history_page(models=REGISTER_MODELS, roles=REPORT_ROLES, back=_register_back)
