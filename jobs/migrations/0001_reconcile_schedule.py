"""The reconciler's beat schedule: every minute (django-celery-beat's DatabaseScheduler)."""

from django.db import migrations

NAME = "jobs-reconcile-every-minute"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "jobs.reconcile",
            "interval": every_minute,
            "description": "멈춘 작업(보고서·운용배수)을 다시 대기열에 넣거나 실패로 처리",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(forwards, backwards)]
