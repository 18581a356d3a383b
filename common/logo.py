"""The foundation's logo (FoundationProfile.logo): PNG or JPEG only, recognised by its first
bytes (not its name), at most 512 KB. One reader for every place that shows it — the page
header (/foundation/logo), the certificate and the report cover (the PDF fetcher), the HWPX
cover — so a file that is not an image (an SVG with a script, an HTML page) is never served."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_LOGO_BYTES = 512 * 1024
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def logo_kind(data: bytes) -> str | None:
    """ "png" or "jpg" from the file's signature, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def validate_logo(file) -> None:
    """Model/form validator: refuse what is not a PNG or JPEG of at most 512 KB."""
    if file.size > MAX_LOGO_BYTES:
        raise ValidationError(
            "로고 파일은 512KB 이하여야 합니다 (지금 %(size)sKB).",
            code="logo_too_big",
            params={"size": f"{file.size // 1024:,}"},
        )
    file.open("rb")  # an upload, a ContentFile, or the stored file again (maybe closed)
    head = file.read(16)
    file.seek(0)
    if logo_kind(head) is None:
        raise ValidationError("로고는 PNG 또는 JPEG 그림 파일이어야 합니다.", code="logo_format")


def logo_image(profile) -> tuple[bytes, str] | None:
    """(bytes, "png"|"jpg") of the profile's logo, or None when it has none or the stored
    file is missing or not an image."""
    if not profile or not profile.logo:
        return None
    try:
        with profile.logo.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except (FileNotFoundError, OSError, ValueError):
        return None
    kind = logo_kind(data)
    if kind is None or len(data) > MAX_LOGO_BYTES:
        return None
    return data, kind
