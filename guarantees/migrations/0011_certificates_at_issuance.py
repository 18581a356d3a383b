"""The certificate record (check code) is written when a guarantee is issued, no longer on the
first GET of the PDF: write it now for every guarantee issued through an application before,
so that the download only reads."""

import secrets

from django.db import migrations

_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def forward(apps, schema_editor):
    Guarantee = apps.get_model("guarantees", "Guarantee")
    GuaranteeCertificate = apps.get_model("guarantees", "GuaranteeCertificate")
    missing = Guarantee.objects.filter(application__isnull=False, certificate__isnull=True)
    for guarantee in missing.iterator():
        code = _code()
        while GuaranteeCertificate.objects.filter(check_code=code).exists():
            code = _code()
        GuaranteeCertificate.objects.create(guarantee=guarantee, check_code=code)


class Migration(migrations.Migration):
    dependencies = [("guarantees", "0010_guarantee_event_append_only")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
