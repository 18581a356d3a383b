"""The stress test's inputs, checked once for the page and the command (`stress_test`): the
command turns each error into a line naming its option."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from ..models import Guarantee

MAX_MONTHS = 60
MAX_PATHS = 100_000


def _share(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=1,
        max_digits=7,
        decimal_places=6,
        error_messages={
            "min_value": f"{label}은 0 이상이어야 합니다.",
            "max_value": f"{label}은 1(100%%)을 넘을 수 없습니다.",
            "invalid": f"{label}은 0과 1 사이의 숫자로 입력하세요.",
        },
    )


def _won(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10**15,
        error_messages={
            "min_value": f"{label}은 0원 이상이어야 합니다.",
            "max_value": f"{label}이 너무 큽니다.",
            "invalid": f"{label}은 원 단위 정수로 입력하세요.",
        },
    )


class StressScenarioForm(forms.Form):
    """Blank scenario fields mean "as estimated from the book" (or the programmes' data)."""

    date = forms.DateField(
        label="기준일",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "기준일을 입력하세요.",
            "invalid": "기준일 형식이 올바르지 않습니다.",
        },
    )
    months = forms.IntegerField(
        label="기간(개월)",
        min_value=1,
        max_value=MAX_MONTHS,
        error_messages={
            "required": "기간(개월)을 입력하세요.",
            "min_value": "기간은 1개월 이상이어야 합니다.",
            "max_value": f"기간은 {MAX_MONTHS}개월을 넘을 수 없습니다.",
            "invalid": "기간은 개월 수(정수)로 입력하세요.",
        },
    )
    paths = forms.IntegerField(
        label="경로 수",
        min_value=1,
        max_value=MAX_PATHS,
        initial=10_000,
        error_messages={
            "required": "경로 수를 입력하세요.",
            "min_value": "경로 수는 1 이상이어야 합니다.",
            "max_value": f"경로 수는 {MAX_PATHS:,}개를 넘을 수 없습니다.",
            "invalid": "경로 수는 정수로 입력하세요.",
        },
    )
    seed = forms.IntegerField(
        label="난수 시드",
        min_value=0,
        max_value=2**63 - 1,
        initial=1,
        error_messages={
            "required": "난수 시드를 입력하세요.",
            "min_value": "난수 시드는 0 이상의 정수입니다.",
            "max_value": "난수 시드가 너무 큽니다.",
            "invalid": "난수 시드는 정수로 입력하세요.",
        },
    )
    default_rate_monthly = _share("월 부실률")
    normalisation_share = _share("정상화 비율")
    recovery_rate = _share("회수율")
    reguarantee_share = _share("재보증 비율")
    amortisation = forms.ChoiceField(
        label="분할상환 반영",
        choices=[("on", "반영"), ("off", "반영 안 함")],
        initial="on",
        error_messages={"invalid_choice": "분할상환 반영은 on 또는 off입니다."},
    )
    subrogation_lag_months = forms.IntegerField(
        label="사고 후 대위변제까지(개월)",
        required=False,
        min_value=0,
        max_value=MAX_MONTHS,
        error_messages={
            "min_value": "사고 후 대위변제까지의 기간은 0개월 이상이어야 합니다.",
            "max_value": f"사고 후 대위변제까지의 기간은 {MAX_MONTHS}개월을 넘을 수 없습니다.",
            "invalid": "사고 후 대위변제까지의 기간은 개월 수(정수)로 입력하세요.",
        },
    )
    new_supply_krw_monthly = _won("월 신규 공급액")
    contributions_krw_monthly = _won("월 출연금")

    def clean_date(self):
        day = self.cleaned_data["date"]
        first = Guarantee.objects.order_by("issued_on").values_list("issued_on", flat=True).first()
        if first is None:
            raise forms.ValidationError("장부에 보증이 없어 모의실험을 할 수 없습니다.")
        if day < first:
            raise forms.ValidationError(
                f"기준일이 장부의 첫 보증일({first.isoformat()})보다 앞섭니다."
            )
        if day > timezone.localdate():
            raise forms.ValidationError("기준일은 오늘 이후일 수 없습니다.")
        return day

    def scenario_overrides(self) -> dict:
        """The fields given, as the simulator's types (None where blank)."""
        data = self.cleaned_data

        def share(name):
            value = data.get(name)
            return None if value is None else float(value)

        return {
            "default_rate_monthly": share("default_rate_monthly"),
            "normalisation_share": share("normalisation_share"),
            "recovery_rate": share("recovery_rate"),
            "reguarantee_share": share("reguarantee_share"),
            "amortisation": data.get("amortisation", "on") == "on",
            "lag_months": data.get("subrogation_lag_months"),
            "new_supply_krw_monthly": data.get("new_supply_krw_monthly") or 0,
            "contributions_krw_monthly": data.get("contributions_krw_monthly") or 0,
        }

    @property
    def day(self) -> dt.date:
        return self.cleaned_data["date"]
