"""The desk's query parameters, parsed by forms (a bad value is a Korean error, never a 500)."""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from ...models import GuaranteeStatus


class DeskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="상태",
        required=False,
        choices=[("", "전체"), *GuaranteeStatus.choices],
    )
    issued_since = forms.DateField(
        label="발급일 이후",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "발급일은 YYYY-MM-DD 형식으로 입력하세요."},
    )
    q = forms.CharField(
        label="보증번호·사업자번호·상호",
        required=False,
        max_length=50,
        error_messages={"max_length": "검색어는 50자 이내로 입력하세요."},
    )


# Django refuses NUL in any CharField already; its message names "null", ours says it in Korean.
for _validator in DeskFilterForm.base_fields["q"].validators:
    if isinstance(_validator, ProhibitNullCharactersValidator):
        _validator.message = "검색어에 쓸 수 없는 문자(NUL)가 있습니다."
