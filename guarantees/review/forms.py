"""Forms of the staff pages: they parse input; the rules live in services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Role
from branches.models import Committee, CommitteeMember
from common.money import MoneyParseError, format_rate, parse_krw
from common.pii import reject_rrn
from common.widgets import AMOUNT_HINT, AmountInput
from programs.models import Program

from ..applicant import uploads
from ..models import (
    ApplicationStatus,
    CreditBureau,
    PreAuditOutcome,
    ScorecardFactor,
    SurveyDecisionKind,
)
from .selectors import SORTS

INPUT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}


class AmountField(forms.CharField):
    """An amount typed the Korean way ('1억 5천만', '20,000,000')."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_krw(value)
        except MoneyParseError as exc:
            raise forms.ValidationError(str(exc)) from exc


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label="검색(접수번호·상호·사업자번호)", required=False, widget=forms.TextInput(attrs=INPUT)
    )
    status = forms.ChoiceField(label="상태", required=False)
    program = forms.ModelChoiceField(
        label="상품",
        queryset=Program.objects.order_by("code"),
        required=False,
        empty_label="전체",
        widget=forms.Select(attrs=SELECT),
    )
    amount_min = AmountField(
        label="금액(이상)", required=False, widget=forms.TextInput(attrs=INPUT)
    )
    amount_max = AmountField(
        label="금액(이하)", required=False, widget=forms.TextInput(attrs=INPUT)
    )
    submitted_from = forms.DateField(
        label="신청일(부터)",
        required=False,
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
    )
    submitted_to = forms.DateField(
        label="신청일(까지)",
        required=False,
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
    )
    waiting_days = forms.IntegerField(
        label="대기일수(일 초과)",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={**INPUT, "inputmode": "numeric"}),
    )
    include_closed = forms.BooleanField(label="종결 건 포함", required=False)
    sort = forms.ChoiceField(
        label="정렬",
        required=False,
        choices=[
            ("waiting", "오래 기다린 순"),
            ("-waiting", "최근 신청 순"),
            ("-amount", "금액 큰 순"),
            ("amount", "금액 작은 순"),
            ("business", "상호 순"),
            ("status", "상태 순"),
        ],
        widget=forms.Select(attrs=SELECT),
    )

    PRIMARY = ("q", "status", "sort")
    MORE = ("program", "amount_min", "amount_max", "submitted_from", "submitted_to", "waiting_days")

    def primary_fields(self):
        return [self[name] for name in self.PRIMARY]

    def more_fields(self):
        return [self[name] for name in self.MORE]

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = ApplicationStatus.choices[1:] if statuses is None else statuses
        self.fields["status"].choices = [("", "진행 중 전체"), *choices]
        self.fields["status"].widget.attrs.update(SELECT)
        assert set(dict(self.fields["sort"].choices)) == set(SORTS)  # nosec B101  # a self-check of the form's own sort table


class NoteForm(forms.Form):
    note = forms.CharField(
        label="메모(선택)",
        validators=[reject_rrn],
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="사유",
        validators=[reject_rrn],
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
        error_messages={"required": "사유를 입력해 주세요."},
    )


class SurveyForm(forms.Form):
    findings = forms.CharField(
        label="현장조사 결과",
        validators=[reject_rrn],
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 4}),
        error_messages={"required": "현장조사 결과를 입력해 주세요."},
    )


