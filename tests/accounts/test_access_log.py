"""개인정보 접근기록: every staff page, file and export that carries personal data writes one
row (who, when, what, from where, action); the table refuses UPDATE and DELETE; the audit office
filters, pages through and exports it (the export is logged too)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.access_log import client_ip
from accounts.models import AccessAction, PersonalDataAccess
from tests.test_access_matrix import MATRIX, STAFF, personas, world  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db

V, D, E = AccessAction.VIEW, AccessAction.DOWNLOAD, AccessAction.EXPORT

# url name → (persona who may see it, action, what the row says, object id kind)
PERSONAL_DATA = {
    "guarantees:review:application": ("reviewer", V, "신청서 상세", "application"),
    "guarantees:review:history": ("auditor", V, "신청 이력", "application"),
    "guarantees:review:business_history": ("reviewer", V, "사업자 정보 변경 이력", "application"),
    "guarantees:review:document": ("hq_sales", D, "제출서류 다운로드", "document"),
    "guarantees:review:credit_report": ("reviewer", D, "신용조회 보고서 다운로드", "credit_report"),
    "guarantees:review:monitoring": ("auditor", V, "모니터링 목록", None),
    "guarantees:review:monitoring_csv": ("auditor", E, "모니터링 CSV", None),
    "guarantees:review:monitoring_xlsx": ("auditor", E, "모니터링 엑셀", None),
    "guarantees:book_guarantee": ("branch_manager", V, "보증 상세", "guarantee_no"),
    "guarantees:book_guarantee_events_xlsx": (
        "branch_manager",
        E,
        "보증 사후관리 이력 엑셀",
        "guarantee_no",
    ),
    "guarantees:bank_desk:guarantees_xlsx": ("bank_officer", E, "은행 보증 목록 엑셀", None),
    "guarantees:consultations": ("counsellor", V, "상담 기록 목록", None),
    "accounts:access_log": ("auditor", V, "개인정보 접근기록", None),
    "accounts:access_log_csv": ("auditor", E, "개인정보 접근기록 CSV", None),
    "accounts:access_log_xlsx": ("auditor", E, "개인정보 접근기록 엑셀", None),
    "bank_api_calls": ("auditor", V, "은행 API 호출 기록", None),
    "guarantees:bank_desk:guarantee": ("bank_officer", V, "은행 데스크 보증 상세", "guarantee_no"),
    "guarantees:bank_staff:decisions": ("hq_sales", V, "결정 대기 목록", None),
    "guarantees:bank_staff:decisions_xlsx": ("hq_sales", E, "결정 대기 목록 엑셀", None),
    "guarantees:overdue": ("reviewer", V, "기한경과 목록", None),
    "guarantees:overdue_csv": ("hq_sales", E, "기한경과 CSV", None),
    "guarantees:overdue_xlsx": ("auditor", E, "기한경과 엑셀", None),
    "guarantees:bank_desk:overdue": ("bank_officer", V, "은행 데스크 기한경과 목록", None),
    "guarantees:bank_desk:overdue_csv": ("bank_officer", E, "은행 데스크 기한경과 CSV", None),
    "guarantees:bank_desk:overdue_xlsx": ("bank_officer", E, "은행 데스크 기한경과 엑셀", None),
    "guarantees:round": ("contributor_officer", V, "공고 심의 상세", "call_round"),
    "guarantees:round_minutes": ("contributor_officer", D, "위원회 회의록 파일", "call_round"),
    "courses:detail": ("counsellor", V, "교육 과정 수강생 명단", "course"),
}

# Staff GET pages about one object, or exports, that show no personal data (with the reason).
NOT_PERSONAL = {
    "reports:run": "보고서 작성 진행 상황: 집계 수치뿐",
    "guarantees:stress_run": "위험 모의실험: 장부 전체의 집계와 추정치뿐",
    "reports:download": "행정사무감사 보고서: 집계 수치와 재단 조직 정보",
    "reports:tables_xlsx": "행정사무감사 보고서의 표: 집계 수치와 재단 조직 정보",
    "reports:finding_edit": "감사 지적사항: 업무 기록, 개인 정보 없음",
    "reports:register_edit": "예산·계획 등 기초자료",
    "reports:register_add": "예산·계획 등 기초자료",
    "guarantees:contributor_pledge_csv": "출연 상품의 연도별 공급 실적: 집계 수치뿐",
    "guarantees:contributor_pledge_xlsx": "출연 상품의 연도별 공급 실적: 집계 수치뿐",
    "reports:pledges_xlsx": "공약 이행 현황: 상품·연도별 집계 수치뿐",
    "reports:registers_xlsx": "예산·계획·지적사항·사무분장 등 기초자료: 개인 정보 없음",
    "guarantees:bank_desk:monthly_differences_xlsx": "대사 차이: 보증번호와 잔액뿐 (상호 없음)",
    # 변경 이력 of what decides (issue 15): the rules' values and the staff who changed them.
    "programs:history": "보증 상품·자격 조건의 변경 이력: 업무 기준과 변경한 직원뿐",
    "guarantees:review_criteria_history": "심사 기준의 변경 이력: 업무 기준과 변경한 직원뿐",
    "reports:register_history": "기초자료의 변경 이력: 예산·계획·지적사항과 변경한 직원뿐",
    "reports:register_kind_history": "기초자료의 변경 이력: 예산·계획·지적사항과 변경한 직원뿐",
    "guarantees:book_subsidy_claim": "이차보전 청구: 보증번호·금리·금액뿐, 업체·대표자 정보 없음",
    "guarantees:contributor_claim": "이차보전 청구: 보증번호·금리·금액뿐, 업체·대표자 정보 없음",
}


def _views():
    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in ("admin", "bank_api"):
                    # The admin logs on its own; the bank API has no staff session (Bearer
                    # keys) and keeps every call in BankApiCall (tests/guarantees/bank).
                    continue
                ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                yield from walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{prefix}{entry.name}", entry

    return dict(walk(get_resolver().url_patterns))


def test_every_staff_object_page_and_export_is_logged_or_explained():
    """A staff GET URL naming one object, or a CSV, must carry @logs_personal_data or say here
    why it shows no personal data — so a new detail page cannot forget the log."""
    views = _views()
    decorated = {n for n, p in views.items() if getattr(p.callback, "personal_data", None)}
    assert set(PERSONAL_DATA) <= decorated, set(PERSONAL_DATA) - decorated
    # The others are POST actions that re-show a logged page (an htmx swap, a form error).
    assert all(MATRIX[n].methods == {"POST"} for n in decorated - set(PERSONAL_DATA))
    for name, pattern in views.items():
        rule = MATRIX[name]
        staff_reads = (rule.allowed & STAFF) and "GET" in rule.methods and not rule.public
        object_page = bool(pattern.pattern.converters) or name.endswith(("_csv", "_xlsx"))
        if staff_reads and object_page:
            assert name in PERSONAL_DATA or name in NOT_PERSONAL, f"{name}: log it or explain"


def _object_id(kind, objects):
    return str(objects[kind]) if kind else ""


def _url(name, objects):
    if name == "guarantees:review:document":
        return reverse(name, args=[objects["application"], objects["document"]])
    if name == "guarantees:review:credit_report":
        return reverse(name, args=[objects["application"], objects["credit_report"]])
    if name.startswith("guarantees:review:") and "monitoring" not in name:
        return reverse(name, args=[objects["application"]])
    if name == "courses:detail":
        return reverse(name, args=[objects["course"]])
    if name in ("guarantees:round", "guarantees:round_minutes"):
        return reverse(name, args=[objects["call_round"]])
    if name in (
        "guarantees:book_guarantee",
        "guarantees:book_guarantee_events_xlsx",
        "guarantees:bank_desk:guarantee",
    ):
        return reverse(name, args=[objects["guarantee_no"]])
    return reverse(name)


@pytest.mark.parametrize("name", sorted(PERSONAL_DATA))
def test_each_personal_data_url_writes_exactly_one_row(client, personas, world, name):  # noqa: F811
    persona, action, data, kind = PERSONAL_DATA[name]
    user = personas[persona]
    client.force_login(user)
    before = PersonalDataAccess.objects.count()
    response = client.get(_url(name, world), REMOTE_ADDR="198.51.100.23")
    assert response.status_code == 200
    rows = list(PersonalDataAccess.objects.order_by("-id"))
    assert PersonalDataAccess.objects.count() == before + 1, rows
    row = rows[0]
    assert (row.user_id, row.username, row.action, row.data) == (
        user.pk,
        user.username,
        action,
        data,
    )
    assert row.object_id == _object_id(kind, world)
    assert row.ip_address == "198.51.100.23" and row.role == persona.replace("other_", "")
    assert timezone.now() - row.at < dt.timedelta(minutes=1)


def test_an_action_that_re_shows_the_page_logs_it(client, personas, world):  # noqa: F811
    client.force_login(personas["reviewer"])
    url = reverse("guarantees:review:verify", args=[world["application"]])
    response = client.post(url, {"note": ""}, HTTP_HX_REQUEST="true")  # refused: already issued
    assert response.status_code == 200 and "notice danger" in response.content.decode()
    row = PersonalDataAccess.objects.get()
    assert (row.data, row.object_id) == ("신청서 상세", str(world["application"]))


def test_refused_and_not_found_requests_write_nothing(client, personas, world):  # noqa: F811
    client.force_login(personas["other_branch_reviewer"])
    assert client.get(_url("guarantees:review:application", world)).status_code == 404
    client.force_login(personas["counsellor"])
    assert client.get(_url("guarantees:review:application", world)).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_an_applicant_reading_their_own_data_is_not_logged(client, personas, world):  # noqa: F811
    client.force_login(personas["applicant"])
    status = reverse("guarantees:applicant:status", args=[world["application"]])
    document = reverse("guarantees:applicant:document", args=[world["document"]])
    assert client.get(status).status_code == 200
    assert client.get(document).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_the_log_refuses_update_and_delete(client, personas, world):  # noqa: F811
    client.force_login(personas["reviewer"])
    client.get(_url("guarantees:review:application", world))
    row = PersonalDataAccess.objects.get()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        PersonalDataAccess.objects.filter(pk=row.pk).update(data="지운 흔적")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        PersonalDataAccess.objects.filter(pk=row.pk).delete()
    assert PersonalDataAccess.objects.get().data == "신청서 상세"


class _Request:
    def __init__(self, **meta):
        self.META = meta


@pytest.mark.parametrize(
    ("hops", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, "10.0.0.5"),
        (1, {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "203.0.113.7"),
        # a client that sends its own X-Forwarded-For: only the proxy's hop is believed
        (
            1,
            {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"},
            "203.0.113.7",
        ),
        (
            2,
            {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7, 10.0.0.9"},
            "203.0.113.7",
        ),
        (1, {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "not-an-ip"}, None),
        (1, {"REMOTE_ADDR": "10.0.0.5"}, "10.0.0.5"),  # no header: the proxy was bypassed
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, hops, meta, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    assert client_ip(_Request(**meta)) == expected


def _log(user, *, at, action=V, data="신청서 상세", object_type="신청서", object_id="1"):
    return PersonalDataAccess.objects.create(
        at=at,
        user=user,
        username=user.username,
        role="reviewer",
        action=action,
        data=data,
        object_type=object_type,
        object_id=object_id,
        ip_address="127.0.0.1",
        path="/x",
    )


def test_the_audit_office_filters_and_pages_through_the_log(client, auditor, reviewer, hq_sales):
    day = timezone.make_aware(dt.datetime(2026, 11, 2, 10, 0))
    for i in range(60):
        _log(reviewer, at=day + dt.timedelta(minutes=i), object_id=str(i))
    _log(hq_sales, at=day - dt.timedelta(days=5), action=D, data="제출서류 다운로드")
    client.force_login(auditor)
    url = reverse("accounts:access_log")

    page = client.get(url, {"who": reviewer.username}).content.decode()
    assert "60건 중 1~50" in page
    page2 = client.get(url, {"who": reviewer.username, "page": 2}).content.decode()
    assert "60건 중 51~60" in page2
    by_action = client.get(url, {"action": "download"}).content.decode()
    assert "제출서류 다운로드" in by_action and "1건" in by_action
    by_date = client.get(url, {"date_from": "2026-10-28", "date_to": "2026-10-28"}).content
    assert "1건" in by_date.decode()
    by_object = client.get(url, {"object_type": "신청서", "object_id": "7"}).content.decode()
    assert "1건" in by_object


def test_bad_filters_are_explained_in_korean(client, auditor):
    client.force_login(auditor)
    url = reverse("accounts:access_log")
    response = client.get(url, {"date_from": "2026-11-05", "date_to": "2026-11-01"})
    assert response.status_code == 400
    assert "끝 날짜가 시작 날짜보다 앞설 수 없습니다." in response.content.decode()
    response = client.get(url, {"date_from": "어제"})
    assert response.status_code == 400
    assert "날짜를 2026-01-31처럼 입력해 주세요." in response.content.decode()
    assert client.get(reverse("accounts:access_log_csv"), {"date_to": "x"}).status_code == 400


def test_the_csv_export_escapes_formulas_and_is_logged(client, auditor, make_user):
    hostile = make_user("reviewer", "NAMDONG", username='=HYPERLINK("http://x")')
    _log(hostile, at=timezone.now(), object_id="-5", object_type="+cmd")
    client.force_login(auditor)
    response = client.get(reverse("accounts:access_log_csv"), {"who": "HYPERLINK"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["일시", "접근자", "역할", "행위"]
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][5] == "'+cmd" and rows[1][6] == "'-5"
    exported = PersonalDataAccess.objects.filter(user=auditor).get()
    assert (exported.action, exported.data) == (E, "개인정보 접근기록 CSV")
    assert "who=HYPERLINK" in exported.path


def test_admin_change_pages_are_logged_and_lists_masked(client, personas, world):  # noqa: F811
    from guarantees.models import Business

    admin = personas["sysadmin"]
    owner = personas["applicant"]
    owner.mobile = "010-1234-5678"
    owner.save(update_fields=["mobile"])
    business = Business.objects.get(owner=owner)
    client.force_login(admin)
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "010-****-5678" in users and "010-1234-5678" not in users
    businesses = client.get(reverse("admin:guarantees_business_changelist")).content.decode()
    birth = business.representative_birth_date
    assert f"{birth.year}-**-**" in businesses and birth.isoformat() not in businesses
    assert not PersonalDataAccess.objects.exists()  # masked lists are not logged
    client.get(reverse("admin:guarantees_business_change", args=[business.pk]))
    client.get(reverse("admin:accounts_user_change", args=[owner.pk]))
    logged = set(PersonalDataAccess.objects.values_list("data", "object_id"))
    assert logged == {
        ("사업자 정보(관리자)", str(business.pk)),
        ("사용자 정보(관리자)", str(owner.pk)),
    }
