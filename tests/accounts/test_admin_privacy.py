"""Issue 18 rows 10 and 11: a signed-in member of staff who is not an admin gets a Korean 403
from /admin/ (no redirect loop); admin change pages of personal data are logged like the
portal's detail pages, and the admin's lists mask names and e-mails."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PersonalDataAccess
from accounts.privacy import mask_email, mask_name


def test_masks():
    assert mask_name("홍길동") == "홍*동" and mask_name("김민") == "김*" and mask_name("") == ""
    assert mask_name("남궁민수") == "남**수"
    assert mask_email("hong@example.com") == "ho***@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/admin/guarantees/guarantee/", "/admin/login/"])
def test_a_non_admin_staff_member_gets_a_korean_403_not_a_redirect_loop(client, reviewer, path):
    client.force_login(reviewer)
    response = client.get(path)
    assert response.status_code == 403
    assert "권한" in response.content.decode() or "관리자" in response.content.decode()


@pytest.mark.django_db
def test_an_applicant_gets_a_403_from_the_admin_too(client, applicant):
    client.force_login(applicant)
    assert client.get("/admin/").status_code == 403


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_the_portal_login(client):
    first = client.get("/admin/")
    assert first.status_code == 302
    second = client.get(first["Location"])
    assert second.status_code == 302 and not second["Location"].startswith("/admin/")


@pytest.mark.django_db
def test_the_user_list_masks_names_and_emails_and_the_change_page_is_logged(
    client, sysadmin, make_user
):
    person = make_user("applicant", None, first_name="홍길동", email="hong.gildong@example.com")
    client.force_login(sysadmin)
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "hong.gildong@example.com" not in listing and "홍길동" not in listing
    assert "ho***@example.com" in listing and "홍*동" in listing
    before = PersonalDataAccess.objects.count()
    page = client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert page.status_code == 200 and "hong.gildong@example.com" in page.content.decode()
    row = PersonalDataAccess.objects.order_by("-pk").first()
    assert PersonalDataAccess.objects.count() == before + 1
    assert row.object_id == str(person.pk) and row.username == sysadmin.username


@pytest.mark.django_db
def test_the_guarantee_change_page_is_logged(client, sysadmin, organisation, programs):
    from tests.guarantees.book.factories import make_guarantee

    guarantee = make_guarantee(branch=organisation["NAMDONG"], program=programs["COVID19"])
    client.force_login(sysadmin)
    assert (
        client.get(reverse("admin:guarantees_guarantee_change", args=[guarantee.pk])).status_code
        == 200
    )
    assert PersonalDataAccess.objects.filter(
        object_id=str(guarantee.pk), data="보증 정보(관리자)"
    ).exists()


@pytest.mark.django_db
def test_the_admin_uses_the_bundled_pretendard_gov(client, sysadmin):
    from django.contrib.staticfiles import finders

    client.force_login(sysadmin)
    page = client.get("/admin/").content.decode()
    assert "css/admin.css" in page
    css = open(finders.find("css/admin.css"), encoding="utf-8").read()
    assert '"Pretendard GOV"' in css and "--font-family-primary" in css
    assert finders.find("fonts/PretendardGOV-Regular.otf")
