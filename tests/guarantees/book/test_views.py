"""Book pages: branch staff see their branch only; request → someone else approves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from guarantees.book.selectors import guarantee_balances
from guarantees.models import BookRequest

from .factories import make_guarantee


@pytest.fixture
def guarantee(organisation, programs):
    return make_guarantee(
        branch=organisation["NAMDONG"], amount_krw=10_000_000, issued_on=dt.date(2020, 1, 2)
    )


@pytest.mark.django_db
def test_a_reviewer_requests_and_the_branch_manager_approves(
    client, guarantee, reviewer, branch_manager
):
    client.force_login(reviewer)
    url = reverse("guarantees:book_request", args=[guarantee.guarantee_no])
    response = client.post(
        url, {"kind": "repayment", "date": "2020-06-01", "amount_krw": "4000000"}
    )
    assert response.status_code == 302
    request = BookRequest.objects.get()

    client.force_login(branch_manager)
    page = client.get(reverse("guarantees:book_guarantee", args=[guarantee.guarantee_no]))
    assert "승인" in page.content.decode()
    client.post(reverse("guarantees:book_decide", args=[request.id]), {"approve": "1"})

    assert guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"] == 6_000_000


@pytest.mark.django_db
def test_an_impossible_request_is_a_form_error_not_a_500(client, guarantee, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("guarantees:book_request", args=[guarantee.guarantee_no]),
        {"kind": "repayment", "date": "2020-06-01", "amount_krw": "99000000"},
    )
    assert response.status_code == 400
    assert "음수" in response.content.decode()


@pytest.mark.django_db
def test_another_branch_cannot_see_the_guarantee(client, guarantee, other_branch_reviewer):
    client.force_login(other_branch_reviewer)
    response = client.get(reverse("guarantees:book_guarantee", args=[guarantee.guarantee_no]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_applicant_is_refused(client, guarantee, applicant):
    client.force_login(applicant)
    assert client.get(reverse("guarantees:book_home")).status_code == 403


@pytest.mark.django_db
def test_the_subsidy_page_renders(client, guarantee, hq_sales):
    client.force_login(hq_sales)
    response = client.get(reverse("guarantees:book_subsidy"), {"year": "2020"})
    assert response.status_code == 200
    assert "이차보전" in response.content.decode()
