from django import forms
from django.utils import timezone

from common.pii import reject_rrn
from guarantees.models import Business, Consultation
from guarantees.validators import normalize_brn


class ConsultationForm(forms.ModelForm):
    """A consultation with a known business (사업자등록번호) or a walk-in (name only)."""

    business_no = forms.CharField(
        label="사업자등록번호",
        required=False,
        help_text="등록된 업체면 입력, 방문객이면 비워 두세요.",
    )

    class Meta:
        model = Consultation
        fields = ["date", "channel", "topic", "walk_in_name", "outcome"]
        # business_no (declared above) is placed before walk_in_name in field_order below.
        widgets = {
            "date": forms.DateInput(attrs={"type": "date", "class": "krds-input"}),
            "walk_in_name": forms.TextInput(attrs={"class": "krds-input"}),
            "outcome": forms.Textarea(attrs={"rows": 4, "class": "krds-input"}),
        }

    field_order = ["date", "channel", "topic", "business_no", "walk_in_name", "outcome"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["business_no"].widget.attrs["class"] = "krds-input"
        for name in ("channel", "topic"):
            self.fields[name].widget.attrs["class"] = "krds-form-select"
        for name in ("walk_in_name", "outcome"):
            self.fields[name].validators.append(reject_rrn)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("상담일은 오늘 이후일 수 없습니다.")
        return date

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("business_no") or "").strip()
        business = None
        if number:
            try:
                business = Business.objects.get(business_no=normalize_brn(number))
            except (forms.ValidationError, Business.DoesNotExist):
                self.add_error(
                    "business_no",
                    "등록된 업체를 찾을 수 없습니다. 방문객이면 성명·상호를 입력해 주세요.",
                )
        if business is None and not number and not (cleaned.get("walk_in_name") or "").strip():
            self.add_error(
                "walk_in_name", "업체의 사업자등록번호 또는 방문객 성명·상호를 입력해 주세요."
            )
        cleaned["business"] = business
        return cleaned
