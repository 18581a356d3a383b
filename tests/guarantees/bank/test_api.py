"""The bank API's contract: paths, JSON keys, problem details, idempotency, another bank → 404."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.test import Client

from guarantees.bank.keys import api_key_issue, api_key_revoke
from guarantees.models import (
    BankApiCall,
    BankReport,
    GuaranteeEvent,
    IdempotencyRecord,
    LoanExecution,
    MonthlyReport,
)

pytestmark = pytest.mark.django_db
BASE = "/api/bank/v1"
GUARANTEE_KEYS = {
    "guarantee_no",
    "certificate_no",
    "business_no",
    "business_name",
    "issued_on",
    "matures_on",
    "loan_amount_krw",
    "guarantee_ratio_pct",
    "guaranteed_amount_krw",
    "outstanding_krw",
    "status",
    "certificate_url",
}


class Bank:
    """A bank's client: Bearer key, a fresh Idempotency-Key per POST unless given."""

    def __init__(self, key: str):
        self.client = Client()
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, **self.auth)

    def post(self, path, body, key: str | None = "new"):
        headers = dict(self.auth)
        if key is not None:
            headers["HTTP_IDEMPOTENCY_KEY"] = str(uuid.uuid4()) if key == "new" else key
        return self.client.post(BASE + path, body, content_type="application/json", **headers)


@pytest.fixture
def ibk(banks):
    return Bank(api_key_issue(bank=banks["IBK"]).key)


@pytest.fixture
def shinhan(banks):
    return Bank(api_key_issue(bank=banks["SHINHAN"]).key)


def _problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code and body["status"] == status
    assert body["title"] and body["detail"]
    return body


def _execution(g, **overrides):
    body = {
        "executed_on": g.issued_on.isoformat(),
        "loan_amount_krw": g.loan_amount_krw,
        "interest_rate_pct": 4.25,
        "loan_account_ref": "110-1",
    }
    body.update(overrides)
    return body


# ----------------------------------------------------------------------------- reading


def test_the_list_is_the_banks_own_newest_first_by_cursor(ibk, make_bank_guarantee, monkeypatch):
    from guarantees.bank import api

    monkeypatch.setattr(api, "PAGE_SIZE", 2)
    days = [dt.date(2026, 1, d) for d in (5, 9, 7)]
    mine = [make_bank_guarantee(issued_on=d) for d in days]
    make_bank_guarantee(bank_name="신한은행", issued_on=dt.date(2026, 1, 20))

    first = ibk.get("/guarantees").json()
    assert set(first["items"][0]) == GUARANTEE_KEYS
    assert [i["issued_on"] for i in first["items"]] == ["2026-01-09", "2026-01-07"]
    second = ibk.get("/guarantees", cursor=first["next_cursor"]).json()
    assert [i["guarantee_no"] for i in second["items"]] == [mine[0].guarantee_no]
    assert second["next_cursor"] is None
    since = ibk.get("/guarantees", issued_since="2026-01-07").json()
    assert len(since["items"]) == 2
    item = first["items"][0]
    assert item["outstanding_krw"] == 17_000_000 and item["guarantee_ratio_pct"] == 85.0
    assert item["certificate_url"].endswith(f"/guarantees/{mine[1].guarantee_no}/certificate.pdf")
    assert ibk.get("/guarantees", status="terminated").json()["items"] == []


def test_one_guarantee_with_its_events_and_another_banks_is_404(ibk, shinhan, make_bank_guarantee):
    g = make_bank_guarantee()
    assert (
        ibk.post(
            f"/guarantees/{g.guarantee_no}/loan-executions",
            _execution(g, loan_amount_krw=10_000_000),
        ).status_code
        == 201
    )

    body = ibk.get(f"/guarantees/{g.guarantee_no}").json()
    assert body["loan_execution"]["interest_rate_pct"] == "4.250"
    assert body["events"] == [
        {
            "date": "2026-01-05",
            "kind": "repayment",
            "kind_label": "상환(감액)",
            "amount_krw": 8_500_000,
            "new_matures_on": None,
        }
    ]
    _problem(shinhan.get(f"/guarantees/{g.guarantee_no}"), 404, "not_found")
    _problem(shinhan.get(f"/guarantees/{g.guarantee_no}/certificate.pdf"), 404, "not_found")
    _problem(ibk.get("/guarantees/NO-SUCH"), 404, "not_found")


