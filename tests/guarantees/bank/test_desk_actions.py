"""The desk's other reports (issue 12): repayment, maturity settlement, default and
subrogation claim, each through the same service as the API's, booked with channel DESK and
the officer; a refusal is shown on the page in Korean with nothing booked; another bank's
guarantee is 404; the officer's claims list shows only their bank's claims."""

import datetime as dt

import pytest
from django.urls import reverse

from guarantees.bank.services import default_report
from guarantees.book.selectors import guarantee_balances
from guarantees.models import (
    BankChannel,
    BankReport,
    BookRequest,
    GuaranteeEvent,
    GuaranteeStatus,
    SubrogationClaim,
)
from tests.guarantees.bank.conftest import IBK, SHINHAN

pytestmark = pytest.mark.django_db


def _url(name, guarantee):
    return reverse(f"guarantees:bank_desk:{name}", args=[guarantee.guarantee_no])


def _exposure(guarantee):
    return guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"]


def _nothing_booked(guarantee, events_before):
    assert guarantee.events.count() == events_before
    assert not BankReport.objects.filter(guarantee=guarantee).exists()
    assert not BookRequest.objects.filter(guarantee=guarantee).exists()
    assert not SubrogationClaim.objects.filter(guarantee=guarantee).exists()


def _desk_report(guarantee, officer):
    report = BankReport.objects.get(guarantee=guarantee)
    assert (report.channel, report.reported_by) == (BankChannel.DESK, officer)
    return report


@pytest.fixture
def guarantee(make_bank_guarantee):
    # Imported: its loan counts as executed on the issue day (2026-01-05); 85 % of 2천만원.
    return make_bank_guarantee(bank_name=IBK, loan_krw=20_000_000, imported=True)


# ----------------------------------------------------------------------------- 상환


def test_a_repayment_lowers_the_exposure_by_its_guaranteed_share(client, bank_officer, guarantee):
    client.force_login(bank_officer)
    response = client.post(
        _url("repayment", guarantee),
        {"paid_on": "2026-03-02", "loan_principal_krw": "2000000", "loan_balance_krw": "18000000"},
    )
    assert response.status_code == 302
    assert _exposure(guarantee) == 17_000_000 - 1_700_000
    report = _desk_report(guarantee, bank_officer)
    assert report.event.kind == "repayment" and report.event.amount_krw == 1_700_000
    assert "상환 보고를 접수했습니다." in client.get(response.url).content.decode()


