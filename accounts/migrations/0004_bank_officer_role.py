"""The bank officer role (은행 담당자, issue 12): a group with no model permissions — a bank
officer works only through the bank desk, which scopes every page to the officer's bank."""

from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="bank_officer")


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="bank_officer").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_personal_data_access")]

    operations = [migrations.RunPython(create_role, remove_role)]
