"""이차보전 (interest subsidy) payments: an off-balance memo pair and the entry kind."""

from django.db import migrations, models

ACCOUNTS = [
    ("memo.subsidy_paid", "이차보전 지급(비망)", "memo"),
    ("memo.subsidy_paid_contra", "이차보전 지급 대조(비망)", "memo"),
]


def forward(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    for code, name, kind in ACCOUNTS:
        Account.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "category": "", "is_base_asset": False}
        )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_posting_day_totals")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
