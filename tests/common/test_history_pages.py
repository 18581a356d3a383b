"""변경 이력 in the portal, beside each thing (issue 15 item 2): who, when, each field before →
after in Korean, paginated, with the maker-checker proposals; the same people who may see the
thing may see its history, and nobody else (the access matrix has every URL × persona)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.history_views import PAGE_SIZE
from accounts.models import PersonalDataAccess
from common.makerchecker import change_approve, change_propose
from guarantees.models import ApprovalAuthority
from ledger.models import MultiplierThreshold
from reports.models import SupplyPlan
from tests.test_access_matrix import personas, world  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_an_authority_change_shows_maker_checker_before_and_after(
    client, sysadmin, strategy, hq_sales, applicant, counsellor
):
    authority = ApprovalAuthority.objects.create(role="branch_manager", max_amount_krw=50_000_000)
    proposed = ApprovalAuthority.objects.get(pk=authority.pk)
    proposed.max_amount_krw = 70_000_000
    proposal = change_propose(obj=authority, proposed=proposed, actor=sysadmin)
    url = reverse("guarantees:review_criteria_history", args=["authority"])

    status, text = _page(client, hq_sales, url)
    assert status == 200
    assert "승인 대기" in text and sysadmin.get_username() in text  # proposed, not applied
    assert "50000000" in text and "70000000" in text and "전결 한도(원)" in text

    change_approve(proposal_id=proposal.pk, actor=strategy)
    status, text = _page(client, hq_sales, url)
    assert "승인·적용" in text
    history = text.split('id="change-history"')[1]
    # The change row names the checker who applied it and the maker who proposed it.
    assert strategy.get_username() in history and f"변경 제안 #{proposal.pk}" in history
    assert "50000000" in history and "70000000" in history

    # The criteria page shows the values and links the history.
    status, text = _page(client, hq_sales, reverse("guarantees:review_criteria"))
    assert status == 200 and "7,000만원 이하" in text and url in text
    for outsider in (applicant, counsellor):
        assert _page(client, outsider, url)[0] == 403


def test_a_programme_page_links_its_history_with_its_rules(client, programs, strategy, applicant):
    from programs.models import EligibilityRule

    program = programs["COVID19"]
    rule = program.rules.first()
    assert rule is not None
    EligibilityRule.objects.filter(pk=rule.pk).update(explanation="바뀐 안내 문구")

    url = reverse("programs:history", args=[program.code])
    status, text = _page(client, strategy, url)
    assert status == 200 and "바뀐 안내 문구" in text and "안내 문구" in text
    assert "자격 조건:" in text  # the rule's row names which rule changed
    detail = client.get(reverse("programs:detail", args=[program.code])).content.decode()
    assert url in detail
    client.force_login(applicant)
    assert url not in client.get(reverse("programs:detail", args=[program.code])).content.decode()
    assert client.get(url).status_code == 403


def test_a_register_row_edited_then_deleted_keeps_its_page(client, strategy, executive, reviewer):
    plan = SupplyPlan.objects.create(year=2031, count=10, amount_krw=1_000_000_000)
    client.force_login(strategy)
    edit = reverse("reports:register_edit", args=["supply-plan", plan.pk])
    response = client.post(edit, {"year": "2031", "count": "12", "amount_krw": "1000000000"})
    assert response.status_code == 302
    client.post(edit, {"delete": "1"})
    assert not SupplyPlan.objects.filter(pk=plan.pk).exists()

    url = reverse("reports:register_history", args=["supply-plan", plan.pk])
    status, text = _page(client, executive, url)
    assert status == 200 and "(삭제됨)" in text
    assert "삭제" in text and "변경" in text and "계획 건수" in text
    assert strategy.get_username() in text  # the middleware recorded who
    rows = text.split('id="change-history"')[1].split("<tbody>")[1]
    assert rows.index(">삭제<") < rows.index(">변경<") < rows.index(">추가<")  # newest first
    whole = reverse("reports:register_kind_history", args=["supply-plan"])
    status, text = _page(client, executive, whole)
    assert status == 200 and "2031년 보증공급 계획" in text
    assert _page(client, reviewer, url)[0] == 403
    missing = reverse("reports:register_history", args=["supply-plan", 999_999])
    assert _page(client, executive, missing)[0] == 404


def test_the_history_is_paginated(client, auditor):
    threshold = MultiplierThreshold.objects.create(
        name="페이지 기준", warning=10, limit=12, effective_from="2030-01-01"
    )
    for warning in range(11, 11 + PAGE_SIZE + 5):  # the insert and PAGE_SIZE + 5 updates
        MultiplierThreshold.objects.filter(pk=threshold.pk).update(warning=warning)
    url = reverse("ledger:threshold_history")
    status, text = _page(client, auditor, url)
    assert status == 200 and f"1~{PAGE_SIZE}" in text and "다음" in text
    status, text = _page(client, auditor, f"{url}?page=2")
    assert status == 200 and "이전" in text and "경고 배수" in text
    assert "추가" in text  # the oldest event, the insert, is on the last page


def test_the_business_history_is_the_applications_readers_and_logged(
    client,
    personas,  # noqa: F811 — the access matrix's fixtures
    world,  # noqa: F811
    reviewer,
    other_branch_reviewer,
):
    from guarantees.applicant.services import business_profile_save
    from guarantees.models import Application

    app = Application.objects.select_related("business").get(pk=world["application"])
    business = app.business
    business.employees = 17
    business_profile_save(business=business, owner=personas["applicant"], sido="인천광역시")
    url = reverse("guarantees:review:business_history", args=[app.pk])

    before = PersonalDataAccess.objects.count()
    status, text = _page(client, reviewer, url)
    assert status == 200 and "상시근로자 수" in text and "17" in text
    assert personas["applicant"].get_username() in text
    assert PersonalDataAccess.objects.count() == before + 1
    page = client.get(reverse("guarantees:review:application", args=[app.pk])).content.decode()
    assert url in page
    assert _page(client, other_branch_reviewer, url)[0] == 404
