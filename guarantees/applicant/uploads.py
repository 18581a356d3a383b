"""Uploaded documents: the type is read from the content (never trusted from the name), the
size is capped, and the bytes go under settings.PRIVATE_MEDIA_ROOT, outside the web root.

Accepted: PDF, JPG, PNG, HWP (한글 5.0, an OLE compound file with the HWP header) and HWPX (a
ZIP whose `mimetype` entry is application/hwp+zip).
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_LABEL = "PDF, JPG, PNG, HWP, HWPX"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "hwp": "application/x-hwp",
    "hwpx": "application/hwp+zip",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HWP_SIGNATURE = b"HWP Document File"
_HWP_STREAM = "FileHeader".encode("utf-16-le")


def sniff_kind(head: bytes, read_all) -> str | None:
    """The document kind of a file from its first bytes (and, for ZIPs, its entries)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(_OLE_MAGIC):
        content = read_all()
        if _HWP_SIGNATURE in content or _HWP_STREAM in content:
            return "hwp"
        return None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(read_all())) as archive:
                mimetype = archive.read("mimetype").strip()
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        return "hwpx" if mimetype == b"application/hwp+zip" else None
    return None


@dataclass(frozen=True)
class CheckedUpload:
    uploaded: object  # django UploadedFile
    kind: str
    size_bytes: int
    sha256: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}MB"


def check_upload(uploaded) -> CheckedUpload:
    """Validate one uploaded file; raise ValidationError with a Korean message naming it."""
    name = uploaded.name or "파일"
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(f"‘{name}’은(는) 빈 파일입니다. 내용이 있는 파일을 올려 주세요.")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"‘{name}’의 크기가 {_human_size(size)}입니다. 파일 하나는 10MB까지 올릴 수 있습니다."
        )
    uploaded.seek(0)
    head = uploaded.read(16)

    def read_all() -> bytes:
        uploaded.seek(0)
        return uploaded.read()

    kind = sniff_kind(head, read_all)
    if kind is None:
        raise ValidationError(
            f"‘{name}’은(는) 올릴 수 없는 형식입니다. 파일 이름이 아니라 내용을 확인합니다: "
            f"{ALLOWED_LABEL} 파일만 올려 주세요."
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(uploaded=uploaded, kind=kind, size_bytes=size, sha256=digest.hexdigest())


def private_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


def store(checked: CheckedUpload, *, application_id: int) -> str:
    """Write the file under PRIVATE_MEDIA_ROOT; return its path relative to that root."""
    relative = f"applications/{application_id}/{uuid.uuid4().hex}.{checked.kind}"
    target = private_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:
        checked.uploaded.seek(0)
        for chunk in checked.uploaded.chunks():
            out.write(chunk)
    return relative


def absolute_path(relative: str) -> Path:
    root = private_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:  # a stored path can never leave the root
        raise ValueError("document path outside PRIVATE_MEDIA_ROOT")
    return path


def remove(relative: str) -> None:
    try:
        absolute_path(relative).unlink(missing_ok=True)
    except ValueError:
        pass


class CappedUploadHandler(FileUploadHandler):
    """Stops keeping a file once it passes MAX_UPLOAD_BYTES while the request streams in: the
    rest of that file is read and dropped (never written to disk), the other fields and files
    still arrive, and the view names the skipped file in its error message."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large: list[tuple[str, str]] = []
        self.received = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.too_large.append((self.field_name, self.file_name))
            raise SkipFile(f"{self.file_name} over {MAX_UPLOAD_BYTES} bytes")
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) returns the file


def too_large_message(file_name: str) -> str:
    return f"‘{file_name}’이(가) 10MB를 넘습니다. 파일 하나는 10MB까지 올릴 수 있습니다."


def install_capped_handler(request) -> CappedUploadHandler:
    """Put the cap first in the request's handler chain (before request.POST is read)."""
    handler = CappedUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler
