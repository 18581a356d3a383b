"""Excel downloads: every council report table as numbers (read back with openpyxl), and the
common helper's rules (천 단위 and 원 formats, real dates, frozen header, widths that fit
Korean, the CSV path's formula rule)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from common.spreadsheet import XLSX_CONTENT_TYPE, Sheet, workbook_bytes, xlsx_download
from reports.xlsx import figure

pytestmark = pytest.mark.django_db


def test_figures_in_the_report_text_become_numbers_and_dates():
    assert figure("158,705") == 158705
    assert figure("△50.0") == Decimal("-50.0")
    assert figure("0.02") == Decimal("0.02")
    assert figure("2019.07.08.") == dt.date(2019, 7, 8)
    for text in ("86/70", "-", "1958년", "연수구 1,200", "2020.13.40."):
        assert figure(text) == text


def test_every_report_table_opens_as_numbers(small_book, strategy, client):
    client.force_login(strategy)
    response = client.get("/reports/council/2020/tables.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "filename*=utf-8''2020_" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) >= 30
    supply = wb[next(n for n in wb.sheetnames if n.endswith("보증공급 현황"))]
    rows = list(supply.iter_rows(values_only=True))
    assert rows[1][0] == "(단위 : 건, 백만원, %)"
    assert rows[2][1].startswith("2019년") and rows[3][1] == "건 수"
    assert rows[4][:5] == ("보증공급", 2, 1500, 3, 4000)
    assert supply.freeze_panes == "A5"  # under the two header rows
    assert supply["C5"].number_format == "#,##0"
    assert "B3:C3" in {str(r) for r in supply.merged_cells.ranges}
    base = wb[next(n for n in wb.sheetnames if "조성현황" in n)]
    values = [v for row in base.iter_rows(values_only=True) for v in row]
    assert 158705 in values and -10000 in values  # △10,000 is a negative number
    numbers = sum(
        1
        for name in wb.sheetnames
        for row in wb[name].iter_rows()
        for cell in row
        if isinstance(cell.value, int | float)
    )
    assert numbers > 200


def test_the_helper_types_cells_and_escapes_formulas_like_the_csv_path():
    data = workbook_bytes(
        [
            Sheet(
                "목록",
                ["상호", "보증금액(원)", "발급일", "비율"],
                [
                    [
                        '=HYPERLINK("http://evil","보기")',
                        50_000_000,
                        dt.date(2020, 3, 1),
                        Decimal("12.5"),
                    ],
                    ["-부채", -1500, None, None],
                    ["소상공인복합클러스터 조성팀 남동지점", 1, None, None],
                ],
                won_columns={1},
            )
        ]
    )
    ws = load_workbook(io.BytesIO(data))["목록"]
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("=HYPERLINK")
    assert ws["A2"].quotePrefix and ws["A3"].quotePrefix
    assert ws["B2"].value == 50_000_000 and ws["B2"].number_format == '#,##0"원"'
    assert ws["B3"].value == -1500
    assert ws["C2"].value == dt.datetime(2020, 3, 1) and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["D2"].number_format == "#,##0.0"
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws.column_dimensions["A"].width >= 2 * len("소상공인복합클러스터 조성팀 남동지점") - 6


def test_xlsx_download_is_an_attachment():
    response = xlsx_download("목록.xlsx", ["이름"], [["김"]], title="목록")
    assert response["Cache-Control"] == "private, no-store"
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == ["목록"] and ws["A2"].value == "이름"


def test_monitoring_xlsx_has_numbers_dates_and_escaped_names(client, auditor, organisation):
    from django.urls import reverse

    from tests.guarantees.review.test_views import MAN, _issued

    day = dt.date(2026, 11, 20)
    _issued("GYEYANG", 5000 * MAN, day, '=HYPERLINK("http://x")')
    client.force_login(auditor)
    response = client.get(reverse("guarantees:review:monitoring_xlsx"), {"date": "2026-11-20"})
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "감사그룹" and rows[1][8] == "보증금액(원)"
    assert rows[2][3] == '=HYPERLINK("http://x")' and ws["D3"].quotePrefix
    assert ws["D3"].data_type == "s"
    assert rows[2][7] == dt.datetime(2026, 11, 20) and rows[2][8] == 50_000_000
    assert ws["I3"].number_format == '#,##0"원"' and ws.freeze_panes == "A3"


def test_access_log_xlsx_lists_the_rows_with_real_times(client, auditor):
    from django.urls import reverse

    client.force_login(auditor)
    client.get(reverse("accounts:access_log"))  # logged as a view
    response = client.get(reverse("accounts:access_log_xlsx"))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:2] == ("일시", "접근자")
    assert isinstance(rows[2][0], dt.datetime) and ws["A3"].number_format == "yyyy-mm-dd hh:mm:ss"


def test_the_pledge_page_opens_in_excel(small_book, strategy, client):
    from django.urls import reverse

    from programs.models import ProgramYearTarget

    client.force_login(strategy)
    assert (
        reverse("reports:pledges_xlsx") in client.get(reverse("reports:pledges")).content.decode()
    )
    response = client.get(reverse("reports:pledges_xlsx"))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["특례보증 목표 대비 실적", "디딤돌센터 상담 실적"]
    ws = wb["특례보증 목표 대비 실적"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "상품" and ws.freeze_panes == "A3"
    targets = list(ProgramYearTarget.objects.order_by("program__code", "year"))
    assert len(rows) - 2 == len(targets) > 0
    first = rows[2]
    assert first[1] == targets[0].year and ws["B3"].number_format == "0"
    assert first[2] == targets[0].count and first[5] == targets[0].amount_krw
    assert ws["F3"].number_format == '#,##0"원"'
    assert isinstance(first[6], int) and (first[7] is None or isinstance(first[7], float | int))


def test_the_registers_open_in_excel_one_sheet_each(small_book, strategy, client):
    from django.urls import reverse

    from reports.models import AuditFinding, BudgetLine

    finding = AuditFinding.objects.filter(year=2020).first()
    assert finding is not None
    AuditFinding.objects.filter(pk=finding.pk).update(follow_up="=SUM(A1:A9)")
    client.force_login(strategy)
    page = client.get(reverse("reports:registers"), {"year": 2020}).content.decode()
    assert f"{reverse('reports:registers_xlsx')}?year=2020" in page
    response = client.get(reverse("reports:registers_xlsx"), {"year": 2020})
    assert "2020_" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [
        "지적사항",
        "예산",
        "출연금 확충 계획",
        "보증공급 계획",
        "상담 목표",
        "사무분장",
    ]
    findings = list(wb["지적사항"].iter_rows(values_only=True))
    assert len(findings) - 2 == AuditFinding.objects.filter(year=2020).count()
    row = next(r for r in findings[2:] if r[0] == finding.number)
    line = findings.index(row) + 1
    assert row[8] == "=SUM(A1:A9)" and wb["지적사항"][f"I{line}"].quotePrefix
    budget = wb["예산"]
    amounts = [r[4] for r in budget.iter_rows(min_row=3, values_only=True)]
    assert sorted(amounts) == sorted(
        BudgetLine.objects.filter(year=2021).values_list("amount_krw", flat=True)
    )
    assert budget["E3"].number_format == '#,##0"원"' and budget.freeze_panes == "A3"
    plans = wb["보증공급 계획"]
    assert isinstance(plans["A3"].value, int) and plans["A3"].number_format == "0"
