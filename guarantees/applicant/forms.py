"""Applicant forms. Every message is Korean and names what to fix; nothing typed is lost
(forms re-render with the values as typed). Free-text fields refuse anything that looks like a
주민등록번호: the portal asks for a birth date, never for an RRN."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from branches.models import District
from common.korean import with_particle
from common.money import MoneyParseError, format_korean_amount, parse_krw
from common.pii import reject_rrn  # the portal's one 주민등록번호 rule
from common.widgets import AMOUNT_HINT, AmountInput
from programs.models import Industry

from ..models import Business
from ..validators import normalize_brn


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


class KrdsMixin:
    """KRDS classes and accessible error wiring on every widget."""

    def _krds(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "krds-form-select")
            elif not isinstance(widget, forms.FileInput):
                widget.attrs.setdefault("class", "krds-input")
            if self._errors is not None and name in self._errors:  # never trigger cleaning
                widget.attrs["aria-invalid"] = "true"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._krds()

    def full_clean(self):
        super().full_clean()
        self._krds()


class KoreanAmountField(forms.CharField):
    """An amount typed as '20,000,000', '2000만원' or '２천만' → whole won (int)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 30:
            raise ValidationError("금액은 숫자로 입력해 주세요. 예: 20,000,000 또는 2천만")
        try:
            return parse_krw(value)
        except MoneyParseError as exc:
            raise ValidationError(str(exc)) from exc


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


BOOLEAN_FACTS = [
    "in_traditional_market",
    "in_underground_mall",
    "is_social_enterprise",
    "near_redevelopment_zone",
    "has_settled_debt",
]


