"""The committee secretary's forms: every bad value is a Korean error on the page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from programs.models import Program

from ..applicant import uploads
from ..applicant.forms import DateInput, KoreanAmountField
from ..models import FundCommittee, VoteChoice

_DATE_ERRORS = {"required": "날짜를 입력해 주세요.", "invalid": "날짜는 YYYY-MM-DD 형식입니다."}


class AnnounceForm(forms.Form):
    program = forms.ModelChoiceField(
        label="보증 상품",
        queryset=Program.objects.none(),
        error_messages={"required": "상품을 골라 주세요.", "invalid_choice": "상품을 골라 주세요."},
    )
    committee = forms.ModelChoiceField(
        label="심의 위원회",
        queryset=FundCommittee.objects.none(),
        error_messages={
            "required": "위원회를 골라 주세요.",
            "invalid_choice": "위원회를 골라 주세요.",
        },
    )
    title = forms.CharField(
        label="공고 제목", max_length=200, error_messages={"required": "공고 제목을 입력해 주세요."}
    )
    announcement = forms.CharField(
        label="공고 내용",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "공고 내용을 입력해 주세요."},
    )
    opens_on = forms.DateField(label="접수 시작일", widget=DateInput(), error_messages=_DATE_ERRORS)
    closes_on = forms.DateField(
        label="접수 마감일", widget=DateInput(), error_messages=_DATE_ERRORS
    )
    budget = KoreanAmountField(
        label="회차 예산",
        help_text="예: 10억 또는 1,000,000,000",
        error_messages={"required": "회차 예산을 입력해 주세요."},
    )
    meeting_on = forms.DateField(
        label="심의 예정일", widget=DateInput(), error_messages=_DATE_ERRORS
    )

    def __init__(self, *args, programs, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["committee"].queryset = committees


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="개최일", widget=DateInput(), error_messages=_DATE_ERRORS)
    attendees = forms.ModelMultipleChoiceField(
        label="출석 위원",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "출석한 위원을 골라 주세요."},
    )
    minutes = forms.CharField(
        label="회의록",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "회의록 내용을 입력해 주세요."},
    )
    minutes_file = forms.FileField(
        label="회의록 파일",
        required=False,
        help_text=f"서명한 회의록 스캔본 ({uploads.ALLOWED_LABEL}, 10MB까지)",
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = committee.members.filter(is_active=True)

    def clean_minutes_file(self):
        uploaded = self.cleaned_data.get("minutes_file")
        return uploads.check_upload(uploaded) if uploaded else None


class VoteSheetForm(forms.Form):
    """표결 기록: one choice per (application, present member) not yet recorded."""

    def __init__(self, *args, entries, members, recorded: set[tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for entry in entries:
            row = []
            for member in members:
                name = f"vote_{entry.pk}_{member.pk}"
                if (entry.pk, member.pk) in recorded:
                    row.append((member, None))
                    continue
                self.fields[name] = forms.ChoiceField(
                    label=f"{entry.application.business.name} · {member.name}",
                    required=False,
                    choices=[("", "선택"), *VoteChoice.choices],
                )
                row.append((member, name))
            self.cells.append((entry, row))

    def votes(self) -> list[tuple[int, int, str]]:
        """(entry id, member id, choice) of the cells filled in."""
        found = []
        for name, value in self.cleaned_data.items():
            if value:
                _, entry_id, member_id = name.split("_")
                found.append((int(entry_id), int(member_id), value))
        if not found:
            raise ValidationError("기록할 표결을 하나 이상 골라 주세요.")
        return found


class SelectionForm(forms.Form):
    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for entry in entries:
            self.fields[f"select_{entry.pk}"] = forms.BooleanField(
                label=f"{entry.application.business.name} 선정", required=False
            )
            self.fields[f"reason_{entry.pk}"] = forms.CharField(
                label=f"{entry.application.business.name} 미선정 사유",
                required=False,
                max_length=500,
            )
            self.rows.append((entry, f"select_{entry.pk}", f"reason_{entry.pk}"))

    def selection(self) -> tuple[list[int], dict[int, str]]:
        selected = [e.pk for e, box, _ in self.rows if self.cleaned_data.get(box)]
        reasons = {e.pk: self.cleaned_data.get(reason, "") for e, _, reason in self.rows}
        return selected, reasons


class BankAnswerForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label="은행 회신",
        choices=[("approved", "최종 승인"), ("declined", "부적격")],
        widget=forms.RadioSelect,
        error_messages={"required": "은행의 회신을 골라 주세요."},
    )
    reason = forms.CharField(label="회신 내용", required=False, max_length=500)
