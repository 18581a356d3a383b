"""Hostile uploads, built in code: zip bombs, path traversal, symlinks, encrypted and nested
entries, right-to-left-override and decomposed-Hangul names, too many and too large files.
Each is refused (or its name normalised) with a Korean message naming the file, and nothing
from a refused request is stored."""

from __future__ import annotations

import io
import stat
import struct
import unicodedata
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guarantees.applicant import services, uploads
from guarantees.models import ApplicationDocument, SupplementAnswer

from . import staff_steps
from .conftest import PDF_BYTES, upload

MB = 1024 * 1024


def zip_bytes(*entries, hwpx: bool = True, level: int = 9) -> bytes:
    """A ZIP (an HWPX when `hwpx`): entries are (name or ZipInfo, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        if hwpx:
            archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def set_central_flag(data: bytes, entry: str, bit: int) -> bytes:
    """Set a general-purpose flag bit of one entry in the central directory (zipfile itself
    resets flags when writing, so an "encrypted" entry is made by patching the bytes)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        name = bytes(out[at + 46 : at + 46 + name_len]).decode("utf-8")
        if name == entry:
            flags = struct.unpack_from("<H", out, at + 8)[0]
            struct.pack_into("<H", out, at + 8, flags | bit)
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"no entry {entry}")


def refused(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload(name, content))
    message = " ".join(caught.value.messages)
    assert f"‘{uploads.display_name(name)}’" in message, message  # the file is named
    return message


# --- ZIP containers: inspected before anything inflates them --------------------------------


def test_a_zip_bomb_small_in_bytes_is_refused_by_its_ratio():
    bomb = zip_bytes(("Contents/section0.xml", b"\0" * (20 * MB)))
    assert len(bomb) < 64 * 1024  # 20 MB of zeros in a few dozen KB
    message = refused("사업계획서.hwpx", bomb)
    assert "압축률" in message and "압축 폭탄" in message


def test_a_zip_that_would_inflate_past_100_mb_is_refused_by_its_total():
    parts = [(f"BinData/part{i}.xml", b"\0" * (11 * MB)) for i in range(10)]
    bomb = zip_bytes(*parts)
    assert len(bomb) < 1 * MB
    message = refused("bomb.hwpx", bomb)
    assert "압축을 풀면" in message and "최대 100MB" in message


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("../../etc/passwd", "폴더 밖으로"),
        ("Contents/../../../../root/.ssh/authorized_keys", "폴더 밖으로"),
        ("/etc/passwd", "절대 경로"),
        ("C:\\Windows\\system32\\evil.dll", "절대 경로"),
        ("..\\..\\evil.bat", "폴더 밖으로"),
    ],
)
def test_path_traversal_and_absolute_entries_are_refused(entry, reason):
    assert reason in refused("계약서.hwpx", zip_bytes((entry, b"x")))


def test_a_symlink_entry_is_refused():
    link = zipfile.ZipInfo("Contents/link.xml")
    link.create_system = 3  # Unix
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert "심볼릭 링크" in refused("link.hwpx", zip_bytes((link, "/etc/passwd")))


def test_an_encrypted_entry_is_refused():
    data = set_central_flag(
        zip_bytes(("Contents/section0.xml", b"<x/>")), "Contents/section0.xml", 1
    )
    assert "암호가 걸린" in refused("secret.hwpx", data)


def test_nested_archives_are_refused_by_name_and_by_content():
    inner = zip_bytes(("a.txt", b"a"), hwpx=False)
    assert "또 다른 압축 파일" in refused("n1.hwpx", zip_bytes(("BinData/inner.zip", inner)))
    # named like an image, but a ZIP inside: found by its first bytes
    assert "또 다른 압축 파일" in refused("n2.hwpx", zip_bytes(("BinData/image1.png", inner)))


def test_too_many_entries_are_refused():
    entries = [(f"Contents/s{i}.xml", b"<x/>") for i in range(uploads.MAX_ZIP_ENTRIES + 1)]
    assert "너무 많습니다" in refused("many.hwpx", zip_bytes(*entries, level=1))


