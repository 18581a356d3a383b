"""Every change to what decides is recorded (issue 15 item 2): who, when, before and after on a
history page beside the thing; approval authorities, review thresholds and multiplier
thresholds take a second person (maker-checker)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from common.history import change_history
from common.makerchecker import ProposalError, change_approve
from common.models import ChangeProposal, ProposalStatus
from guarantees.models import ApprovalAuthority, ReviewPolicy
from ledger.models import MultiplierThreshold


@pytest.fixture
def second_admin(make_user):
    return make_user("sysadmin", "STRATEGY", is_staff=True, is_superuser=True)


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_an_authority_change_waits_for_a_second_person_and_is_then_recorded(
    client, sysadmin, second_admin
):
    authority = ApprovalAuthority.objects.create(role="branch_manager", max_amount_krw=50_000_000)
    url = reverse("admin:guarantees_approvalauthority_change", args=[authority.pk])
    _login(client, sysadmin)
    response = client.post(
        url, {"role": "branch_manager", "max_amount_krw": "70000000", "_save": "저장"}
    )
    assert response.status_code == 302
    authority.refresh_from_db()
    assert authority.max_amount_krw == 50_000_000  # proposed, not applied
    proposal = ChangeProposal.objects.get()
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.before == {"max_amount_krw": 50_000_000}
    assert proposal.after == {"max_amount_krw": 70_000_000}

    # The maker cannot approve it, through the admin or the service.
    changelist = reverse("admin:common_changeproposal_changelist")
    client.post(changelist, {"action": "approve", "_selected_action": [proposal.pk]})
    authority.refresh_from_db()
    assert authority.max_amount_krw == 50_000_000
    with pytest.raises(ProposalError, match="자신이 제안한"):
        change_approve(proposal_id=proposal.pk, actor=sysadmin)

    _login(client, second_admin)
    client.post(changelist, {"action": "approve", "_selected_action": [proposal.pk]})
    authority.refresh_from_db()
    assert authority.max_amount_krw == 70_000_000
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLIED and proposal.decided_by == second_admin

    history = client.get(reverse("admin:guarantees_approvalauthority_history", args=[authority.pk]))
    text = history.content.decode()
    assert history.status_code == 200
    assert second_admin.get_username() in text and sysadmin.get_username() in text
    assert "50000000" in text and "70000000" in text and "전결 한도(원)" in text
    [latest, *_] = change_history(authority)
    assert latest.kind == "변경" and second_admin.get_username() in latest.who


@pytest.mark.django_db
def test_a_stale_proposal_is_refused(client, sysadmin, second_admin):
    policy = ReviewPolicy.current()
    _login(client, sysadmin)
    client.post(
        reverse("admin:guarantees_reviewpolicy_change", args=[policy.pk]),
        {"pre_audit_threshold_krw": "150000000", "monitoring_threshold_krw": "30000000"},
    )
    proposal = ChangeProposal.objects.get()
    ReviewPolicy.objects.filter(pk=policy.pk).update(pre_audit_threshold_krw=120_000_000)
    with pytest.raises(ProposalError, match="다시 제안"):
        change_approve(proposal_id=proposal.pk, actor=second_admin)
    policy.refresh_from_db()
    assert policy.pre_audit_threshold_krw == 120_000_000


@pytest.mark.django_db
def test_a_new_multiplier_threshold_is_a_proposal_too(client, sysadmin, second_admin):
    before = MultiplierThreshold.objects.count()
    _login(client, sysadmin)
    client.post(
        reverse("admin:ledger_multiplierthreshold_add"),
        {"name": "2027 기준", "warning": "10", "limit": "12", "effective_from": "2027-01-01"},
    )
    assert MultiplierThreshold.objects.count() == before
    proposal = ChangeProposal.objects.get()
    threshold = change_approve(proposal_id=proposal.pk, actor=second_admin)
    assert threshold.limit == Decimal("12") and threshold.effective_from == dt.date(2027, 1, 1)
    assert (
        client.post(
            reverse("admin:ledger_multiplierthreshold_delete", args=[threshold.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_a_programme_change_in_the_admin_shows_who_before_and_after(client, sysadmin, programs):
    from programs.models import Program

    program = programs["COVID19"]
    Program.objects.filter(pk=program.pk).update(name="바뀐 이름")  # no user: "시스템"
    _login(client, sysadmin)
    page = client.get(reverse("admin:programs_program_history", args=[program.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "바뀐 이름" in text and "시스템" in text


@pytest.mark.django_db
def test_a_deleted_register_row_leaves_a_trace(client, strategy):
    from reports.models import SupplyPlan, SupplyPlanEvent

    plan = SupplyPlan.objects.create(year=2030, count=10, amount_krw=1_000_000_000)
    _login(client, strategy)
    client.post(reverse("reports:register_edit", args=["supply-plan", plan.pk]), {"delete": "1"})
    assert not SupplyPlan.objects.filter(pk=plan.pk).exists()
    deleted = SupplyPlanEvent.objects.get(pgh_obj_id=plan.pk, pgh_label="delete")
    assert deleted.year == 2030 and deleted.pgh_context.metadata["user"] == strategy.pk


@pytest.mark.django_db
def test_a_business_profile_change_is_recorded_with_its_owner(organisation, programs):
    from accounts.models import User
    from tests.guarantees.applicant.conftest import make_business

    owner = User.objects.create_user(username="hist@example.com", email="hist@example.com")
    business = make_business(owner)
    from guarantees.applicant.services import business_profile_save

    business.credit_score = 900
    business_profile_save(business=business, owner=owner, sido="인천광역시")
    [latest, *_] = change_history(business)
    assert latest.kind == "변경" and "hist@example.com" in latest.who
    assert any(name == "신용점수(자기 신고)" and after == 900 for name, _, after in latest.fields)
