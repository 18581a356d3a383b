"""Demo credit bureau reports (issue 15 item 3): in the demo and the load fixture, the branch
reviewer records the grade "received" from the bureau, so that some applications skip the
field survey on the verified figure as they would in production.

The report file is a one-page PDF made through the portal's one PDF path, saying plainly
that it is demo material and no real credit enquiry.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from common.pdf import render_pdf


@lru_cache(maxsize=16)
def report_pdf(business_name: str, score: int) -> bytes:
    html = (
        "<html lang='ko'><body><h1>신용조회 결과 (데모 자료)</h1>"
        f"<p>상호: {escape(business_name)}</p><p>신용점수: {score}점</p>"
        "<p>이 문서는 시연용으로 만든 것이며 실제 신용조회 결과가 아닙니다.</p></body></html>"
    )
    return render_pdf(html)


def record_demo_credit(app, actor, score: int):
    """The reviewer records the bureau's score for `app` through the service."""
    from guarantees.applicant import uploads
    from guarantees.review import services

    upload = SimpleUploadedFile(
        "신용조회결과(데모).pdf",
        report_pdf(app.business.name if len(app.business.name) < 40 else "데모 사업자", score),
        content_type="application/pdf",
    )
    return services.credit_report_record(
        application=app,
        actor=actor,
        bureau="nice",
        score=score,
        report_date=timezone.localdate(),
        checked=uploads.check_upload(upload),
    )
