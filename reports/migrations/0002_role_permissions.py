"""Model permissions of the roles for the council-report registers, report runs and the
디딤돌센터 consultation log (views enforce roles; these say which records a role may touch)."""

from django.db import migrations

V, A, C, D = "view", "add", "change", "delete"
REGISTERS = ["budgetline", "contributionplan", "supplyplan", "auditfinding", "departmentduty"]

GRANTS = {
    "strategy": {
        **{f"reports.{m}": {V, A, C, D} for m in REGISTERS},
        "reports.reportrun": {V, A},
        "guarantees.consultationtarget": {V, A, C, D},
        "guarantees.consultation": {V},
    },
    "auditor": {  # model permissions stay read-only (the role's rule); the findings page lets
        # the audit office record follow-ups and the report page lets it ask for a report
        **{f"reports.{m}": {V} for m in [*REGISTERS, "reportrun"]},
        "guarantees.consultation": {V},
    },
    "executive": {
        **{f"reports.{m}": {V} for m in REGISTERS},
        "reports.reportrun": {V, A},
    },
    "counsellor": {
        "guarantees.consultation": {V, A},
        "guarantees.consultationtarget": {V},
    },
}
ALL_MODELS = [
    *(f"reports.{m}" for m in [*REGISTERS, "reportrun"]),
    "guarantees.consultation",
    "guarantees.consultationtarget",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perm(label: str, action: str):
        app_label, model = label.split(".")
        return Permission.objects.get(
            content_type__app_label=app_label, codename=f"{action}_{model}"
        )

    for role, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *[perm(label, action) for label, actions in grants.items() for action in actions]
        )
    sysadmin, _ = Group.objects.get_or_create(name="sysadmin")
    sysadmin.permissions.add(
        *[perm(label, action) for label in ALL_MODELS for action in (V, A, C, D)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_registers_and_runs"),
        ("guarantees", "0008_consultations"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
