from django import forms
from django.utils import timezone

from .models import AuditFinding


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(y, f"{y}년") for y in range(this_year, 2014, -1)]


class ReportYearForm(forms.Form):
    year = forms.TypedChoiceField(label="보고 연도", coerce=int, choices=year_choices)


class FindingFollowUpForm(forms.ModelForm):
    class Meta:
        model = AuditFinding
        fields = ["status", "follow_up"]
        widgets = {"follow_up": forms.Textarea(attrs={"rows": 4, "class": "krds-input"})}
