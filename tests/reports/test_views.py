"""Report pages: roles, request → progress → download, plain and htmx."""

import pytest
from django.urls import reverse

from reports.models import ReportRun
from reports.services import report_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_queue(monkeypatch):
    monkeypatch.setattr("reports.tasks.build_council_report.apply_async", lambda *a, **k: None)


def test_strategy_sees_the_report_page_and_counsellor_does_not(client, strategy, counsellor):
    client.force_login(strategy)
    response = client.get(reverse("reports:council"))
    assert response.status_code == 200
    assert "행정사무감사 보고서" in response.text
    client.force_login(counsellor)
    assert client.get(reverse("reports:council")).status_code == 403


def test_request_progress_and_download(
    client, strategy, small_book, no_queue, django_capture_on_commit_callbacks
):
    client.force_login(strategy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:council_request"), {"year": "2020"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:run", args=[run.pk])
    partial = client.get(reverse("reports:run", args=[run.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in partial.text and "<html" not in partial.text
    report_build(run_id=run.pk)
    page = client.get(reverse("reports:run", args=[run.pk]))
    assert "PDF 내려받기" in page.text and "hx-trigger" not in page.text
    download = client.get(reverse("reports:download", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF")
    # One rule for the year (issue 19, row 7): run page, file name and cover agree.
    assert "2021년도 행정사무감사 업무보고 (2020년 실적)" in page.text
    assert "2021%EB%85%84%EB%8F%84" in download["Content-Disposition"]  # 2021년도, RFC 5987
    assert "2020%EB%85%84_%EC%8B%A4%EC%A0%81.pdf" in download["Content-Disposition"]
    cover = _pdf_first_page_text(pdf)
    assert "2021년도 행정사무감사" in cover and "2020년 실적" in cover


def _pdf_first_page_text(pdf: bytes) -> str:
    import subprocess

    result = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_the_form_states_the_year_rule_and_defaults_to_the_last_year_with_data(
    client, strategy, small_book
):
    from guarantees.models import Guarantee

    last = Guarantee.objects.latest("issued_on").issued_on.year
    client.force_login(strategy)
    body = client.get(reverse("reports:council")).text
    assert "다음 해 행정사무감사 업무보고를 만듭니다" in body
    assert f'<option value="{last}" selected>{last}년 실적 → {last + 1}년도 감사</option>' in body


def test_a_second_request_shows_the_running_one(client, strategy, executive, no_queue):
    client.force_login(strategy)
    client.post(reverse("reports:council_request"), {"year": "2020"})
    client.force_login(executive)
    response = client.post(reverse("reports:council_request"), {"year": "2020"}, follow=True)
    assert ReportRun.objects.count() == 1
    assert "이미 작성 중" in response.text


def test_pledge_page_shows_target_actual_and_rate(client, executive, small_book):
    client.force_login(executive)
    response = client.get(reverse("reports:pledges"))
    assert response.status_code == 200
    assert "<progress" in response.text and "코로나19 피해 특례보증" in response.text


def test_auditor_records_a_finding_follow_up(client, auditor, registers):
    from reports.models import AuditFinding

    finding = AuditFinding.objects.get(year=2020, number="20-6")
    client.force_login(auditor)
    response = client.post(
        reverse("reports:finding_edit", args=[finding.pk]),
        {"status": "closed", "follow_up": "사전감사 기준 1억원으로 변경 완료"},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "closed"
    page = client.get(reverse("reports:registers") + "?year=2020")
    assert "사전감사 기준" in page.text


def test_strategy_edits_the_budget_and_the_report_follows(client, strategy, registers):
    from reports.models import BudgetLine
    from reports.sections import budget

    line = BudgetLine.objects.get(year=2021, name="보증료")
    client.force_login(strategy)
    page = client.get(reverse("reports:registers") + "?year=2020")
    assert reverse("reports:register_edit", args=["budget", line.pk]) in page.text
    response = client.post(
        reverse("reports:register_edit", args=["budget", line.pk]),
        {
            "year": 2021,
            "side": "income",
            "kind": "operating",
            "name": "보증료",
            "parent": "",
            "amount_krw": 17_365_000_000,
            "sort_order": line.sort_order,
        },
    )
    assert response.status_code == 302
    assert budget.build(2020)["income_total_krw"] == 70_326_000_000


def test_auditor_cannot_edit_the_budget(client, auditor, registers):
    client.force_login(auditor)
    assert client.get(reverse("reports:register_add", args=["budget"])).status_code == 403
