"""접수번호 sequence: ICGF-<year>-<nextval> is taken from PostgreSQL, so two concurrent
submissions can never share a number (applicant journey)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("guarantees", "0003_applicant_journey")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS guarantees_application_tracking_seq "
            "START 1 INCREMENT 1 NO CYCLE",
            "DROP SEQUENCE IF EXISTS guarantees_application_tracking_seq",
        )
    ]
