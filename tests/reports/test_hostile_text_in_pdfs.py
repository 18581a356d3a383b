"""User-typed text that names local files, the cloud metadata service or asks for an
attachment, rendered through the real PDF paths (보증서 from the applicant's download, the
council report from its renderer): the fetcher never sees those URLs, the PDF embeds nothing,
and the text is printed as text. And no code renders a PDF or writes a CSV but through the one
hardened module for each."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

import common.pdf
from tests.test_access_matrix import personas, world  # noqa: F401 — fixtures

HOSTILE = [
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    '<link rel=attachment href="file:///etc/passwd">',
    "<img src=http://169.254.169.254/latest/meta-data/iam>",
    '<img src="file:///etc/shadow">',
    "<style>@import url(http://169.254.169.254/css);</style>",
]
FORBIDDEN = ("etc/passwd", "etc/shadow", "169.254.169.254")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks common/pdf.py's fetcher for, served or refused."""
    urls: list[str] = []
    real = common.pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(common.pdf.StaticOnlyFetcher, "fetch", spy)
    return urls


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_safe(pdf: bytes, fetched: list[str], typed: list[str]) -> str:
    assert pdf.startswith(b"%PDF")
    assert fetched, "the spy saw no fetch at all (fonts are fetched): is it wired?"
    assert not [u for u in fetched if any(bad in u for bad in FORBIDDEN)], fetched
    assert all(u.startswith(common.pdf.STATIC_BASE_URL) for u in fetched), fetched
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert annotation.get("/Subtype") != "/FileAttachment"
            uri = str(annotation.get("/A", {}).get("/URI", ""))
            assert not any(bad in uri for bad in FORBIDDEN), uri
    text = _squash("".join(page.extract_text() for page in reader.pages))
    for value in typed:
        assert _squash(value) in text, value  # printed as text, not parsed as markup
    assert b"root:x:0:0" not in pdf
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_certificate_prints_a_hostile_business_name_as_text(
    client,
    personas,  # noqa: F811
    world,  # noqa: F811
    fetched,
    hostile,
):
    from guarantees.models import Guarantee

    guarantee = Guarantee.objects.select_related("business").get(guarantee_no=world["guarantee_no"])
    business = guarantee.business
    business.name = hostile[:100]
    business.representative_name = "<a href=file:///etc/passwd>김민지</a>"[:50]
    business.save(update_fields=["name", "representative_name"])
    client.force_login(personas["applicant"])
    response = client.get(reverse("guarantees:applicant:certificate", args=[world["application"]]))
    assert response.status_code == 200
    assert_safe(response.content, fetched, [business.name, business.representative_name])


@pytest.mark.django_db
def test_the_council_report_prints_hostile_finding_text_as_text(registers, fetched):
    from branches.models import OrgUnit
    from reports.models import AuditFinding
    from reports.rendering import render_council_report

    texts = {
        "title": HOSTILE[2],
        "finding": HOSTILE[0] + " " + HOSTILE[3],
        "plan": "사업개요\n" + HOSTILE[4],
        "follow_up": HOSTILE[1] + "\n" + HOSTILE[5],
    }
    AuditFinding.objects.create(
        year=2023,
        number="23-1",
        kind=AuditFinding._meta.get_field("kind").choices[0][0],
        committee="<img src=file:///etc/passwd>",
        department=OrgUnit.objects.order_by("pk").first(),
        **texts,
    )
    pdf = render_council_report(2023)
    assert_safe(pdf, fetched, [HOSTILE[2], HOSTILE[1], HOSTILE[5]])


# --- one path each for PDFs and CSVs ---------------------------------------------------------


def _sources():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "var/", "node_modules/", "tests/")):
            continue
        yield relative, path.read_text(encoding="utf-8")


PDF_CALL = re.compile(
    r"^\s*(from\s+weasyprint\b|import\s+weasyprint\b)|\bHTML\s*\(|\bwrite_pdf\s*\(", re.M
)
CSV_WRITER = re.compile(r"\bcsv\.(writer|DictWriter)\s*\(|^\s*from\s+csv\s+import\b", re.M)
# Files the interchange loader reads back (the demo book): machine data, not a download for a
# spreadsheet user, so an apostrophe would corrupt it.
CSV_EXEMPT = {"demo/demobook/book.py"}
# The benchmark's floor is WeasyPrint itself on the report's final HTML (issue 7); it renders
# the portal's own HTML, never user input, and still through the static-only fetcher.
PDF_EXEMPT = {"benchmarks/report.py"}


def test_every_weasyprint_call_goes_through_common_pdf():
    sources = dict(_sources())
    assert "common/pdf.py" in sources and len(sources) > 50
    offenders = [p for p, text in sources.items() if PDF_CALL.search(text)]
    assert sorted(set(offenders) - PDF_EXEMPT) == ["common/pdf.py"], offenders
    for exempt in PDF_EXEMPT:
        assert "url_fetcher=StaticOnlyFetcher()" in sources[exempt], exempt


def test_every_csv_export_goes_through_the_shared_escaping_helper():
    offenders = {p for p, text in _sources() if CSV_WRITER.search(text)}
    assert offenders - CSV_EXEMPT == {"common/csv_export.py"}, offenders


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        (
            '=HYPERLINK("http://169.254.169.254","보기")',
            '\'=HYPERLINK("http://169.254.169.254","보기")',
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("남동지점", "남동지점"),
        ("1,000", "1,000"),
        (-5_000_000, -5_000_000),
        (0, 0),
        (None, ""),
    ],
)
def test_csv_cells(value, cell):
    from common.csv_export import csv_safe

    assert csv_safe(value) == cell


def test_a_csv_download_keeps_negative_numbers_as_numbers():
    import csv

    from common.csv_export import csv_download

    response = csv_download("x.csv", ["이름", "금액"], [["-부채", -1500], ["=A1", 2]])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["이름", "금액"], ["'-부채", "-1500"], ["'=A1", "2"]]
