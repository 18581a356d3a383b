from __future__ import annotations

from django import forms

from common.pii import reject_rrn

from ..models import ClaimGrade, GuaranteeEventKind


class _KrdsForm(forms.Form):
    """Every widget gets the KRDS input class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "krds-input")


class BookEventForm(_KrdsForm):
    """사후관리 요청: one event; a second person approves it."""

    kind = forms.ChoiceField(label="구분", choices=GuaranteeEventKind.choices)
    date = forms.DateField(label="일자", widget=forms.DateInput(attrs={"type": "date"}))
    amount_krw = forms.IntegerField(
        label="금액(원)", min_value=0, required=False, help_text="해지·소각은 남은 금액 전부"
    )
    new_matures_on = forms.DateField(
        label="연장 후 만기일",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    proceeds_krw = forms.IntegerField(label="매각 대금(원)", min_value=0, required=False)
    memo = forms.CharField(label="적요", max_length=300, required=False, validators=[reject_rrn])

    def clean(self):
        data = super().clean()
        data["amount_krw"] = data.get("amount_krw") or 0
        data["proceeds_krw"] = data.get("proceeds_krw") or 0
        if data.get("kind") == "extension" and not data.get("new_matures_on"):
            self.add_error("new_matures_on", "기한연장에는 새 만기일이 필요합니다.")
        return data


class DecisionForm(_KrdsForm):
    reason = forms.CharField(label="사유", required=False, max_length=1000, validators=[reject_rrn])


class GradeForm(_KrdsForm):
    grade = forms.ChoiceField(label="등급", choices=ClaimGrade.choices)
    reason = forms.CharField(label="사유", max_length=1000, validators=[reject_rrn])


class BookSearchForm(forms.Form):
    """보증번호 검색 (GET q): a guarantee number is short text without control characters."""

    q = forms.CharField(
        required=False,
        max_length=40,
        error_messages={
            "max_length": "보증번호는 %(limit_value)d자를 넘지 않습니다.",
            "null_characters_not_allowed": "보증번호에 쓸 수 없는 문자가 있습니다.",
        },
    )


class SubsidyForm(forms.Form):
    """이차보전 정산 (GET year): a year the book can hold. The loan rate is not asked: it is the
    one each bank reported at loan execution."""

    year = forms.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "연도는 숫자로 입력해 주세요. 예: 2024",
            "min_value": "연도는 %(limit_value)s년 이후여야 합니다.",
            "max_value": "연도는 %(limit_value)s년 이전이어야 합니다.",
        },
    )