class BusinessProfileForm(KrdsMixin, forms.ModelForm):
    business_no = forms.CharField(
        label="사업자등록번호",
        max_length=40,
        help_text="숫자 10자리. 하이픈(-)은 넣어도, 빼도 됩니다.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sido = forms.ChoiceField(label="시·도", choices=())
    last_year_sales_krw = KoreanAmountField(
        label="전년도 매출액",
        required=False,
        help_text=f"{AMOUNT_HINT} 창업 첫해면 비워 두세요.",
        widget=AmountInput(),
    )

    class Meta:
        model = Business
        fields = [
            "business_no",
            "name",
            "representative_name",
            "representative_birth_date",
            "industry",
            "opened_on",
            "sido",
            "district",
            "road_address",
            "employees",
            "last_year_sales_krw",
            "credit_score",
            *BOOLEAN_FACTS,
            "hired_last_year",
            "covid_sales_drop_pct",
        ]
        labels = {
            "name": "상호",
            "representative_name": "대표자 성명",
            "representative_birth_date": "대표자 생년월일",
            "industry": "업종",
            "opened_on": "개업일",
            "district": "군·구",
            "road_address": "도로명 주소",
            "employees": "상시근로자 수(명)",
            "credit_score": "신용점수(본인 확인 점수)",
            "hired_last_year": "최근 1년 동안 새로 고용한 인원(명)",
            "covid_sales_drop_pct": "코로나19로 줄어든 매출 비율(%)",
        }
        help_texts = {
            "representative_birth_date": "주민등록번호는 받지 않습니다. 생년월일만 입력하세요.",
            "district": "사업장이 있는 군·구의 지점이 신청을 맡습니다.",
            "credit_score": "NICE 기준 0~1000점. 모르면 비워 두세요(현장조사로 확인합니다).",
            "covid_sales_drop_pct": "2019년 대비 감소율. 줄지 않았으면 비워 두세요.",
        }
        widgets = {
            "representative_birth_date": DateInput(),
            "opened_on": DateInput(),
            "employees": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "hired_last_year": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "credit_score": forms.NumberInput(
                attrs={"min": 0, "max": 1000, "inputmode": "numeric"}
            ),
            "covid_sales_drop_pct": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sidos = sorted(set(District.objects.values_list("sido", flat=True)))
        self.fields["sido"].choices = [("", "선택하세요"), *[(s, s) for s in sidos]]
        if self.instance.pk and self.instance.sido:
            self.initial.setdefault("sido", self.instance.sido)
        self.fields["district"].queryset = District.objects.select_related("branch").order_by(
            "sido", "name"
        )
        self.fields["district"].label_from_instance = lambda d: f"{d.name} ({d.branch.name} 담당)"
        self.fields["district"].empty_label = "선택하세요"
        self.fields["industry"].queryset = Industry.objects.order_by("is_restricted", "code")
        self.fields["industry"].label_from_instance = lambda i: (
            f"{i.name} (보증제한업종)" if i.is_restricted else i.name
        )
        self.fields["industry"].empty_label = "선택하세요"
        for name in (
            "name",
            "representative_name",
            "representative_birth_date",
            "industry",
            "opened_on",
            "district",
            "road_address",
        ):
            self.fields[name].required = True
        for name in ("name", "representative_name", "road_address"):
            self.fields[name].validators.append(reject_rrn)
        if self.instance.pk and self.instance.applications.exclude(status="draft").exists():
            # Submitted applications and certificates name this number: it no longer changes.
            self.fields["business_no"].disabled = True
            self.fields[
                "business_no"
            ].help_text = (
                "신청서를 제출한 뒤에는 바꿀 수 없습니다. 바뀌었다면 담당 지점에 알려 주세요."
            )

    def clean_business_no(self):
        number = normalize_brn(self.cleaned_data["business_no"])
        taken = Business.objects.filter(business_no=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                "이미 등록된 사업자등록번호입니다. 본인 사업자라면 재단(1588-7365)에 문의해 주세요."
            )
        return number

    def clean_credit_score(self):
        score = self.cleaned_data["credit_score"]
        if score is not None and score > 1000:
            raise ValidationError("신용점수는 0~1000점 사이로 입력해 주세요.")
        return score

    def clean_name(self):
        return _nfc(self.cleaned_data["name"])

    def clean_representative_name(self):
        return _nfc(self.cleaned_data["representative_name"])

    def clean_road_address(self):
        return _nfc(self.cleaned_data["road_address"])

    def clean_representative_birth_date(self):
        born = self.cleaned_data["representative_birth_date"]
        today = dt.date.today()
        # Born on or before this day 18 years ago; on 29 February that day is the 28th
        # (replace() would raise in a year without the 29th).
        day = 28 if (today.month, today.day) == (2, 29) else today.day
        adult_by = today.replace(year=today.year - 18, day=day)
        if born and (born > adult_by or born.year < 1900):
            raise ValidationError("대표자 생년월일을 확인해 주세요(만 18세 이상).")
        return born

    def clean_opened_on(self):
        opened = self.cleaned_data["opened_on"]
        if opened and opened > dt.date.today():
            raise ValidationError("개업일은 오늘 이전이어야 합니다.")
        return opened

    def clean(self):
        cleaned = super().clean()
        district, sido = cleaned.get("district"), cleaned.get("sido")
        if district and sido and district.sido != sido:
            self.add_error(
                "district", f"{with_particle(district.name, '은')} {sido}에 속하지 않습니다."
            )
        return cleaned


TERM_CHOICES = [(12, "1년"), (24, "2년"), (36, "3년"), (48, "4년"), (60, "5년")]


class ApplicationForm(KrdsMixin, forms.Form):
    """신청서. Fields may stay empty while drafting; submission checks completeness."""

    amount = KoreanAmountField(label="신청 금액", required=False, widget=AmountInput())
    purpose = forms.CharField(
        label="자금 용도",
        required=False,
        max_length=200,
        validators=[reject_rrn],
        help_text="예: 원재료 구입, 임차료, 인건비",
    )
    bank = forms.ModelChoiceField(label="대출 희망 은행", queryset=None, required=False)
    term_months = forms.TypedChoiceField(
        label="보증기간", choices=(), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        program = application.program
        self.application = application
        self.fields["bank"].queryset = program.banks.order_by("name")
        self.fields["bank"].empty_label = "선택하세요"
        self.fields["term_months"].choices = [("", "선택하세요")] + [
            (value, label) for value, label in TERM_CHOICES if value <= program.term_months
        ]
        self.fields[
            "amount"
        ].help_text = (
            f"업체당 한도 {format_korean_amount(program.per_business_limit_krw)}. {AMOUNT_HINT}"
        )

    def clean_amount(self):
        from .services import amount_problems

        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise ValidationError("신청 금액을 0보다 크게 입력해 주세요.")
        problems = amount_problems(application=self.application, amount_krw=amount)
        if problems:
            raise ValidationError(problems)
        return amount

    def clean_purpose(self):
        return _nfc(self.cleaned_data.get("purpose", ""))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class SupplementAnswerForm(KrdsMixin, forms.Form):
    note = forms.CharField(
        label="답변 내용",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[reject_rrn],
    )
    files = MultipleFileField(
        label="보완 서류",
        required=False,
        help_text="PDF, JPG, PNG, HWP, HWPX · 파일당 10MB까지 · 여러 개를 한 번에 고를 수 있습니다.",
    )


class WithdrawForm(KrdsMixin, forms.Form):
    confirm = forms.BooleanField(
        label="이 신청을 취하합니다. 취하한 신청은 되돌릴 수 없습니다.",
        error_messages={"required": "취하하려면 확인란에 표시해 주세요."},
    )
    reason = forms.CharField(
        label="취하 사유(선택)", required=False, max_length=300, validators=[reject_rrn]
    )


class AgreementForm(KrdsMixin, forms.Form):
    terms = forms.BooleanField(required=False)
    credit_info = forms.BooleanField(required=False)
    fee = forms.BooleanField(required=False)
    password = forms.CharField(
        label="비밀번호 다시 입력",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="본인 확인을 위해 로그인 비밀번호를 한 번 더 입력합니다.",
    )


class CertificateVerifyForm(KrdsMixin, forms.Form):
    guarantee_no = forms.CharField(label="보증서 번호", max_length=40)
    check_code = forms.CharField(
        label="진위확인 코드",
        max_length=20,
        help_text="보증서 아래쪽의 12자리 코드(예: AB12-CD34-EF56)",
    )