def test_duplicate_entry_names_are_refused():
    with pytest.warns(UserWarning):  # zipfile warns, but writes both
        data = zip_bytes(("Contents/a.xml", b"<x/>"), ("Contents/a.xml", b"<y/>"))
    assert "같은 이름" in refused("dup.hwpx", data)


def test_a_truncated_zip_is_refused_as_damaged():
    assert "손상된" in refused("broken.hwpx", zip_bytes(("Contents/a.xml", b"<x/>" * 100))[:60])


def test_docx_and_plain_zips_are_not_accepted_types():
    docx = zip_bytes(
        ("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"), hwpx=False
    )
    assert "올릴 수 없는 형식" in refused("보고서.docx", docx)


def test_a_real_looking_hwpx_still_passes():
    data = zip_bytes(
        ("Contents/section0.xml", "<hs:sec>" + "가나다라 " * 2000 + "</hs:sec>"),
        ("BinData/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),
    )
    assert uploads.check_upload(upload("사업계획서.hwpx", data)).kind == "hwpx"


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("invoice\u202efdp.exe", "invoicefdp.pdf"),  # shown as "invoiceexe.pdf" by the override
        ("\u2067계약서\u2069\u200f.pdf", "계약서.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\kim\\Desktop\\사업자등록증.pdf", "사업자등록증.pdf"),
        ("bad\x00name\r\n.pdf", "badname.pdf"),
        ("scan", "scan.pdf"),
        ("...", "파일.pdf"),
        (unicodedata.normalize("NFD", "임대차계약서.PDF"), "임대차계약서.PDF"),
    ],
)
def test_names_are_normalised_and_keep_the_detected_type(raw, stored):
    checked = uploads.check_upload(upload(raw, PDF_BYTES))
    assert checked.name == stored
    assert unicodedata.is_normalized("NFC", checked.name)


def test_a_long_name_is_capped_with_its_extension():
    name = uploads.check_upload(upload("가" * 300 + ".pdf", PDF_BYTES)).name
    assert len(name) <= uploads.MAX_NAME_CHARS and name.endswith(".pdf")


def test_a_jpeg_named_pdf_is_stored_as_jpg():
    from .conftest import JPG_BYTES

    assert uploads.check_upload(upload("영수증.pdf", JPG_BYTES)).name == "영수증.jpg"


# --- through the pages: names, counts, sizes; nothing half-stored ----------------------------


@pytest.mark.django_db
def test_rtl_and_nfd_names_are_stored_clean_and_downloaded_clean(
    client, draft, covid, verified_applicant
):
    client.force_login(verified_applicant)
    nfd = unicodedata.normalize("NFD", "사업자등록증.pdf")
    response = client.post(
        reverse("guarantees:applicant:edit", args=[draft.pk]),
        {
            "amount": "1,500만",
            "purpose": "원재료 구입",
            "bank": covid.banks.get(code="SHINHAN").pk,
            "term_months": "60",
            "doc_BIZ_REG": upload(nfd),
            "doc_LEASE": upload("invoice\u202efdp.exe"),
            "save": "1",
        },
    )
    assert response.status_code == 302
    names = set(draft.documents.values_list("original_name", flat=True))
    assert names == {"사업자등록증.pdf", "invoicefdp.pdf"}
    doc = draft.documents.get(original_name="invoicefdp.pdf")
    download = client.get(reverse("guarantees:applicant:document", args=[doc.pk]))
    assert "\u202e" not in download["Content-Disposition"]
    assert "invoicefdp.pdf" in download["Content-Disposition"]


def _files_on_disk(settings) -> set:
    from pathlib import Path

    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def asked(submitted, reviewer):
    staff_steps.request_supplement(submitted.pk, reviewer, "매출 증빙을 다시 올려 주세요.")
    return submitted


