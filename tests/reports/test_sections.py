"""Each section builder on the small hand-made book (tests/reports/conftest.py)."""

from decimal import Decimal

import pytest

from reports.sections import (
    accidents,
    base_assets,
    base_assets_by_year,
    budget,
    committees,
    consultations,
    contributions,
    duties,
    executives,
    findings,
    multiplier,
    next_year,
    organisation,
    supply,
    supply_plan,
)

M = 1_000_000
pytestmark = pytest.mark.django_db


def test_supply_compares_the_year_with_the_one_before(small_book):
    data = supply.build(2020)
    supplied, balance = data["rows"]
    assert (supplied["old_count"], supplied["old_amount_krw"]) == (2, 1_500 * M)
    assert (supplied["new_count"], supplied["new_amount_krw"]) == (3, 4_000 * M)
    assert supplied["delta_amount_krw"] == 2_500 * M
    assert (supplied["rate_count"], supplied["rate_amount"]) == (Decimal("50.0"), Decimal("166.7"))
    assert (balance["new_count"], balance["new_amount_krw"]) == (3, 3_800 * M)
    assert balance["rate_amount"] == Decimal("153.3")


def test_supply_plan_rate_is_actual_over_register_plan(small_book):
    count, amount = supply_plan.build(2020)["rows"]
    assert (count["plan"], count["actual"], count["rate"]) == (27_000, 3, Decimal("0.0"))
    assert (amount["plan"], amount["actual"]) == (610_000 * M, 4_000 * M)
    assert amount["rate"] == Decimal("0.7")


def test_accidents_show_decreases_and_no_rate_without_a_base(small_book):
    data = accidents.build(2020)
    accident, _normalised = data["groups"][0]["rows"]
    arisen, recovered = data["groups"][1]["rows"]
    assert accident["delta_amount_krw"] == -50 * M
    assert accident["rate_amount"] == Decimal("-50.0")
    assert arisen["new_amount_krw"] == 400 * M and arisen["rate_amount"] is None
    assert recovered["new_amount_krw"] == 100 * M
    assert data["claims_balance_krw"] == 300 * M


def test_base_assets_by_contributor_with_shares(small_book):
    data = base_assets.build(2020)
    assert data["base_assets_krw"] == 158_705 * M
    assert data["loss_krw"] == 10_000 * M
    assert data["contributions_krw"] == 168_705 * M
    city = data["columns"][0]
    assert city["amount_krw"] == 126_000 * M and city["district_krw"] == 1_200 * M
    assert city["share"] == Decimal("74.7")
    assert sum(c["amount_krw"] for c in data["columns"]) == data["contributions_krw"]


def test_contributions_plan_vs_actual_reproduce_seed_001_rates(small_book):
    data = contributions.build(2020)
    assert data["plan_total_krw"] == 15_350 * M
    assert data["actual_total_krw"] == 62_905 * M
    assert data["rate_total"] == Decimal("409.8")
    rates = {r["label"]: r["rate"] for r in data["rows"]}
    assert rates == {
        "인천시": Decimal("400.0"),
        "기초단체": Decimal("184.6"),
        "의무출연금": Decimal("145.1"),
        "기타": Decimal("554.6"),
    }
    other = data["rows"][-1]
    assert other["detail"].startswith("기업은행 29,332, 중소벤처기업부 3,928")


def test_base_assets_by_year_and_change(small_book):
    rows = base_assets_by_year.build(2020)["rows"]
    assert [r["year"] for r in rows] == [2015, 2016, 2017, 2018, 2019, 2020]
    assert rows[-1]["base_assets_krw"] == 158_705 * M
    assert rows[-1]["change_krw"] == 62_905 * M
    assert rows[0]["change_krw"] is None


def test_multiplier_at_year_end_with_chart_and_ceiling(small_book):
    data = multiplier.build(2020)
    assert data["multiplier"] == Decimal("0.02")
    assert data["outstanding_krw"] == 3_800 * M
    assert data["limit"] == Decimal("10")
    assert [r["year"] for r in data["rows"]] == [2016, 2017, 2018, 2019, 2020]
    assert data["chart"]["limit_y"] is not None
    assert {b["branch_code"] for b in data["branches"]} >= {"NAMDONG"}
    assert data["programs"][0]["program_code"] == "COVID19"


def test_findings_summary_counts_by_kind_and_status(registers):
    data = findings.build(2020)
    total, correction, action, recommendation = data["summary"]
    assert total["total"] == 7 and total["by_status"] == [0, 7, 0]
    assert (correction["total"], action["total"], recommendation["total"]) == (0, 3, 4)
    first = data["items"][0]
    assert first["number"] == "20-1" and first["department"] == "전략기획부"
    assert [b["heading"] for b in first["plan_blocks"]] == ["사업개요", "추진계획", "기대효과"]


def test_budget_of_the_next_year_totals_69326(registers):
    data = budget.build(2020)
    assert data["budget_year"] == 2021
    assert data["income_total_krw"] == data["expense_total_krw"] == 69_326 * M
    operating, capital = data["blocks"]
    assert operating["income_total_krw"] == 20_526 * M
    assert capital["expense_total_krw"] == 46_677 * M


def test_duties_print_the_branches_once(registers):
    rows = duties.build(2020)["rows"]
    branch_rows = [r for r in rows if "남동지점" in r["units"]]
    assert len(branch_rows) == 1 and len(branch_rows[0]["units"]) == 7


def test_organisation_headcount_86_70(registers):
    data = organisation.build(2020)
    assert (data["total_authorised"], data["total_current"]) == (86, 70)
    assert data["structure"].startswith("2본부")
    assert data["on_leave"] == 2


def test_committees_and_executives_come_from_the_register(registers):
    assert committees.build(2020)["count"] == 3
    assert executives.build(2020)["rows"][0]["name"] == "조현석"


def test_consultations_count_against_target(registers, counsellor):
    import datetime as dt

    from guarantees.consultations.services import consultation_record

    for topic in ("startup", "startup", "unfair_trade"):
        consultation_record(
            counsellor=counsellor,
            date=dt.date(2020, 5, 1),
            channel="visit",
            topic=topic,
            outcome="안내",
            walk_in_name="홍길동",
        )
    last = consultations.build(2020)["rows"][-1]
    assert (last["year"], last["total"], last["target"]) == (2020, 3, 600)
    assert last["by_topic"] == [2, 0, 0, 1]
    assert last["rate"] == Decimal("0.5")


def test_next_year_plan_reads_the_registers(registers):
    data = next_year.build(2020)
    assert data["plan_year"] == 2021
    count, amount = data["supply_rows"]
    assert (count["total"], count["new"], count["extension"]) == (40_000, 20_000, 20_000)
    assert amount["total"] == 1_000_000 * M
    assert data["contributions_total_krw"] == 26_800 * M
