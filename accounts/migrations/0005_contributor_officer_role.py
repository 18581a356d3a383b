"""The contributor officer role (출연기관 담당자, issue 13): a group with no model permissions —
the officer works only through the contributor pages, scoped to the programmes its city or
district funds."""

from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="contributor_officer")


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="contributor_officer").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_bank_officer_role")]

    operations = [migrations.RunPython(create_role, remove_role)]
