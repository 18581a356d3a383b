"""`manage.py foundation_setup --name N --code C --sido S [--districts "중구,동구"] ...`: set the
foundation's identity (common.models.FoundationProfile). Idempotent: running it again with the
same values changes nothing; with other values it updates the one profile (history kept)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common.logo import logo_image, logo_kind, validate_logo
from common.models import FoundationProfile

OPTIONAL = ("address", "representative", "email_sender", "otp_issuer")


class Command(BaseCommand):
    help = "재단 정보(이름, 약칭 코드, 시·도 등)를 설정합니다. 여러 번 실행해도 결과는 같습니다."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="재단 이름 (예: 서울신용보증재단)")
        parser.add_argument("--code", required=True, help="약칭 코드, 번호 앞머리 (예: SEOUL)")
        parser.add_argument("--sido", required=True, help="시·도 (예: 서울특별시)")
        parser.add_argument("--districts", default=None, help="관할 시·군·구, 쉼표로 구분")
        for field in OPTIONAL:
            parser.add_argument(f"--{field.replace('_', '-')}", dest=field, default=None)
        parser.add_argument(
            "--logo", default=None, help="로고 그림 파일 (PNG 또는 JPEG, 512KB 이하)"
        )

    def handle(self, *args, name, code, sido, districts, logo=None, **options):
        values = {"name": name.strip(), "code": code.strip(), "sido": sido.strip()}
        if districts is not None:
            values["districts"] = "\n".join(d.strip() for d in districts.split(",") if d.strip())
        for field in OPTIONAL:
            if options.get(field) is not None:
                values[field] = options[field].strip()
        with transaction.atomic():
            profile = FoundationProfile.objects.select_for_update().filter(pk=1).first()
            created = profile is None
            profile = profile or FoundationProfile(pk=1)
            changed = [f for f, v in values.items() if getattr(profile, f) != v]
            for field, value in values.items():
                setattr(profile, field, value)
            if logo is not None and _logo_changed(profile, logo_data := _read_logo(logo)):
                # checked before it is stored: a refused file must not be left on the disk
                profile.logo.save(
                    f"logo.{logo_kind(logo_data)}", ContentFile(logo_data), save=False
                )
                changed.append("logo")
            try:
                profile.full_clean()
            except ValidationError as exc:
                problems = "; ".join(
                    f"--{field.replace('_', '-')}: {' '.join(msgs)}"
                    for field, msgs in exc.message_dict.items()
                    if field != "__all__"  # the same rules again as constraints
                ) or "; ".join(exc.messages)
                raise CommandError(f"재단 정보를 저장하지 않았습니다: {problems}") from exc
            if not (created or changed):
                self.stdout.write(f"{profile.name}: 바뀐 것이 없습니다.")
                return
            profile.save()
        what = "만들었습니다" if created else f"고쳤습니다 ({', '.join(changed)})"
        self.stdout.write(f"{profile.name} ({profile.code}, {profile.sido}) 재단 정보를 {what}.")


def _read_logo(path: str) -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(
            f"재단 정보를 저장하지 않았습니다: --logo: {path} 파일을 읽을 수 없습니다 ({exc.strerror})."
        ) from exc
    try:
        validate_logo(ContentFile(data))
    except ValidationError as exc:
        raise CommandError(
            f"재단 정보를 저장하지 않았습니다: --logo: {path}: {' '.join(exc.messages)}"
        ) from exc
    return data


def _logo_changed(profile: FoundationProfile, data: bytes) -> bool:
    """Whether `data` differs from the stored logo (the same file again changes nothing)."""
    stored = logo_image(profile) if profile.pk and profile.logo else None
    return stored is None or stored[0] != data
