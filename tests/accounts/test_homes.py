"""Each role lands on its own page after login and cannot open another role's."""

import pytest
from django.urls import reverse

from accounts.homes import HOME_URL_NAMES
from accounts.models import Role

pytestmark = pytest.mark.django_db

PERSONAS = {
    Role.APPLICANT: "applicant",
    Role.REVIEWER: "reviewer",
    Role.BRANCH_MANAGER: "branch_manager",
    Role.HQ_SALES: "hq_sales",
    Role.AUDITOR: "auditor",
    Role.STRATEGY: "strategy",
    Role.COUNSELLOR: "counsellor",
    Role.EXECUTIVE: "executive",
    Role.SYSADMIN: "sysadmin",
    Role.BANK_OFFICER: "bank_officer",
    Role.CONTRIBUTOR_OFFICER: "contributor_officer",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_own_home(client, request, role):
    user = request.getfixturevalue(PERSONAS[role])
    client.force_login(user)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response.url == reverse(HOME_URL_NAMES[role])
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_a_role_cannot_open_another_roles_home(client, request, role):
    user = request.getfixturevalue(PERSONAS[role])
    client.force_login(user)
    own = reverse(HOME_URL_NAMES[role])
    others = {
        reverse(name)
        for other, name in HOME_URL_NAMES.items()
        if other != role and reverse(name) != own
    }
    # Auditors and executives also read the multiplier dashboard, which is strategy's home.
    shared = (
        {reverse("ledger:dashboard")}
        if role in (Role.AUDITOR, Role.EXECUTIVE, Role.HQ_SALES)
        else set()
    )
    for url in others - shared:
        response = client.get(url)
        assert response.status_code in (302, 403), (role, url, response.status_code)
        if response.status_code == 302:  # the admin sends non-staff to its own login
            assert "/admin/login/" in response.url


def test_an_anonymous_visitor_is_sent_to_the_korean_login_page(client):
    response = client.get(reverse("guarantees:branch_queue"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    page = client.get(reverse("accounts:login")).content.decode()
    assert "로그인" in page and 'lang="ko"' in page


def test_login_by_email_then_logout(client, applicant):
    response = client.post(
        reverse("accounts:login"), {"username": applicant.email, "password": "pw-for-tests-1"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).url == reverse("guarantees:my_applications")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 302


def test_a_wrong_password_gets_a_korean_error_and_keeps_the_username(client, applicant):
    response = client.post(
        reverse("accounts:login"), {"username": applicant.email, "password": "wrong"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "비밀번호가 올바르지 않습니다" in page
    assert applicant.email in page


def test_roles_exist_as_groups_with_permissions(db):
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names
    auditor = Group.objects.get(name="auditor")
    codenames = set(auditor.permissions.values_list("codename", flat=True))
    assert "view_journalentry" in codenames
    assert not any(c.startswith(("add_", "change_", "delete_")) for c in codenames)