class SurveyAppointmentForm(forms.Form):
    """현장조사 방문 일정: date, time (office hours) and the visiting staff member of the
    branch. The rules (not past, 09:00~18:00, a reviewer or manager of the branch) are the
    service's (`services.check_visit_at`); the form shows its message at the field."""

    visit_date = forms.DateField(
        label="방문 날짜",
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "방문 날짜를 입력해 주세요.",
            "invalid": "방문 날짜를 2026-12-31처럼 입력해 주세요.",
        },
    )
    visit_time = forms.TimeField(
        label="방문 시각",
        help_text="업무 시간 09:00~18:00",
        widget=forms.TimeInput(
            attrs={**INPUT, "type": "time"},
            format="%H:%M",
        ),
        error_messages={
            "required": "방문 시각을 입력해 주세요.",
            "invalid": "방문 시각을 14:30처럼 입력해 주세요.",
        },
    )
    visitor = forms.ModelChoiceField(
        label="방문 직원",
        queryset=None,
        empty_label="선택하세요",
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "방문 직원을 선택해 주세요."},
    )
    reason = forms.CharField(
        label="변경 사유",
        required=False,
        max_length=300,
        validators=[reject_rrn],
        widget=forms.TextInput(attrs=INPUT),
    )

    def __init__(self, *args, branch=None, actor=None, reschedule=False, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(
            org_unit=branch,
            is_active=True,
            groups__name__in=[Role.REVIEWER, Role.BRANCH_MANAGER],
        )
        self.fields["visitor"].queryset = staff.distinct().order_by("last_name", "first_name")
        self.fields["visitor"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.get_username()}{f' ({u.staff_title})' if u.staff_title else ''}"
        )
        if actor is not None and not self.is_bound:
            self.initial.setdefault("visitor", actor.pk)
        if reschedule:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "변경 사유를 입력해 주세요."
        else:
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        if data.get("visit_date") and data.get("visit_time"):
            from .services import AppointmentInvalid, check_visit_at

            visit_at = timezone.make_aware(
                dt.datetime.combine(data["visit_date"], data["visit_time"])
            )
            try:
                data["visit_at"] = check_visit_at(visit_at)
            except AppointmentInvalid as exc:
                self.add_error(exc.field, str(exc))
        return data


class CreditReportForm(forms.Form):
    """확인된 신용등급: what the credit bureau's report says, and the report itself."""

    bureau = forms.ChoiceField(
        label="신용조회회사",
        choices=[("", "선택"), *CreditBureau.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "신용조회회사를 선택해 주세요."},
    )
    score = forms.IntegerField(
        label="신용점수",
        min_value=0,
        max_value=1000,
        widget=forms.NumberInput(attrs={**INPUT, "inputmode": "numeric"}),
        help_text="보고서에 적힌 점수(0~1000점)",
        error_messages={
            "required": "보고서의 신용점수를 입력해 주세요.",
            "invalid": "신용점수는 숫자로 입력해 주세요.",
            "min_value": "신용점수는 0점 이상이어야 합니다.",
            "max_value": "신용점수는 1000점 이하여야 합니다.",
        },
    )
    grade = forms.IntegerField(
        label="신용등급(선택)",
        required=False,
        min_value=1,
        max_value=10,
        widget=forms.NumberInput(attrs={**INPUT, "inputmode": "numeric"}),
        help_text="1~10등급. 점수만 적힌 보고서면 비워 두세요.",
        error_messages={
            "invalid": "신용등급은 숫자로 입력해 주세요.",
            "min_value": "신용등급은 1~10등급이어야 합니다.",
            "max_value": "신용등급은 1~10등급이어야 합니다.",
        },
    )
    report_date = forms.DateField(
        label="조회 기준일",
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
        error_messages={
            "required": "보고서의 조회 기준일을 입력해 주세요.",
            "invalid": "조회 기준일을 날짜로 입력해 주세요 (예: 2026-12-01).",
        },
    )
    report = forms.FileField(
        label="신용조회 보고서",
        help_text=f"{uploads.ALLOWED_LABEL} · 10MB까지",
        widget=forms.ClearableFileInput(attrs={"class": "krds-input"}),
        error_messages={
            "required": "받은 신용조회 보고서 파일을 올려 주세요.",
            "empty": "빈 파일입니다. 내용이 있는 보고서 파일을 올려 주세요.",
        },
    )

    def clean_report_date(self):
        from django.utils import timezone

        day = self.cleaned_data["report_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("조회 기준일이 오늘보다 늦을 수 없습니다.")
        return day

    def clean_report(self):
        """The file checked the way applicants' documents are (type from content, size,
        names); the CheckedUpload goes to the service."""
        return uploads.check_upload(self.cleaned_data["report"])


class SurveyDecisionForm(forms.Form):
    """현장조사 판단 by hand: skip or require, with a mandatory reason."""

    decision = forms.ChoiceField(
        label="판단",
        choices=SurveyDecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "현장조사 생략 또는 실시를 선택해 주세요."},
    )
    reason = forms.CharField(
        label="판단 사유",
        validators=[reject_rrn],
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
        help_text="예: 사업성 미흡·저신용 등 부실 우려로 현장조사 실시 (감사 지적 20-3)",
        error_messages={"required": "판단 사유를 입력해 주세요."},
    )


