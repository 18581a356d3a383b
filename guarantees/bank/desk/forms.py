"""The desk's query parameters, parsed by forms (a bad value is a Korean error, never a 500)."""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from common.korean import with_particle

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


class LoanExecutionForm(forms.Form):
    """대출실행 보고: the same fields as the API's POST /loan-executions."""

    executed_on = forms.DateField(
        label="대출 실행일",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "대출 실행일을 입력하세요.",
            "invalid": "대출 실행일은 YYYY-MM-DD 형식으로 입력하세요.",
        },
    )
    loan_amount_krw = forms.IntegerField(
        label="실행 금액(원)",
        min_value=1,
        max_value=10**15,
        error_messages={
            "required": "실행 금액을 입력하세요.",
            "invalid": "실행 금액은 원 단위 정수로 입력하세요.",
            "min_value": "실행 금액은 1원 이상입니다.",
            "max_value": "실행 금액이 너무 큽니다.",
        },
    )
    interest_rate_pct = forms.DecimalField(
        label="대출 금리(연 %)",
        min_value=0,
        max_value=100,
        max_digits=6,
        decimal_places=3,
        error_messages={
            "required": "대출 금리를 입력하세요.",
            "invalid": "대출 금리는 숫자로 입력하세요 (예: 4.5).",
            "min_value": "대출 금리는 0%% 이상입니다.",
            "max_value": "대출 금리는 100%% 이하입니다.",
            "max_digits": "대출 금리는 소수점 셋째 자리까지 입력하세요.",
            "max_decimal_places": "대출 금리는 소수점 셋째 자리까지 입력하세요.",
            "max_whole_digits": "대출 금리가 너무 큽니다.",
        },
    )
    loan_account_ref = forms.CharField(
        label="대출 계좌 참조번호",
        max_length=50,
        error_messages={
            "required": "대출 계좌 참조번호를 입력하세요.",
            "max_length": "대출 계좌 참조번호는 50자 이내로 입력하세요.",
        },
    )


class MonthlyUploadForm(forms.Form):
    """월말 잔액 보고 CSV: columns guarantee_no, loan_balance_krw (the API's rows)."""

    month = forms.RegexField(
        label="보고 월 (YYYY-MM)",
        regex=r"^[12]\d{3}-(0[1-9]|1[0-2])$",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2026-11"}),
        error_messages={
            "required": "보고 월을 입력하세요.",
            "invalid": "보고 월은 YYYY-MM 형식으로 입력하세요 (예: 2026-11).",
        },
    )
    file = forms.FileField(
        label="CSV 파일",
        error_messages={
            "required": "CSV 파일을 선택하세요.",
            "empty": "빈 파일입니다.",
            "invalid": "파일을 읽을 수 없습니다.",
        },
    )


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": f"{with_particle(label, '을')} 입력하세요.",
            "invalid": f"{with_particle(label, '은')} YYYY-MM-DD 형식으로 입력하세요.",
        },
    )


def _won(label: str, *, min_value: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"{label}(원)",
        min_value=min_value,
        max_value=10**15,
        error_messages={
            "required": f"{with_particle(label, '을')} 입력하세요.",
            "invalid": f"{with_particle(label, '은')} 원 단위 정수로 입력하세요.",
            "min_value": f"{with_particle(label, '은')} {min_value}원 이상입니다.",
            "max_value": f"{with_particle(label, '이')} 너무 큽니다.",
        },
    )


class RepaymentForm(forms.Form):
    """상환 보고: the same fields as the API's POST /repayments."""

    paid_on = _date("상환일")
    loan_principal_krw = _won("상환 원금", min_value=1)
    loan_balance_krw = _won("상환 후 대출잔액")


class MaturitySettlementForm(forms.Form):
    """만기 처리 보고: repaid (a termination) or extended (a request the branch decides)."""

    settled_on = _date("만기 처리일")
    outcome = forms.ChoiceField(
        label="처리 결과",
        choices=[("repaid", "만기 상환"), ("extended", "기한연장")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "처리 결과(만기 상환 또는 기한연장)를 고르세요.",
            "invalid_choice": "처리 결과는 만기 상환 또는 기한연장입니다.",
        },
    )
    new_matures_on = forms.DateField(
        label="새 만기일 (기한연장일 때)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "새 만기일은 YYYY-MM-DD 형식으로 입력하세요."},
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "extended" and not data.get("new_matures_on"):
            self.add_error("new_matures_on", "기한연장이면 새 만기일을 입력하세요.")
        if data.get("outcome") == "repaid":
            data["new_matures_on"] = None
        return data


class DefaultForm(forms.Form):
    """보증사고(연체) 보고: the same fields as the API's POST /defaults."""

    default_on = _date("사고일")
    overdue_principal_krw = _won("연체 원금", min_value=1)
    reason = forms.CharField(
        label="사고 사유",
        max_length=200,
        error_messages={
            "required": "사고 사유를 입력하세요.",
            "max_length": "사고 사유는 200자 이내로 입력하세요.",
        },
    )


class SubrogationClaimForm(forms.Form):
    """대위변제 청구: the same fields as the API's POST /subrogation-claims."""

    claimed_on = _date("청구일")
    principal_krw = _won("청구 원금", min_value=1)
    interest_krw = _won("청구 이자")
