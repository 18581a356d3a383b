"""Build the council report: run every section's data builder, render the HTML with one
template per section, and turn it into a PDF through common/pdf.py (static-only fetcher)."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone

from common.foundation import foundation
from common.logo import logo_image
from common.pdf import render_pdf_pages

from .naming import report_title, session_year
from .sections import SECTIONS
from .sections.common import prefetch_book_summaries, report_cache

# WeasyPrint logs every layout step at INFO; the job reports its own stages instead.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# on_stage(label, percent) is called as the work advances (the job shows it in the page).
StageCallback = Callable[[str, int], None]


def _noop(label: str, percent: int) -> None:
    return None


def build_parts(year: int, on_stage: StageCallback = _noop) -> list[dict]:
    """Every section's data, grouped by chapter, in seed 001's order."""
    parts: list[dict] = []
    with report_cache():
        # Supply and accidents compare the year with the one before: one read for both.
        prefetch_book_summaries([year - 1, year])
        _build_into(parts, year, on_stage)
    return parts


def _build_into(parts: list[dict], year: int, on_stage: StageCallback) -> None:
    for i, section in enumerate(SECTIONS):
        on_stage(f"자료 집계: {section.title}", 5 + int(60 * i / len(SECTIONS)))
        data = section.module.build(year)
        if not parts or parts[-1]["title"] != section.part:
            parts.append({"title": section.part, "sections": []})
        parts[-1]["sections"].append(
            {"key": section.key, "title": section.title, "template": section.template, "data": data}
        )


def report_html(year: int, on_stage: StageCallback = _noop) -> str:
    parts = build_parts(year, on_stage)
    on_stage("문서 조립", 68)
    profile = foundation()
    return render_to_string(
        "reports/council_report.html",
        {
            "year": year,
            "session_year": session_year(year),
            "title": report_title(year),
            "parts": parts,
            "foundation": profile.name,
            "has_logo": logo_image(profile) is not None,
            "generated_at": timezone.now(),
        },
    )


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_council_report(year: int, on_stage: StageCallback = _noop) -> bytes:
    """The whole report for `year` as PDF bytes."""
    return render_council_report_pages(year, on_stage)[0]


def render_council_report_pages(year: int, on_stage: StageCallback = _noop) -> tuple[bytes, int]:
    """The whole report for `year` as PDF bytes, and its page count."""
    html = report_html(year, on_stage)
    on_stage("PDF 변환(글꼴·표 배치)", 75)
    return render_pdf_pages(html)


def hwpx_from_html(html: str, year: int) -> bytes:
    """The HWPX package of a report whose HTML is `html` (the blocks the PDF is printed from)."""
    from .document import parse_report_html
    from .hwpx import render_hwpx

    profile = foundation()
    return render_hwpx(
        parse_report_html(html),
        foundation=profile.name,
        title=report_title(year),
        logo=logo_image(profile),
    )


def render_council_report_hwpx(year: int, on_stage: StageCallback = _noop) -> bytes:
    """The whole report for `year` as an HWPX package (한글)."""
    html = report_html(year, on_stage)
    on_stage("HWPX 작성(한글 문서)", 75)
    return hwpx_from_html(html, year)


def render_council_report_both(
    year: int, on_stage: StageCallback = _noop
) -> tuple[bytes, int, bytes]:
    """PDF bytes, its page count, and the HWPX bytes, from one build of the section data."""
    html = report_html(year, on_stage)
    on_stage("PDF 변환(글꼴·표 배치)", 70)
    pdf, pages = render_pdf_pages(html)
    on_stage("HWPX 작성(한글 문서)", 90)
    return pdf, pages, hwpx_from_html(html, year)