def test_a_repayment_over_the_exposure_is_refused_and_nothing_booked(
    client, bank_officer, guarantee
):
    client.force_login(bank_officer)
    before = guarantee.events.count()
    response = client.post(
        _url("repayment", guarantee),
        {"paid_on": "2026-03-02", "loan_principal_krw": "30000000", "loan_balance_krw": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "보증잔액 17,000,000원을 넘습니다" in page
    _nothing_booked(guarantee, before)
    assert _exposure(guarantee) == 17_000_000


def test_bad_repayment_input_is_a_korean_field_error(client, bank_officer, guarantee):
    client.force_login(bank_officer)
    before = guarantee.events.count()
    response = client.post(
        _url("repayment", guarantee),
        {"paid_on": "03/02", "loan_principal_krw": "0", "loan_balance_krw": "abc"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "상환일은 YYYY-MM-DD 형식으로 입력하세요." in page
    assert "상환 원금은 1원 이상입니다." in page
    assert "상환 후 대출잔액은 원 단위 정수로 입력하세요." in page
    _nothing_booked(guarantee, before)


# ----------------------------------------------------------------------------- 만기 처리


def test_maturity_repaid_terminates_the_guarantee(client, bank_officer, guarantee):
    client.force_login(bank_officer)
    response = client.post(
        _url("maturity_settlement", guarantee), {"settled_on": "2026-04-01", "outcome": "repaid"}
    )
    assert response.status_code == 302
    guarantee.refresh_from_db()
    assert guarantee.status == GuaranteeStatus.TERMINATED
    assert _exposure(guarantee) == 0
    assert _desk_report(guarantee, bank_officer).event.kind == "termination"


def test_maturity_extended_opens_a_request_and_books_nothing(client, bank_officer, guarantee):
    client.force_login(bank_officer)
    before = guarantee.events.count()
    new = guarantee.matures_on + dt.timedelta(days=365)
    response = client.post(
        _url("maturity_settlement", guarantee),
        {"settled_on": "2026-04-01", "outcome": "extended", "new_matures_on": new.isoformat()},
    )
    assert response.status_code == 302
    report = _desk_report(guarantee, bank_officer)
    assert report.event is None
    assert report.book_request.kind == "extension"
    assert report.book_request.new_matures_on == new
    assert guarantee.events.count() == before
    assert _exposure(guarantee) == 17_000_000


def test_an_extension_that_does_not_extend_is_refused_and_nothing_booked(
    client, bank_officer, guarantee
):
    client.force_login(bank_officer)
    before = guarantee.events.count()
    response = client.post(
        _url("maturity_settlement", guarantee),
        {
            "settled_on": "2026-04-01",
            "outcome": "extended",
            "new_matures_on": guarantee.matures_on.isoformat(),
        },
    )
    assert response.status_code == 422
    assert "지금 만기일(" in response.content.decode()
    _nothing_booked(guarantee, before)
    missing = client.post(
        _url("maturity_settlement", guarantee), {"settled_on": "2026-04-01", "outcome": "extended"}
    )
    assert missing.status_code == 422
    assert "기한연장이면 새 만기일을 입력하세요." in missing.content.decode()
    _nothing_booked(guarantee, before)


# ----------------------------------------------------------------------------- 보증사고


def test_a_default_books_the_accident(client, bank_officer, guarantee):
    client.force_login(bank_officer)
    response = client.post(
        _url("default", guarantee),
        {"default_on": "2026-05-01", "overdue_principal_krw": "10000000", "reason": "3개월 연체"},
    )
    assert response.status_code == 302
    guarantee.refresh_from_db()
    assert guarantee.status == GuaranteeStatus.ACCIDENT
    event = _desk_report(guarantee, bank_officer).event
    assert (event.kind, event.amount_krw) == ("accident", 8_500_000)
    # The page now offers the subrogation claim form, not the default form.
    page = client.get(response.url).content.decode()
    assert _url("subrogation_claim", guarantee) in page
    assert _url("default", guarantee) not in page


def test_a_default_in_the_future_is_refused_and_nothing_booked(client, bank_officer, guarantee):
    client.force_login(bank_officer)
    before = guarantee.events.count()
    response = client.post(
        _url("default", guarantee),
        {"default_on": "2999-01-01", "overdue_principal_krw": "10000000", "reason": "연체"},
    )
    assert response.status_code == 422
    assert "오늘(" in response.content.decode()
    _nothing_booked(guarantee, before)
    guarantee.refresh_from_db()
    assert guarantee.status == GuaranteeStatus.ACTIVE


# ----------------------------------------------------------------------------- 대위변제 청구


def test_a_subrogation_claim_is_received_and_listed(client, bank_officer, guarantee, ibk_source):
    default_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        default_on=dt.date(2026, 5, 1),
        overdue_principal_krw=10_000_000,
        reason="연체",
    )
    events = guarantee.events.count()
    client.force_login(bank_officer)
    response = client.post(
        _url("subrogation_claim", guarantee),
        {"claimed_on": "2026-06-01", "principal_krw": "10000000", "interest_krw": "200000"},
    )
    assert response.status_code == 302
    claim = SubrogationClaim.objects.get(guarantee=guarantee)
    assert claim.payable_krw == 8_670_000  # 85 % of 10,200,000
    assert (claim.report.channel, claim.report.reported_by) == (BankChannel.DESK, bank_officer)
    assert guarantee.events.count() == events  # nothing booked before the two reviews
    page = client.get(reverse("guarantees:bank_desk:claims")).content.decode()
    assert guarantee.guarantee_no in page and "접수" in page and "8,670,000" in page


def test_a_claim_without_a_default_is_refused_and_nothing_booked(client, bank_officer, guarantee):
    client.force_login(bank_officer)
    before = guarantee.events.count()
    response = client.post(
        _url("subrogation_claim", guarantee),
        {"claimed_on": "2026-06-01", "principal_krw": "10000000", "interest_krw": "0"},
    )
    assert response.status_code == 422
    assert "보증사고가 접수되지 않았습니다" in response.content.decode()
    _nothing_booked(guarantee, before)


def test_the_claims_list_shows_only_the_officers_bank(
    client, bank_officer, other_bank_officer, make_bank_guarantee, shinhan_source
):
    theirs = make_bank_guarantee(bank_name=SHINHAN, imported=True)
    default_report(
        source=shinhan_source,
        guarantee_no=theirs.guarantee_no,
        default_on=dt.date(2026, 5, 1),
        overdue_principal_krw=1_000_000,
        reason="연체",
    )
    client.force_login(other_bank_officer)
    assert (
        client.post(
            _url("subrogation_claim", theirs),
            {"claimed_on": "2026-06-01", "principal_krw": "1000000", "interest_krw": "0"},
        ).status_code
        == 302
    )
    assert (
        theirs.guarantee_no in client.get(reverse("guarantees:bank_desk:claims")).content.decode()
    )
    client.force_login(bank_officer)
    page = client.get(reverse("guarantees:bank_desk:claims")).content.decode()
    assert theirs.guarantee_no not in page
    assert "아직 청구한 대위변제가 없습니다." in page


# ----------------------------------------------------------------------------- 다른 은행


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "repayment",
            {"paid_on": "2026-03-02", "loan_principal_krw": "1", "loan_balance_krw": "1"},
        ),
        ("maturity_settlement", {"settled_on": "2026-04-01", "outcome": "repaid"}),
        ("default", {"default_on": "2026-05-01", "overdue_principal_krw": "1", "reason": "x"}),
        (
            "subrogation_claim",
            {"claimed_on": "2026-06-01", "principal_krw": "1", "interest_krw": "0"},
        ),
    ],
)
def test_another_banks_guarantee_is_404_and_nothing_booked(
    client, other_bank_officer, guarantee, name, data
):
    before = guarantee.events.count()
    client.force_login(other_bank_officer)
    assert client.post(_url(name, guarantee), data).status_code == 404
    _nothing_booked(guarantee, before)
    assert GuaranteeEvent.objects.filter(guarantee=guarantee).count() == before
