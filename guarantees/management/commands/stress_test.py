"""`manage.py stress_test --date D --months H --paths N --seed S [--json]`: where the
multiplier may go in H months, by simulating N paths of the book (guarantees/risk/)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from common.money import format_korean_amount
from guarantees.risk.forms import StressScenarioForm
from guarantees.risk.services import stress_test

# Option → form field (the form checks both the page and the command).
OPTIONS = {
    "date": "date",
    "months": "months",
    "paths": "paths",
    "seed": "seed",
    "default_rate_monthly": "default_rate_monthly",
    "normalisation_share": "normalisation_share",
    "recovery_rate": "recovery_rate",
    "reguarantee_share": "reguarantee_share",
    "amortisation": "amortisation",
    "subrogation_lag_months": "subrogation_lag_months",
    "new_supply_krw_monthly": "new_supply_krw_monthly",
    "contributions_krw_monthly": "contributions_krw_monthly",
}


class Command(BaseCommand):
    help = "보증 장부를 모의실험해 운용배수가 한도를 넘을 확률을 계산합니다."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="기준일 YYYY-MM-DD")
        parser.add_argument("--months", required=True, help="기간(개월, 1~60)")
        parser.add_argument("--paths", required=True, help="경로 수")
        parser.add_argument("--seed", default="1", help="난수 시드 (기본 1)")
        parser.add_argument("--json", action="store_true", help="JSON으로 출력")
        parser.add_argument("--default-rate-monthly", help="모든 보증에 같은 월 부실률 (0~1)")
        parser.add_argument("--normalisation-share", help="사고 중 정상화 비율 (0~1)")
        parser.add_argument("--recovery-rate", help="대위변제액 대비 회수율 (0~1)")
        parser.add_argument("--reguarantee-share", help="재보증 비율 (0~1)")
        parser.add_argument("--amortisation", default="on", help="분할상환 반영 on|off")
        parser.add_argument("--subrogation-lag-months", help="사고 후 대위변제까지 개월")
        parser.add_argument("--new-supply-krw-monthly", help="월 신규 보증공급액(원)")
        parser.add_argument("--contributions-krw-monthly", help="월 출연금(원)")

    def handle(self, *args, **options):
        form = StressScenarioForm(
            data={
                field: options.get(option)
                for option, field in OPTIONS.items()
                if options.get(option) is not None
            }
        )
        if not form.is_valid():
            lines = []
            for option, field in OPTIONS.items():
                for error in form.errors.get(field, []):
                    lines.append(f"--{option.replace('_', '-')}: {error}")
            raise CommandError("\n".join(lines))
        data = form.cleaned_data
        result = stress_test(
            day=form.day,
            months=data["months"],
            paths=data["paths"],
            seed=data["seed"],
            overrides=form.scenario_overrides(),
        )
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        start = result["start"]
        self.stdout.write(
            f"{result['date']} 현재 보증 {start['guarantees']:,}건, "
            f"보증잔액 {format_korean_amount(start['outstanding_krw'])}, "
            f"기본재산 {format_korean_amount(start['base_assets_krw'])}, "
            f"운용배수 {start['multiplier']}배"
        )
        self.stdout.write(
            f"{result['months_ahead']}개월 안에 {result['limit']}배를 넘을 확률: "
            f"{result['breach_probability']:.2%} (경로 {result['paths']:,}개, "
            f"표준오차 {result['breach_standard_error']:.2%})"
        )
        self.stdout.write(
            f"예상 손실 {format_korean_amount(result['expected_loss_krw'])}, "
            f"99% 손실 {format_korean_amount(result['loss_p99_krw'])}"
        )
        for month in result["months"]:
            q = month["quantiles"]
            self.stdout.write(f"  {month['month_end']}: 중앙 {q['p50']}배, 99% {q['p99']}배")
        for program in result["programs"]:
            self.stdout.write(
                f"  {program['program_code']}: 한도 초과 확률 {program['breach_probability']:.2%}"
            )
