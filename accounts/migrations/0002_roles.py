"""Roles as groups with model permissions (reference data, not demo data: no users here).

Object-level rules (a reviewer sees only their branch, an applicant only their business) are
enforced in views and services; these permissions say which kinds of record a role may read
or change at all, and drive the Django admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

V, A, C, D = "view", "add", "change", "delete"

ROLE_PERMISSIONS = {
    "applicant": {},
    "reviewer": {
        "guarantees.business": {V}, "guarantees.application": {V, C},
        "guarantees.applicationevent": {V, A}, "programs.program": {V},
    },
    "branch_manager": {
        "guarantees.business": {V}, "guarantees.application": {V, C},
        "guarantees.applicationevent": {V, A}, "programs.program": {V},
        "guarantees.guarantee": {V},
    },
    "hq_sales": {
        "guarantees.business": {V}, "guarantees.application": {V, C},
        "guarantees.applicationevent": {V, A}, "guarantees.guarantee": {V, C},
        "guarantees.guaranteeevent": {V, A}, "programs.program": {V},
    },
    "auditor": {  # reads everything, changes nothing but audit records (added with them)
        "guarantees.business": {V}, "guarantees.application": {V},
        "guarantees.applicationevent": {V}, "guarantees.guarantee": {V},
        "guarantees.guaranteeevent": {V}, "programs.program": {V},
        "ledger.journalentry": {V}, "ledger.posting": {V}, "ledger.account": {V},
        "branches.orgunit": {V},
    },
    "strategy": {
        "programs.program": {V, A, C}, "programs.eligibilityrule": {V, A, C, D},
        "programs.interestsubsidystep": {V, A, C, D}, "programs.requireddocument": {V, A, C, D},
        "programs.programyeartarget": {V, A, C, D}, "programs.bank": {V, A, C},
        "programs.industry": {V, A, C},
        "ledger.journalentry": {V, A}, "ledger.posting": {V, A}, "ledger.account": {V},
        "ledger.multiplierthreshold": {V, A, C},
        "branches.orgunit": {V}, "branches.headcountquota": {V, A, C},
        "branches.committee": {V, A, C}, "branches.committeemember": {V, A, C, D},
        "branches.executive": {V, A, C, D},
        "guarantees.guarantee": {V},
    },
    "counsellor": {"guarantees.business": {V}},
    "executive": {
        "guarantees.application": {V}, "guarantees.guarantee": {V}, "programs.program": {V},
        "ledger.journalentry": {V}, "branches.orgunit": {V},
    },
    "sysadmin": "__all__",
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if grants == "__all__":
            group.permissions.set(Permission.objects.all())
            continue
        permissions = []
        for model_label, actions in grants.items():
            app_label, model = model_label.split(".")
            for action in actions:
                permissions.append(Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"))
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # Every model whose permissions a role receives must exist first. Named, not
        # "__latest__": a later migration in those apps must not make databases that applied
        # this one inconsistent (InconsistentMigrationHistory on the next migrate).
        ("branches", "0001_initial"),
        ("programs", "0001_initial"),
        ("guarantees", "0008_consultations"),
        ("ledger", "0004_multiplier_snapshot"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
