"""Uploaded documents: checked before anything reads them, stored outside the web root.

- **Size and count**: a file is at most 10 MB; one request carries at most 10 files and
  40 MB (the capped upload handler drops the rest while it streams in, never writing it); an
  application holds at most 30 documents and 100 MB (checked by the services under the row
  lock).
- **Type from content**, never from the name: PDF, JPG, PNG, HWP (한글 5.0, an OLE compound
  file with the HWP header) and HWPX (a ZIP whose `mimetype` entry is application/hwp+zip).
  DOCX and other ZIP formats are refused: the programmes ask for Korean public documents
  (HWP/HWPX/PDF) and scans, so accepting Office files would only widen what must be parsed.
- **ZIP-based files are inspected from the central directory first** (names, sizes, flags:
  no entry is decompressed): entry count, total declared size, compression ratio (zip bomb),
  absolute paths and `..` (path traversal), symlink entries, encrypted entries, nested
  archives, duplicate names. Python's zipfile never inflates an entry beyond its declared size
  (it stops and fails the CRC), so the declared sizes bound every later read.
- **File names** are normalised for display and download: NFC, no folder parts, no control or
  bidi-format characters (U+202E "RIGHT-TO-LEFT OVERRIDE" makes `invoice<U+202E>fdp.exe` look like
  `invoiceexe.pdf`), at most 100 characters, and the extension of the detected type.

The bytes go under settings.PRIVATE_MEDIA_ROOT with a random name; only views that check
ownership or staff access serve them.
"""

from __future__ import annotations

import hashlib
import stat
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from common.errors import DomainError
from common.korean import with_particle
from common.pii import looks_like_rrn

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 10 * MB
MAX_FILES_PER_REQUEST = 10
MAX_REQUEST_UPLOAD_BYTES = 40 * MB
MAX_DOCUMENTS_PER_APPLICATION = 30
MAX_BYTES_PER_APPLICATION = 100 * MB
MAX_NAME_CHARS = 100