@pytest.mark.django_db
def test_eleven_files_in_one_request_store_nothing(client, asked, verified_applicant, settings):
    before_rows, before_files = ApplicationDocument.objects.count(), _files_on_disk(settings)
    client.force_login(verified_applicant)
    files = [upload(f"증빙{i}.pdf") for i in range(uploads.MAX_FILES_PER_REQUEST + 1)]
    response = client.post(
        reverse("guarantees:applicant:answer_supplement", args=[asked.pk]),
        {"note": "올립니다", "files": files},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "‘증빙10.pdf’를 받지 않았습니다: 한 번에 10개 파일까지" in page
    assert ApplicationDocument.objects.count() == before_rows
    assert not SupplementAnswer.objects.exists()
    assert _files_on_disk(settings) == before_files


@pytest.mark.django_db
def test_a_request_over_40_mb_in_total_stores_nothing(client, asked, verified_applicant, settings):
    before_files = _files_on_disk(settings)
    client.force_login(verified_applicant)
    files = [upload(f"큰파일{i}.pdf", PDF_BYTES + b"0" * (9 * MB)) for i in range(5)]
    response = client.post(
        reverse("guarantees:applicant:answer_supplement", args=[asked.pk]),
        {"note": "올립니다", "files": files},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "‘큰파일4.pdf’를 받지 않았습니다: 한 번에 올리는 파일은 모두 합쳐 40MB까지" in page
    assert not SupplementAnswer.objects.exists()
    assert _files_on_disk(settings) == before_files


@pytest.mark.django_db
def test_a_bomb_among_good_files_stores_none_of_them(client, asked, verified_applicant, settings):
    before_files = _files_on_disk(settings)
    client.force_login(verified_applicant)
    bomb = zip_bytes(("Contents/section0.xml", b"\0" * (20 * MB)))
    response = client.post(
        reverse("guarantees:applicant:answer_supplement", args=[asked.pk]),
        {"note": "올립니다", "files": [upload("좋은파일.pdf"), upload("폭탄.hwpx", bomb)]},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "‘폭탄.hwpx’는 올릴 수 없습니다" in page
    assert not SupplementAnswer.objects.exists()
    assert _files_on_disk(settings) == before_files


@pytest.mark.django_db
def test_an_application_holds_at_most_30_documents(asked, verified_applicant, settings):
    many = [uploads.check_upload(upload(f"d{i}.pdf")) for i in range(30)]
    before_files = _files_on_disk(settings)
    with pytest.raises(services.ApplicationError, match="30개까지 올릴 수 있습니다"):
        services.application_answer_supplement(
            application_id=asked.pk, actor=verified_applicant, note="", files=many
        )
    assert _files_on_disk(settings) == before_files


@pytest.mark.django_db
def test_a_failure_after_some_files_were_written_removes_them(
    asked, verified_applicant, settings, monkeypatch
):
    before_files = _files_on_disk(settings)
    real_store = uploads.store
    calls = {"n": 0}

    def store_then_fail(checked, *, application_id):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real_store(checked, application_id=application_id)

    monkeypatch.setattr(uploads, "store", store_then_fail)
    files = [uploads.check_upload(upload(f"d{i}.pdf")) for i in range(4)]
    with pytest.raises(OSError):
        services.application_answer_supplement(
            application_id=asked.pk, actor=verified_applicant, note="보완", files=files
        )
    assert calls["n"] == 3
    assert _files_on_disk(settings) == before_files
    assert not SupplementAnswer.objects.exists()


@pytest.mark.django_db
def test_one_bad_document_keeps_the_good_one_out_and_says_so(
    client, draft, covid, verified_applicant, settings
):
    from .conftest import EXE_BYTES

    client.force_login(verified_applicant)
    response = client.post(
        reverse("guarantees:applicant:edit", args=[draft.pk]),
        {
            "amount": "1,500만",
            "purpose": "원재료 구입",
            "bank": covid.banks.get(code="SHINHAN").pk,
            "term_months": "60",
            "doc_BIZ_REG": upload("사업자등록증.pdf"),
            "doc_LEASE": upload("임대차계약서.pdf", EXE_BYTES),
            "save": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "‘임대차계약서.pdf’는 올릴 수 없는 형식입니다" in page
    assert "‘사업자등록증.pdf’는 문제가 없지만, 같이 올린 다른 파일에 문제가 있어" in page
    assert not draft.documents.exists() and not _files_on_disk(settings)
