from django import forms
from django.utils import timezone

from common.pii import reject_rrn
from guarantees.models import ConsultationTarget

from .models import AuditFinding, BudgetLine, ContributionPlan, DepartmentDuty, SupplyPlan
from .naming import YEAR_RULE, year_label


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(y, year_label(y)) for y in range(this_year, 2014, -1)]


class ReportYearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="실적 연도", coerce=int, choices=year_choices, help_text=YEAR_RULE
    )


class FindingFollowUpForm(forms.ModelForm):
    class Meta:
        model = AuditFinding
        fields = ["status", "follow_up"]
        widgets = {"follow_up": forms.Textarea(attrs={"rows": 4, "class": "krds-input"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].validators.append(reject_rrn)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "side", "kind", "name", "parent", "amount_krw", "sort_order"]

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        if parent and (parent.year, parent.side, parent.kind) != (
            cleaned.get("year"),
            cleaned.get("side"),
            cleaned.get("kind"),
        ):
            self.add_error("parent", "상위 과목은 같은 연도·수입/지출·예산 구분이어야 합니다.")
        return cleaned


class AuditFindingForm(forms.ModelForm):
    class Meta:
        model = AuditFinding
        fields = [
            "year",
            "number",
            "kind",
            "committee",
            "title",
            "finding",
            "department",
            "plan",
            "status",
            "follow_up",
        ]
        help_texts = {
            "plan": "‘사업개요’, ‘추진계획’, ‘기대효과’ 줄 아래에 한 줄에 한 항목씩 적습니다."
        }


# kind (URL) → (model, form, title); what a strategy officer maintains for the report.
REGISTER_FORMS = {
    "budget": (BudgetLine, BudgetLineForm, "예산 과목"),
    "contribution-plan": (
        ContributionPlan,
        forms.modelform_factory(ContributionPlan, fields=["year", "group", "amount_krw", "note"]),
        "출연금 확충 계획",
    ),
    "supply-plan": (
        SupplyPlan,
        forms.modelform_factory(
            SupplyPlan,
            fields=["year", "count", "amount_krw", "new_count", "new_amount_krw", "note"],
        ),
        "보증공급 계획",
    ),
    "finding": (AuditFinding, AuditFindingForm, "행정사무감사 지적사항"),
    "consultation-target": (
        ConsultationTarget,
        forms.modelform_factory(ConsultationTarget, fields=["year", "count"]),
        "디딤돌센터 상담 목표",
    ),
    "duty": (
        DepartmentDuty,
        forms.modelform_factory(DepartmentDuty, fields=["unit", "duties"]),
        "부서별 사무분장",
    ),
}