# ZIP containers (HWPX): a real 한글 document has a few dozen entries and compresses text
# about 5–20×; images inside are stored nearly as they are.
MAX_ZIP_ENTRIES = 500
MAX_ZIP_UNCOMPRESSED_BYTES = 100 * MB
MAX_ZIP_RATIO = 100
_RATIO_FLOOR_BYTES = 64 * 1024  # tiny entries (mimetype, empty XML) may compress oddly
_NESTED_ARCHIVE_SUFFIXES = (
    ".zip",
    ".hwpx",
    ".docx",
    ".xlsx",
    ".pptx",
    ".jar",
    ".7z",
    ".rar",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".tar",
    ".cab",
    ".alz",
    ".egg",
)
_NESTED_ARCHIVE_MAGIC = (b"PK\x03\x04", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")

ALLOWED_LABEL = "PDF, JPG, PNG, HWP, HWPX"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "hwp": "application/x-hwp",
    "hwpx": "application/hwp+zip",
}
# Extensions a file of each kind may keep (the first is the one given when it has another).
EXTENSIONS = {
    "pdf": ("pdf",),
    "jpg": ("jpg", "jpeg"),
    "png": ("png",),
    "hwp": ("hwp",),
    "hwpx": ("hwpx",),
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HWP_SIGNATURE = b"HWP Document File"
_HWP_STREAM = "FileHeader".encode("utf-16-le")


# ---------------------------------------------------------------------------------------------
# names


def display_name(raw: str | None) -> str:
    """A file name as people may see it: NFC, the last path part only, without control or
    bidi-format characters, trimmed to MAX_NAME_CHARS (the extension kept)."""
    text = unicodedata.normalize("NFC", raw or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    # Cc: control characters (NUL, CR, LF, tab…); Cf: format characters — the bidi embeddings
    # and overrides U+202A–U+202E, isolates U+2066–U+2069, marks U+200E/F, zero-width joiners.
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    text = " ".join(text.split()).strip(" .")
    if len(text) > MAX_NAME_CHARS:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 5:
            text = f"{stem[: MAX_NAME_CHARS - len(ext) - 1].rstrip(' .')}.{ext}"
        else:
            text = text[:MAX_NAME_CHARS].rstrip(" .")
    return text or "파일"


def stored_name(raw: str | None, kind: str) -> str:
    """display_name with the extension of the detected kind: `계약서.exe` holding a PDF becomes
    `계약서.pdf`, `scan` becomes `scan.jpg`, `사진.JPEG` stays as it is."""
    name = display_name(raw)
    stem, dot, ext = name.rpartition(".")
    if dot and stem and ext.lower() in EXTENSIONS[kind]:
        return name
    if dot and stem and 0 < len(ext) <= 5 and ext.isalnum():
        name = stem  # a wrong extension is replaced, not kept before the right one
    suffix = f".{EXTENSIONS[kind][0]}"
    return f"{name[: MAX_NAME_CHARS - len(suffix)].rstrip(' .') or '파일'}{suffix}"


# ---------------------------------------------------------------------------------------------
# ZIP inspection (before anything decompresses an entry)


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    # The entry's whole path (so that ‘/etc/passwd’ reads as such), minus control characters.
    shown = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    shown = shown if len(shown) <= 80 else shown[:80] + "…"
    posix = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return f"절대 경로로 된 항목(‘{shown}’)이 있습니다"
    if ".." in posix.parts:
        return f"압축을 풀면 폴더 밖으로 나가는 경로(‘{shown}’)가 있습니다"
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        return "이름에 제어 문자가 든 항목이 있습니다"
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        return f"바로가기(심볼릭 링크) 항목(‘{shown}’)이 있습니다"
    if info.flag_bits & 0x1:
        return f"암호가 걸린 항목(‘{shown}’)이 있습니다. 암호를 풀고 다시 저장해 올려 주세요"
    if name.lower().endswith(_NESTED_ARCHIVE_SUFFIXES):
        return f"압축 파일 안에 또 다른 압축 파일(‘{shown}’)이 있습니다"
    if info.file_size > _RATIO_FLOOR_BYTES and info.file_size > MAX_ZIP_RATIO * max(
        info.compress_size, 1
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        return (
            f"‘{shown}’ 항목의 압축률이 {ratio:,}배로 비정상입니다(최대 {MAX_ZIP_RATIO}배). "
            "압축 폭탄으로 보입니다"
        )
    return None


def inspect_zip(archive: zipfile.ZipFile, compressed_size: int) -> str | None:
    """Why this ZIP may not be opened further, or None. Reads the central directory only."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        return f"압축 파일 안의 항목이 {len(entries):,}개로 너무 많습니다(최대 {MAX_ZIP_ENTRIES}개)"
    names = [info.filename for info in entries]
    if len(set(names)) != len(names):
        return "같은 이름의 항목이 두 번 들어 있습니다"
    total = sum(info.file_size for info in entries)
    if total > MAX_ZIP_UNCOMPRESSED_BYTES:
        return (
            f"압축을 풀면 {total / MB:,.1f}MB가 됩니다(최대 {MAX_ZIP_UNCOMPRESSED_BYTES // MB}MB). "
            "압축 폭탄으로 보입니다"
        )
    if total > _RATIO_FLOOR_BYTES and total > MAX_ZIP_RATIO * max(compressed_size, 1):
        return (
            f"압축률이 {total // max(compressed_size, 1):,}배로 비정상입니다"
            f"(최대 {MAX_ZIP_RATIO}배). 압축 폭탄으로 보입니다"
        )
    for info in entries:
        problem = _entry_problem(info)
        if problem:
            return problem
    return None


def _nested_archive(archive: zipfile.ZipFile) -> str | None:
    """After the directory passed: the first bytes of each entry (bounded reads) must not be
    another archive's signature, whatever the entry is called."""
    for info in archive.infolist():
        if info.is_dir() or info.file_size == 0:
            continue
        with archive.open(info) as entry:
            head = entry.read(8)
        if head.startswith(_NESTED_ARCHIVE_MAGIC):
            return f"압축 파일 안에 또 다른 압축 파일(‘{display_name(info.filename)}’)이 있습니다"
    return None


class RefusedUpload(DomainError, ValueError):
    """The file's content is refused for a reason worth telling (not just "unknown type")."""

    code = "upload_refused"


def _sniff_zip(uploaded) -> str | None:
    uploaded.seek(0)
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise RefusedUpload("손상된 압축 파일입니다") from exc
    with archive:
        problem = inspect_zip(archive, uploaded.size or 0)
        if problem:
            raise RefusedUpload(problem)
        try:
            info = archive.getinfo("mimetype")
        except KeyError:
            return None  # a ZIP, but not an HWPX (DOCX, plain ZIP…): an unaccepted type
        if info.file_size > 100:
            return None
        try:
            with archive.open(info) as entry:
                mimetype = entry.read(100).strip()
            if mimetype != b"application/hwp+zip":
                return None
            problem = _nested_archive(archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise RefusedUpload("손상된 압축 파일입니다") from exc
    if problem:
        raise RefusedUpload(problem)
    return "hwpx"


def sniff_kind(uploaded) -> str | None:
    """The document kind from the content; None for a type the portal does not accept.
    Raises RefusedUpload for a ZIP that fails inspection."""
    uploaded.seek(0)
    head = uploaded.read(16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(_OLE_MAGIC):
        uploaded.seek(0)
        content = uploaded.read(MAX_UPLOAD_BYTES + 1)
        if _HWP_SIGNATURE in content or _HWP_STREAM in content:
            return "hwp"
        return None
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(uploaded)
    return None


# ---------------------------------------------------------------------------------------------
# one file


@dataclass(frozen=True)
class CheckedUpload:
    uploaded: object  # django UploadedFile
    kind: str
    size_bytes: int
    sha256: str
    name: str  # normalised, with the detected kind's extension

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _human_size(size: int) -> str:
    return f"{size / MB:.1f}MB"


def check_upload(uploaded) -> CheckedUpload:
    """Validate one uploaded file; raise ValidationError with a Korean message naming it."""
    name = display_name(uploaded.name)
    if looks_like_rrn(uploaded.name):
        raise ValidationError(
            "파일 이름에 주민등록번호로 보이는 숫자가 있습니다. 이 포털은 주민등록번호를 받지 "
            "않습니다. 파일 이름을 바꿔서 다시 올려 주세요."
        )
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(
            f"{with_particle(f'‘{name}’', '은')} 빈 파일입니다. 내용이 있는 파일을 올려 주세요."
        )
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"‘{name}’의 크기가 {_human_size(size)}입니다. 파일 하나는 10MB까지 올릴 수 있습니다."
        )
    try:
        kind = sniff_kind(uploaded)
    except RefusedUpload as exc:
        raise ValidationError(
            f"{with_particle(f'‘{name}’', '은')} 올릴 수 없습니다: {exc}."
        ) from exc
    if kind is None:
        raise ValidationError(
            f"{with_particle(f'‘{name}’', '은')} 올릴 수 없는 형식입니다. 파일 이름이 아니라 내용을 확인합니다: "
            f"{ALLOWED_LABEL} 파일만 올려 주세요."
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(
        uploaded=uploaded,
        kind=kind,
        size_bytes=size,
        sha256=digest.hexdigest(),
        name=stored_name(uploaded.name, kind),
    )


def application_quota_problem(*, count: int, total_bytes: int, adding: list[CheckedUpload]):
    """Why `adding` would overfill an application holding `count` files of `total_bytes`."""
    if count + len(adding) > MAX_DOCUMENTS_PER_APPLICATION:
        return (
            f"한 신청서에는 서류를 {MAX_DOCUMENTS_PER_APPLICATION}개까지 올릴 수 있습니다"
            f"(지금 {count}개, 이번에 {len(adding)}개). 담당 지점에 문의해 주세요."
        )
    added = sum(c.size_bytes for c in adding)
    if total_bytes + added > MAX_BYTES_PER_APPLICATION:
        return (
            f"한 신청서에 올린 서류는 모두 합쳐 {MAX_BYTES_PER_APPLICATION // MB}MB까지입니다"
            f"(지금 {_human_size(total_bytes)}, 이번에 {_human_size(added)})."
        )
    return None


# ---------------------------------------------------------------------------------------------
# storage


def private_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


def store(checked: CheckedUpload, *, application_id: int) -> str:
    """Write the file under PRIVATE_MEDIA_ROOT; return its path relative to that root."""
    return store_file(checked, folder=f"applications/{application_id}")


def store_file(checked: CheckedUpload, *, folder: str) -> str:
    """Write a checked file under PRIVATE_MEDIA_ROOT/`folder` (e.g. a committee's minutes,
    guarantees.rounds); return its path relative to that root."""
    relative = f"{folder}/{uuid.uuid4().hex}.{checked.kind}"
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


# ---------------------------------------------------------------------------------------------
# the request, while it streams in


class CappedUploadHandler(FileUploadHandler):
    """Stops keeping files while the request streams in: a file past MAX_UPLOAD_BYTES, every
    file after the MAX_FILES_PER_REQUEST-th, and every file once the request's files pass
    MAX_REQUEST_UPLOAD_BYTES are read and dropped (never written to disk). The other fields
    still arrive, and the view names each dropped file in its error message — and stores
    nothing from a request that lost files (nothing half-stored)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large: list[tuple[str, str]] = []
        self.too_many: list[tuple[str, str]] = []
        self.over_total: list[tuple[str, str]] = []
        self.received = 0
        self.files = 0
        self.request_bytes = 0
        self.skipping = False

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        self.files += 1
        # Not SkipFile here: Django would then close the *previous* file of the handlers after
        # this one (their new_file has not run yet). The first chunk skips it instead.
        self.skipping = self.files > MAX_FILES_PER_REQUEST
        if self.skipping:
            self.too_many.append((field_name, display_name(file_name)))

    def receive_data_chunk(self, raw_data, start):
        if self.skipping:
            raise SkipFile(f"file {self.files} over {MAX_FILES_PER_REQUEST} per request")
        self.received += len(raw_data)
        self.request_bytes += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.too_large.append((self.field_name, display_name(self.file_name)))
            raise SkipFile(f"{self.file_name} over {MAX_UPLOAD_BYTES} bytes")
        if self.request_bytes > MAX_REQUEST_UPLOAD_BYTES:
            self.over_total.append((self.field_name, display_name(self.file_name)))
            raise SkipFile(f"request over {MAX_REQUEST_UPLOAD_BYTES} bytes")
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) returns the file

    def problems(self) -> list[tuple[str, str]]:
        """(field name, Korean message) for every file this request lost."""
        out = [(field, too_large_message(name)) for field, name in self.too_large]
        out += [
            (
                field,
                f"{with_particle(f'‘{name}’', '을')} 받지 않았습니다: 한 번에 {MAX_FILES_PER_REQUEST}개 파일까지 "
                "올릴 수 있습니다.",
            )
            for field, name in self.too_many
        ]
        out += [
            (
                field,
                f"{with_particle(f'‘{name}’', '을')} 받지 않았습니다: 한 번에 올리는 파일은 모두 합쳐 "
                f"{MAX_REQUEST_UPLOAD_BYTES // MB}MB까지입니다.",
            )
            for field, name in self.over_total
        ]
        return out


def too_large_message(file_name: str) -> str:
    return f"{with_particle(f'‘{display_name(file_name)}’', '이')} 10MB를 넘습니다. 파일 하나는 10MB까지 올릴 수 있습니다."


def install_capped_handler(request) -> CappedUploadHandler:
    """Put the cap first in the request's handler chain (before request.POST is read)."""
    handler = CappedUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler


def with_upload_cap(view):
    """Django's pattern for changing upload handlers: the CSRF check (which reads request.POST)
    must run after the handler is installed, so the outer view is exempt and the inner one
    protected. The view finds the handler (and the files it dropped) at request._capped_upload."""
    from functools import wraps

    from django.views.decorators.csrf import csrf_exempt, csrf_protect

    protected = csrf_protect(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            request._capped_upload = install_capped_handler(request)
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapped)
