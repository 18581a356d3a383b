"""The whole report as PDF: figures come from the data (change the data, the PDF changes),
text is extractable in reading order, fonts are embedded, nothing outside static is fetched."""

import datetime as dt
import subprocess

import pytest

from common.pdf import StaticOnlyFetcher, render_pdf
from reports.rendering import page_count, render_council_report, report_html

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_report_pdf_holds_computed_figures_and_follows_the_data(small_book, tmp_path):
    pdf = render_council_report(2020)
    text = pdf_text(pdf, tmp_path)
    assert page_count(pdf) >= 10
    for figure in ("158,705", "62,905", "409.8", "166.7", "△50.0", "69,326", "0.02"):
        assert figure in text, figure
    assert text.index("목") < text.index("기구 및 인원") < text.index("보증공급 현황")
    assert "20-7" in text and "자산건전성 관리를 위한 선제적 대책 마련" in text

    from ledger.services import contribution_record

    contribution_record(
        date=dt.date(2020, 12, 1),
        category="city",
        amount_krw=1_000_000_000,
        contributor="인천광역시",
    )
    changed = pdf_text(render_council_report(2020), tmp_path)
    assert "159,705" in changed and "63,905" in changed
    assert "158,705" not in changed


def test_report_fetches_only_static_files_and_embeds_the_font(small_book, tmp_path):
    fetcher = StaticOnlyFetcher()
    pdf = render_pdf(report_html(2020), fetcher=fetcher)
    assert fetcher.refused == []
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert names and all("PretendardGOV" in name for name in names), names  # no fallback font


def test_report_renders_for_a_year_without_any_data(registers, tmp_path):
    text = pdf_text(render_council_report(2023), tmp_path)
    assert "2024년 예산이 등록되지 않았습니다" in text


def test_council_report_command_writes_the_pdf_without_a_worker(small_book, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "council.pdf"
    call_command("council_report", year=2020, out=str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*.part"))
    assert "409.8" in pdf_text(out.read_bytes(), tmp_path)
