"""The decisions list's filters and its decision forms (Korean errors, never a 500)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms

from common.pii import reject_rrn
from programs.models import Bank

from ...models import DifferenceKind
from ..services import ClaimStatus

MONTH = re.compile(r"^([12]\d{3})-(0[1-9]|1[0-2])$")


class _KrdsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "krds-input")


class DecisionFilterForm(_KrdsForm):
    """GET filters of 결정 대기 목록."""

    bank = forms.ModelChoiceField(
        label="은행",
        required=False,
        queryset=Bank.objects.order_by("name"),
        empty_label="전체",
        to_field_name="code",
        error_messages={"invalid_choice": "목록에 있는 은행을 고르세요."},
    )
    claim_status = forms.ChoiceField(
        label="청구 상태",
        required=False,
        choices=[
            ("", "전체"),
            (ClaimStatus.RECEIVED, "검토 대기"),
            (ClaimStatus.RECOMMENDED, ClaimStatus.LABELS[ClaimStatus.RECOMMENDED]),
        ],
        error_messages={"invalid_choice": "청구 상태는 목록에서 고르세요."},
    )
    difference_kind = forms.ChoiceField(
        label="차이 구분",
        required=False,
        choices=[("", "전체"), *DifferenceKind.choices],
        error_messages={"invalid_choice": "차이 구분은 목록에서 고르세요."},
    )
    month = forms.CharField(
        label="기준월",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM", "inputmode": "numeric"}),
        error_messages={"max_length": "기준월은 YYYY-MM 형식으로 입력하세요 (예: 2026-11)."},
    )

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        match = MONTH.match(text)
        if not match:
            raise forms.ValidationError("기준월은 YYYY-MM 형식으로 입력하세요 (예: 2026-11).")

        return dt.date(int(match.group(1)), int(match.group(2)), 1)


class ClaimReviewForm(_KrdsForm):
    """검토(첫째 눈): recommend payment, dated `pay_on`."""

    pay_on = forms.DateField(
        label="지급일",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "지급일을 입력하세요.",
            "invalid": "지급일은 YYYY-MM-DD 형식으로 입력하세요.",
        },
    )
    memo = forms.CharField(
        label="검토 의견",
        required=False,
        max_length=300,
        validators=[reject_rrn],
        error_messages={"max_length": "검토 의견은 300자 이내로 입력하세요."},
    )


class ReasonForm(_KrdsForm):
    """승인(사유 선택) / 반려(사유 필수)."""

    reason = forms.CharField(
        label="사유",
        required=False,
        max_length=1000,
        validators=[reject_rrn],
        error_messages={"max_length": "사유는 1,000자 이내로 입력하세요."},
    )


class ResolveForm(_KrdsForm):
    """대사 차이 처리: what staff found or did (a book request they entered, by number)."""

    resolution = forms.CharField(
        label="처리 내용",
        max_length=1000,
        validators=[reject_rrn],
        error_messages={
            "required": "처리 내용을 입력하세요.",
            "max_length": "처리 내용은 1,000자 이내로 입력하세요.",
        },
    )