def test_the_certificate_pdf(ibk, make_bank_guarantee):
    g = make_bank_guarantee()
    response = ibk.get(f"/guarantees/{g.guarantee_no}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_imported_guarantee_has_no_electronic_certificate(ibk, make_bank_guarantee):
    g = make_bank_guarantee(imported=True)
    _problem(
        ibk.get(f"/guarantees/{g.guarantee_no}/certificate.pdf"), 404, "certificate_not_issued"
    )


def test_no_key_a_wrong_key_or_a_revoked_key_is_401(banks, make_bank_guarantee):
    issued = api_key_issue(bank=banks["IBK"])
    _problem(Client().get(f"{BASE}/guarantees"), 401, "unauthorized")
    _problem(Bank(issued.key + "x").get("/guarantees"), 401, "unauthorized")
    assert Bank(issued.key).get("/guarantees").status_code == 200
    api_key_revoke(prefix=issued.record.prefix)
    response = Bank(issued.key).get("/guarantees")
    _problem(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


# ----------------------------------------------------------------------------- writing


def test_every_report_through_the_api(ibk, make_bank_guarantee, make_user):
    g = make_bank_guarantee()
    no = g.guarantee_no
    assert ibk.post(f"/guarantees/{no}/loan-executions", _execution(g)).status_code == 201

    repaid = ibk.post(
        f"/guarantees/{no}/repayments",
        {"paid_on": "2026-02-01", "loan_principal_krw": 2_000_000, "loan_balance_krw": 18_000_000},
    )
    assert repaid.status_code == 201
    body = repaid.json()
    assert body["event"]["kind"] == "repayment" and body["event"]["amount_krw"] == 1_700_000
    assert body["outstanding_krw"] == 15_300_000 and body["status"] == "active"

    default = ibk.post(
        f"/guarantees/{no}/defaults",
        {"default_on": "2026-03-01", "overdue_principal_krw": 18_000_000, "reason": "3개월 연체"},
    )
    assert default.status_code == 201 and default.json()["status"] == "accident"
    assert default.json()["event"]["amount_krw"] == 15_300_000

    claim = ibk.post(
        f"/guarantees/{no}/subrogation-claims",
        {"claimed_on": "2026-04-01", "principal_krw": 18_000_000, "interest_krw": 100_000},
    )
    assert claim.status_code == 201
    claim = claim.json()
    assert claim["status"] == "received" and claim["payable_krw"] == 15_385_000
    assert ibk.get(f"/subrogation-claims/{claim['id']}").json() == claim


def test_maturity_settlement_extended_and_repaid(ibk, make_bank_guarantee):
    g = make_bank_guarantee(matures_on=dt.date(2026, 6, 30))
    h = make_bank_guarantee()
    for x in (g, h):
        ibk.post(f"/guarantees/{x.guarantee_no}/loan-executions", _execution(x))

    extended = ibk.post(
        f"/guarantees/{g.guarantee_no}/maturity-settlements",
        {"settled_on": "2026-06-01", "outcome": "extended", "new_matures_on": "2027-06-30"},
    ).json()
    assert extended["event"] is None and extended["book_request"]["status"] == "pending"
    assert extended["book_request"]["kind"] == "extension"

    repaid = ibk.post(
        f"/guarantees/{h.guarantee_no}/maturity-settlements",
        {"settled_on": "2026-06-01", "outcome": "repaid"},
    ).json()
    assert repaid["event"]["kind"] == "termination" and repaid["status"] == "terminated"
    assert repaid["outstanding_krw"] == 0


def test_a_monthly_report_is_reconciled(ibk, make_bank_guarantee):
    g = make_bank_guarantee()
    missing = make_bank_guarantee()
    response = ibk.post(
        "/monthly-reports",
        {
            "month": "2026-02",
            "rows": [{"guarantee_no": g.guarantee_no, "loan_balance_krw": 19_000_000}],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["month"], body["row_count"], body["matched_count"]) == ("2026-02", 1, 0)
    kinds = {(d["kind"], d["guarantee_no"]) for d in body["differences"]}
    assert kinds == {("balance", g.guarantee_no), ("missing", missing.guarantee_no)}
    assert ibk.get(f"/monthly-reports/{body['id']}").json() == body


def test_another_banks_report_ids_are_404(ibk, shinhan, make_bank_guarantee):
    make_bank_guarantee()
    report = ibk.post("/monthly-reports", {"month": "2026-02", "rows": []}).json()
    _problem(shinhan.get(f"/monthly-reports/{report['id']}"), 404, "not_found")
    _problem(shinhan.get("/subrogation-claims/999999"), 404, "not_found")


# ----------------------------------------------------------------------------- idempotency


def test_same_key_same_body_same_answer_other_body_409(ibk, make_bank_guarantee):
    g = make_bank_guarantee()
    path = f"/guarantees/{g.guarantee_no}/loan-executions"
    first = ibk.post(path, _execution(g, loan_amount_krw=10_000_000), key="abc-1")
    again = ibk.post(path, _execution(g, loan_amount_krw=10_000_000), key="abc-1")

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert LoanExecution.objects.count() == 1 and GuaranteeEvent.objects.count() == 1
    _problem(
        ibk.post(path, _execution(g, loan_amount_krw=9_000_000), key="abc-1"),
        409,
        "idempotency_key_reused",
    )
    _problem(ibk.post(path, _execution(g), key=None), 400, "idempotency_key_missing")
    _problem(ibk.post(path, _execution(g), key="한글 키"), 400, "idempotency_key_invalid")
    # a new key for the same report is a second report: refused by the book, not replayed
    _problem(ibk.post(path, _execution(g, loan_amount_krw=10_000_000)), 409, "already_executed")


def test_every_call_is_logged_with_who_what_and_where(ibk, make_bank_guarantee):
    g = make_bank_guarantee()
    ibk.client.get(
        f"{BASE}/guarantees/{g.guarantee_no}",
        REMOTE_ADDR="10.1.2.3",
        HTTP_USER_AGENT="ibk-core/1",
        **ibk.auth,
    )
    ibk.post(f"/guarantees/{g.guarantee_no}/loan-executions", _execution(g, loan_amount_krw=0))

    read, refused = BankApiCall.objects.order_by("id")
    assert (read.bank.code, read.method, read.status, read.guarantee_no) == (
        "IBK",
        "GET",
        200,
        g.guarantee_no,
    )
    assert read.ip_address == "10.1.2.3" and read.user_agent == "ibk-core/1"
    assert read.operation == "guarantee_detail" and read.key_prefix.startswith("bk_")
    assert (refused.status, refused.problem_code) == (422, "validation_failed")
    assert refused.idempotency_key


def test_the_auditor_sees_the_calls_and_no_one_else(client, ibk, make_user, make_bank_guarantee):
    g = make_bank_guarantee()
    ibk.get(f"/guarantees/{g.guarantee_no}")

    client.force_login(make_user("reviewer", "NAMDONG"))
    assert client.get("/bank/api-calls/").status_code == 403
    client.force_login(make_user("auditor"))
    page = client.get("/bank/api-calls/", {"bank": "IBK"})
    assert page.status_code == 200
    text = page.content.decode()
    assert f"/api/bank/v1/guarantees/{g.guarantee_no}" in text and "IBK기업은행" in text


# ----------------------------------------------------------------------------- keys


def test_the_command_prints_the_key_alone_on_its_last_line(banks, capsys):
    call_command("bank_api_key", "create", "--bank", "신한은행")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("bk_") and "." in key
    assert Bank(key).get("/guarantees").status_code == 200
    call_command("bank_api_key", "create", "--bank", "IBK")
    call_command("bank_api_key", "list")
    listing = capsys.readouterr().out
    assert "SHINHAN" in listing and "IBK" in listing and key not in listing
    prefix = key.split(".")[0]
    call_command("bank_api_key", "revoke", "--prefix", prefix)
    assert Bank(key).get("/guarantees").status_code == 401


def test_an_unknown_bank_is_a_command_error(banks):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="은행 'NOPE'"):
        call_command("bank_api_key", "create", "--bank", "NOPE")


def test_nothing_stored_but_the_hash(banks):
    issued = api_key_issue(bank=banks["IBK"])
    assert issued.key not in str(list(type(issued.record).objects.values()))
    assert not IdempotencyRecord.objects.exists() and not BankReport.objects.exists()
    assert not MonthlyReport.objects.exists()


def test_a_sysadmin_issues_and_revokes_a_key_in_the_admin(client, sysadmin, banks):
    from guarantees.models import BankApiKey

    client.force_login(sysadmin)
    response = client.post(
        "/admin/guarantees/bankapikey/add/",
        {"bank": banks["IBK"].pk, "label": "여신계"},
        follow=True,
    )
    assert response.status_code == 200
    record = BankApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    key = next(word for m in shown for word in m.split() if word.startswith(record.prefix + "."))
    assert Bank(key).get("/guarantees").status_code == 200
    assert key not in str(BankApiKey.objects.values().get())

    client.post(
        "/admin/guarantees/bankapikey/",
        {"action": "revoke", "_selected_action": [record.pk]},
    )
    assert Bank(key).get("/guarantees").status_code == 401


def test_a_second_maturity_repayment_is_a_problem_and_books_nothing(ibk, make_bank_guarantee):
    g = make_bank_guarantee()
    ibk.post(f"/guarantees/{g.guarantee_no}/loan-executions", _execution(g))
    path = f"/guarantees/{g.guarantee_no}/maturity-settlements"
    body = {"settled_on": "2026-06-01", "outcome": "repaid"}
    assert ibk.post(path, body).status_code == 201
    events = GuaranteeEvent.objects.filter(guarantee=g).count()
    _problem(ibk.post(path, body), 409, "guarantee_closed")
    assert GuaranteeEvent.objects.filter(guarantee=g).count() == events
