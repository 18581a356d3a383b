"""The chart of accounts and the multiplier thresholds (reference data, from ledger/chart.py
as it stood when this migration was written — later changes get their own migration)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

CATEGORIES = [
    ("city", "시 출연금"), ("district", "군·구 출연금"), ("central_gov", "정부 출연금"),
    ("financial_special", "금융회사 특별출연금"), ("financial_mandatory", "은행 법정출연금"),
    ("founding", "설립 시 출연금"), ("other", "기타 출연금"),
]

ACCOUNTS = [
    ("cash", "현금및예금", "asset", "", False),
    ("recourse_claims", "구상채권", "asset", "", False),
    ("fees_receivable", "미수보증료", "asset", "", False),
    *[(f"base.{code}", f"기본재산 - {label}", "equity", code, True) for code, label in CATEGORIES],
    ("base.loss", "기본재산 - 누적결손금", "equity", "", True),
    ("pl.summary", "손익(결산 집계)", "equity", "", False),
    ("income.fees", "보증료 수익", "income", "", False),
    ("income.interest", "이자 수익", "income", "", False),
    ("expense.claim_write_off", "구상채권 상각비", "expense", "", False),
    ("expense.claim_sale_loss", "구상채권 매각·감면 손실", "expense", "", False),
    ("memo.exposure", "보증잔액(비망)", "memo", "", False),
    ("memo.exposure_contra", "보증잔액 대조(비망)", "memo", "", False),
    ("memo.accident", "보증사고(비망)", "memo", "", False),
    ("memo.accident_contra", "보증사고 대조(비망)", "memo", "", False),
]


def forward(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    for code, name, kind, category, is_base in ACCOUNTS:
        Account.objects.update_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "category": category, "is_base_asset": is_base},
        )
    apps.get_model("ledger", "MultiplierThreshold").objects.get_or_create(
        name="지역신용보증재단법 운용배수",
        defaults={"warning": Decimal("9"), "limit": Decimal("10"),
                  "effective_from": dt.date(2000, 1, 1)},
    )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_ledger_guards")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
