"""감사실: review the personal-data access log — filter, page through, export as CSV. Reading
the log is itself an access to staff's personal data (who, from which IP): logged too."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.csv_export import csv_download
from common.spreadsheet import xlsx_download

from .access_log import logs_personal_data
from .models import AccessAction, PersonalDataAccess, Role
from .permissions import role_required

PAGE_SIZE = 50
INPUT = {"class": "krds-input"}
DATE = {"class": "krds-input", "type": "date"}


class AccessLogFilterForm(forms.Form):
    who = forms.CharField(label="접근자(아이디)", required=False, max_length=150)
    date_from = forms.DateField(label="기간(부터)", required=False, widget=forms.DateInput(DATE))
    date_to = forms.DateField(label="기간(까지)", required=False, widget=forms.DateInput(DATE))
    action = forms.ChoiceField(
        label="행위", required=False, choices=[("", "전체"), *AccessAction.choices]
    )
    object_type = forms.CharField(label="대상 종류", required=False, max_length=30)
    object_id = forms.CharField(label="대상 번호", required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name == "action":
                field.widget.attrs["class"] = "krds-form-select"
            else:
                field.widget.attrs.setdefault("class", "krds-input")
        self.fields["date_from"].error_messages["invalid"] = "날짜를 2026-01-31처럼 입력해 주세요."
        self.fields["date_to"].error_messages["invalid"] = "날짜를 2026-01-31처럼 입력해 주세요."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "끝 날짜가 시작 날짜보다 앞설 수 없습니다.")
        return cleaned


def filtered(data: dict) -> QuerySet[PersonalDataAccess]:
    qs = PersonalDataAccess.objects.all()
    if data.get("who"):
        qs = qs.filter(username__icontains=data["who"].strip())
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        qs = qs.filter(at__gte=dt.datetime.combine(data["date_from"], dt.time.min, tz))
    if data.get("date_to"):
        end = data["date_to"] + dt.timedelta(days=1)
        qs = qs.filter(at__lt=dt.datetime.combine(end, dt.time.min, tz))
    if data.get("action"):
        qs = qs.filter(action=data["action"])
    if data.get("object_type"):
        qs = qs.filter(object_type__icontains=data["object_type"].strip())
    if data.get("object_id"):
        qs = qs.filter(object_id=data["object_id"].strip())
    return qs.order_by("-at", "-id")


def _form(request) -> tuple[AccessLogFilterForm, dict]:
    form = AccessLogFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, data


@require_GET
@role_required(Role.AUDITOR)
@logs_personal_data(data="개인정보 접근기록", object_type="접근기록")
def access_log(request):
    """개인정보 접근기록 조회 (감사실)."""
    form, data = _form(request)
    invalid = form.is_bound and not form.is_valid()
    qs = PersonalDataAccess.objects.none() if invalid else filtered(data)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "accounts/access_log.html",
        {"form": form, "page": page, "querystring": params.urlencode()},
        status=400 if invalid else 200,
    )


ACCESS_LOG_HEADER = [
    "일시",
    "접근자",
    "역할",
    "행위",
    "접근한 정보",
    "대상 종류",
    "대상 번호",
    "IP",
    "요청 주소",
]


def _export(request, fmt: str):
    """The same filters as the page, every matching row (the export itself is logged)."""
    form, data = _form(request)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "accounts/access_log.html",
            {"form": form, "page": None, "querystring": ""},
            status=400,
        )
    rows = (
        [
            timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S") if fmt == "csv" else row.at,
            row.username,
            row.role,
            row.get_action_display(),
            row.data,
            row.object_type,
            row.object_id,
            row.ip_address or "",
            row.path,
        ]
        for row in filtered(data).iterator(chunk_size=2000)
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        return csv_download(f"access-log-{stamp}.csv", ACCESS_LOG_HEADER, rows)
    return xlsx_download(
        f"access-log-{stamp}.xlsx", ACCESS_LOG_HEADER, rows, title="개인정보 접근기록"
    )


@require_GET
@role_required(Role.AUDITOR)
@logs_personal_data(
    action=AccessAction.EXPORT, data="개인정보 접근기록 CSV", object_type="접근기록"
)
def access_log_csv(request):
    return _export(request, "csv")


@require_GET
@role_required(Role.AUDITOR)
@logs_personal_data(
    action=AccessAction.EXPORT, data="개인정보 접근기록 엑셀", object_type="접근기록"
)
def access_log_xlsx(request):
    return _export(request, "xlsx")