class ScreeningForm(forms.Form):
    """One points field per active scorecard factor (factors and weights are data)."""

    recommended_amount = AmountField(
        label="추천 금액",
        widget=AmountInput(attrs=INPUT),
        help_text=AMOUNT_HINT,
        error_messages={"required": "추천 금액을 입력해 주세요."},
    )
    comment = forms.CharField(
        label="심사 의견",
        validators=[reject_rrn],
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 4}),
        error_messages={"required": "심사 의견을 입력해 주세요."},
    )

    def __init__(self, *args, factors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.factors = list(
            factors if factors is not None else ScorecardFactor.objects.filter(is_active=True)
        )
        for factor in self.factors:
            self.fields[f"factor_{factor.code}"] = forms.TypedChoiceField(
                label=f"{factor.name} (가중치 {format_rate(factor.weight)}%)",
                help_text=factor.help_text,
                coerce=int,
                choices=[("", "선택")] + [(i, f"{i}점") for i in range(factor.max_points + 1)],
                widget=forms.Select(attrs=SELECT),
                error_messages={"required": f"'{factor.name}' 점수를 선택해 주세요."},
            )

    def factor_fields(self):
        return [self[f"factor_{f.code}"] for f in self.factors]

    def points(self) -> dict[str, int]:
        return {f.code: self.cleaned_data[f"factor_{f.code}"] for f in self.factors}


class ApprovalForm(forms.Form):
    amount = AmountField(
        label="승인 금액",
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "numeric"}),
        error_messages={"required": "승인 금액을 입력해 주세요."},
    )
    comment = forms.CharField(
        label="승인 의견 / 거절 사유",
        validators=[reject_rrn],
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
    )


class PreAuditForm(forms.Form):
    reason = forms.CharField(
        label="감사 의견 (이의 제기 시 필수)",
        validators=[reject_rrn],
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        extra = " · 위원장" if obj.is_chair else (" · 외부" if obj.is_external else "")
        return f"{obj.name} ({obj.position}{extra})"


class CommitteeDecisionForm(forms.Form):
    committee = forms.ModelChoiceField(
        label="위원회", queryset=Committee.objects.all(), widget=forms.Select(attrs=SELECT)
    )
    members_present = MemberChoiceField(
        label="출석 위원",
        queryset=CommitteeMember.objects.select_related("committee"),
        widget=forms.CheckboxSelectMultiple,
    )

    REVIEW_COMMITTEE = "GUARANTEE_REVIEW"  # 보증심사위원회 (demo.branches)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        review = Committee.objects.filter(code=self.REVIEW_COMMITTEE).first()
        if review is not None:
            self.fields["committee"].initial = review.pk
            self.fields["members_present"].queryset = review.members.all()

    held_on = forms.DateField(
        label="개최일", widget=forms.DateInput(attrs={**INPUT, "type": "date"})
    )
    approved = forms.TypedChoiceField(
        label="의결 결과",
        choices=[("1", "가결"), ("0", "부결")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    amount = AmountField(label="의결 금액", widget=forms.TextInput(attrs=INPUT))
    minutes = forms.CharField(
        label="의결 요지",
        validators=[reject_rrn],
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
    )


PRE_AUDIT_OUTCOMES = dict(PreAuditOutcome.choices)


class MonitoringForm(forms.Form):
    date = forms.DateField(
        label="발급일", required=False, widget=forms.DateInput(attrs={**INPUT, "type": "date"})
    )
