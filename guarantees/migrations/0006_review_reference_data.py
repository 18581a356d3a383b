"""Reference data of the staff workflow: approval authority, the scorecard, the review policy,
the guarantee number sequence and the beat schedules (all data, editable in the admin)."""

from decimal import Decimal

from django.db import migrations

AUTHORITIES = [
    # role, max amount, requires committee
    ("branch_manager", 100_000_000, False),  # 지점장 전결 1억원 이하
    ("hq_sales", 300_000_000, False),  # 영업본부 3억원 이하
    ("hq_sales", None, True),  # 그 이상: 보증심사위원회 의결 후 영업본부 승인
]

FACTORS = [
    ("credit", "신용도", "신용점수·연체 이력", Decimal("30"), 5),
    ("business_stability", "사업 안정성", "업력·매출 추이·상권", Decimal("25"), 5),
    ("repayment", "상환 능력", "매출 대비 부채·현금흐름", Decimal("25"), 5),
    ("management", "경영 역량", "대표자 경력·사업계획", Decimal("10"), 5),
    ("policy_fit", "정책 부합도", "상품 취지(피해·고용·지역) 부합", Decimal("10"), 5),
]

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("보증 약정 기한 경과 처리", "guarantees.review.expire_unsigned", ("10", "0")),
]


def forwards(apps, schema_editor):
    ApprovalAuthority = apps.get_model("guarantees", "ApprovalAuthority")
    ScorecardFactor = apps.get_model("guarantees", "ScorecardFactor")
    ReviewPolicy = apps.get_model("guarantees", "ReviewPolicy")
    for role, limit, committee in AUTHORITIES:
        ApprovalAuthority.objects.get_or_create(
            role=role, max_amount_krw=limit, requires_committee=committee
        )
    for i, (code, name, help_text, weight, max_points) in enumerate(FACTORS):
        ScorecardFactor.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "help_text": help_text,
                "weight": weight,
                "max_points": max_points,
                "sort_order": i,
            },
        )
    if not ReviewPolicy.objects.exists():
        ReviewPolicy.objects.create()

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Seoul",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


class Migration(migrations.Migration):
    dependencies = [
        ("guarantees", "0005_review_workflow"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS guarantee_no_seq START 1",
            "DROP SEQUENCE IF EXISTS guarantee_no_seq",
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
