"""Upload checks: type from content, 10 MB cap, empty files, HWP/HWPX recognised."""

import pytest
from django.core.exceptions import ValidationError

from guarantees.applicant import uploads

from .conftest import EXE_BYTES, HWP_BYTES, JPG_BYTES, PDF_BYTES, PNG_BYTES, hwpx_bytes, upload


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", PDF_BYTES, "pdf"),
        ("a.jpg", JPG_BYTES, "jpg"),
        ("a.png", PNG_BYTES, "png"),
        ("a.hwp", HWP_BYTES, "hwp"),
        ("a.hwpx", None, "hwpx"),
        ("named-wrong.pdf", PNG_BYTES, "png"),
    ],
)
def test_it_recognises_each_accepted_type_from_content(name, content, kind):
    checked = uploads.check_upload(upload(name, content if content is not None else hwpx_bytes()))
    assert checked.kind == kind and len(checked.sha256) == 64


def test_it_refuses_an_exe_renamed_pdf():
    with pytest.raises(ValidationError, match="올릴 수 없는 형식"):
        uploads.check_upload(upload("계약서.pdf", EXE_BYTES))


def test_it_refuses_a_plain_zip_and_an_ole_file_that_is_not_hwp():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/zip")
    for content in (buffer.getvalue(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100):
        with pytest.raises(ValidationError):
            uploads.check_upload(upload("a.hwpx", content))


def test_it_refuses_a_12_mb_file():
    with pytest.raises(ValidationError, match="10MB까지"):
        uploads.check_upload(upload("big.pdf", PDF_BYTES + b"0" * (12 * 1024 * 1024)))


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError, match="빈 파일"):
        uploads.check_upload(upload("empty.pdf", b""))


def test_stored_files_stay_under_the_private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    relative = uploads.store(uploads.check_upload(upload()), application_id=7)
    assert (tmp_path / relative).read_bytes() == PDF_BYTES
    with pytest.raises(ValueError):
        uploads.absolute_path("../../etc/passwd")
