"""The council report end to end (a ReportRun built by `report_build`, PDF written to its
file) vs WeasyPrint alone rendering the same final HTML to a file (the renderer's floor).

Peak memory is each side's peak resident set size as a child process of its own (ru_maxrss
from wait4): `manage.py council_report` vs `benchmarks.measure render-html` on the same HTML.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from .timing import Row, alternate

ROOT = Path(__file__).resolve().parent.parent


def render_html_file(html_path: str, pdf_path: str) -> None:
    """The reference: WeasyPrint on the final HTML, with the portal's static-only fetcher so
    that fonts and CSS resolve the same way, written to a file."""
    from weasyprint import HTML

    from common.pdf import STATIC_BASE_URL, StaticOnlyFetcher

    html = Path(html_path).read_text(encoding="utf-8")
    HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        target=pdf_path
    )


def _text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\d{4}\. \d{2}\. \d{2}\. 작성", "DATE 작성", text)


def peak_rss_mb(command: list[str]) -> float:
    """Peak RSS of `command` run as a child process, in MB (Linux ru_maxrss is in KB)."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{command} exited {process.returncode}")
    return usage.ru_maxrss / 1024


def report_row(*, runs: int, warmup: int, year: int, target: float) -> Row:
    from accounts.models import User
    from reports.models import ReportRun, RunStatus
    from reports.rendering import page_count, report_html
    from reports.services import report_build, report_path

    user = User.objects.filter(is_staff=True).first() or User.objects.order_by("pk").first()
    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    html_path = work / "report.html"
    html_path.write_text(report_html(year), encoding="utf-8")
    reference_pdf = work / "reference.pdf"

    def ours() -> bytes:
        run = ReportRun.objects.create(year=year, requested_by=user, status=RunStatus.QUEUED)
        run = report_build(run_id=run.pk)
        if run.status != RunStatus.DONE:
            raise RuntimeError(f"report_build failed: {run.error}")
        path = report_path(run)
        pdf = path.read_bytes()
        path.unlink()
        return pdf

    def reference() -> bytes:
        render_html_file(str(html_path), str(reference_pdf))
        return reference_pdf.read_bytes()

    ours_s, ref_s, ours_pdf, ref_pdf = alternate(ours, reference, runs=runs, warmup=warmup)
    pages = page_count(ours_pdf)
    ours_rss = peak_rss_mb(
        [
            sys.executable,
            "manage.py",
            "council_report",
            "--year",
            str(year),
            "--out",
            str(work / "cmd.pdf"),
        ]
    )
    ref_rss = peak_rss_mb(
        [
            sys.executable,
            "-m",
            "benchmarks.measure",
            "render-html",
            str(html_path),
            str(work / "ref2.pdf"),
        ]
    )
    row = Row(
        name=f"council report {year}",
        ours_s=ours_s,
        reference_s=ref_s,
        target=target,
        notes=f"{pages} pages, {len(ours_pdf):,} bytes; peak RSS (ru_maxrss of a child process) "
        f"{ours_rss:.0f} MB (`council_report`) vs {ref_rss:.0f} MB (WeasyPrint alone)",
    )
    if page_count(ref_pdf) != pages or _text(ours_pdf) != _text(ref_pdf):
        row.problems.append(
            f"PDFs differ: {pages} vs {page_count(ref_pdf)} pages or different text"
        )
    for path in work.iterdir():
        path.unlink()
    work.rmdir()
    return row
