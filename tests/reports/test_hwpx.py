"""The council report as HWPX: the same sections and figures as the PDF (compared), read back by
python-hwpx and, independently, by unzipping the package and parsing its OWPML with the
standard library; validated by the library's schema and package validators."""

import io
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.document import parse_report_html, report_tables
from reports.rendering import render_council_report_both, report_html

pytestmark = pytest.mark.django_db

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
FIGURES = ("158,705", "62,905", "409.8", "166.7", "△50.0", "69,326", "0.02", "20-7")


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def _owpml_tables(data: bytes) -> tuple[str, list[list[str]]]:
    """Second reader: the zip and its section XML with the standard library only."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("mimetype") == b"application/hwp+zip"
        assert z.infolist()[0].filename == "mimetype"  # first and stored, as OCF requires
        assert z.infolist()[0].compress_type == zipfile.ZIP_STORED
        sections = sorted(n for n in z.namelist() if re.match(r"Contents/section\d+\.xml$", n))
        roots = [ET.fromstring(z.read(n)) for n in sections]
    text = "\n".join("".join("".join(t.itertext()) for t in r.iter(f"{HP}t")) for r in roots)
    cells = [
        ["".join("".join(t.itertext()) for t in tc.iter(f"{HP}t")) for tc in tbl.iter(f"{HP}tc")]
        for r in roots
        for tbl in r.iter(f"{HP}tbl")
    ]
    return text, cells


def test_hwpx_carries_the_same_figures_and_tables_as_the_pdf(small_book, tmp_path):
    from hwpx import HwpxDocument
    from hwpx.tools.package_validator import validate_package

    pdf, pages, data = render_council_report_both(2020)
    assert pages >= 10
    pdf_text = _pdf_text(pdf, tmp_path)
    blocks = parse_report_html(report_html(2020))
    tables = report_tables(blocks)
    assert len(tables) >= 30

    # Read back by the library: validated, every figure of the PDF present.
    path = tmp_path / "r.hwpx"
    path.write_bytes(data)
    doc = HwpxDocument.open(path)
    assert doc.validate().issues == ()
    assert not [i for i in validate_package(path).issues if getattr(i, "level", "") == "error"]
    assert len(doc.tables.all) == len(tables)

    # Read back without it: the same figures as the PDF, table by table, cell by cell.
    text, hwpx_tables = _owpml_tables(data)
    for figure in FIGURES:
        assert figure in pdf_text, figure
        assert figure in text, figure
    assert len(hwpx_tables) == len(tables)
    for table, cells in zip(tables, hwpx_tables, strict=True):
        expected = [c.text.replace("\n", "") for row in table.grid for c in row if c is not None]
        assert cells == expected, table.title
    # Every figure-looking cell of the HWPX is in the PDF too.
    pdf_compact = re.sub(r"\s+", "", pdf_text)
    for cells in hwpx_tables:
        for cell in cells:
            if re.fullmatch(r"△?[\d,]+(\.\d+)?", cell):
                assert cell in pdf_compact, cell
    # Same chapters and sections, with units and page numbers.
    for heading in ("1. 일반현황", "기구 및 인원", "보증공급 현황", "보증운용배수"):
        assert heading in text and heading in pdf_text
    assert "(단위 : 건, 백만원, %)" in text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        section = z.read("Contents/section0.xml").decode()
    assert "PAGE" in section.upper() and "autoNum" in section  # the page-number field


def test_hwpx_follows_the_data(small_book):
    import datetime as dt

    from ledger.services import contribution_record

    before, _ = _owpml_tables(render_council_report_both(2020)[2])
    contribution_record(
        date=dt.date(2020, 12, 1),
        category="city",
        amount_krw=1_000_000_000,
        contributor="인천광역시",
    )
    after, _ = _owpml_tables(render_council_report_both(2020)[2])
    assert "158,705" in before and "159,705" in after and "159,705" not in before


def test_council_report_command_writes_hwpx_by_extension(small_book, tmp_path, capsys):
    out = tmp_path / "report.hwpx"
    call_command("council_report", "--year", "2020", "--out", str(out))
    assert "HWPX" in capsys.readouterr().out
    text, _ = _owpml_tables(out.read_bytes())
    assert "158,705" in text
    with pytest.raises(CommandError, match=r"report\.docx.*\.pdf 또는 \.hwpx"):
        call_command("council_report", "--year", "2020", "--out", str(tmp_path / "report.docx"))
    assert not (tmp_path / "report.docx").exists()


def test_the_job_keeps_and_checksums_the_hwpx_beside_the_pdf(small_book, strategy, client):
    import hashlib

    from reports.services import report_build, report_path, report_request

    run, _ = report_request(year=2020, requested_by=strategy)
    run = report_build(run_id=run.pk)
    assert run.status == "done" and run.hwpx_file_name.endswith(".hwpx")
    data = report_path(run, "hwpx").read_bytes()
    assert hashlib.sha256(data).hexdigest() == run.hwpx_sha256 and len(data) == run.hwpx_size_bytes
    client.force_login(strategy)
    page = client.get(f"/reports/council/runs/{run.pk}/").content.decode()
    assert "한글(HWPX) 내려받기" in page and run.hwpx_sha256 in page
    response = client.get(f"/reports/council/runs/{run.pk}/download/?format=hwpx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    disposition = response["Content-Disposition"]
    assert "2020%EB%85%84_%EC%8B%A4%EC%A0%81.hwpx" in disposition  # …_2020년_실적.hwpx (naming.py)
