"""디딤돌센터 상담 기록: counsellors log consultations; the count feeds target and report."""

import datetime as dt

import pytest
from django.urls import reverse

from guarantees.models import Consultation

pytestmark = pytest.mark.django_db


def test_counsellor_logs_a_walk_in_consultation(client, counsellor):
    client.force_login(counsellor)
    response = client.post(
        reverse("guarantees:consultation_new"),
        {
            "date": dt.date.today().isoformat(),
            "channel": "phone",
            "topic": "unfair_trade",
            "walk_in_name": "김방문",
            "outcome": "불공정거래 피해상담센터 연계",
        },
    )
    assert response.status_code == 302
    c = Consultation.objects.get()
    assert (c.counsellor, c.topic, c.walk_in_name) == (counsellor, "unfair_trade", "김방문")
    page = client.get(reverse("guarantees:consultations"))
    assert "김방문" in page.text


def test_it_requires_a_business_or_a_walk_in_name(client, counsellor):
    client.force_login(counsellor)
    response = client.post(
        reverse("guarantees:consultation_new"),
        {
            "date": dt.date.today().isoformat(),
            "channel": "visit",
            "topic": "startup",
            "outcome": "x",
        },
    )
    assert response.status_code == 200
    assert "사업자등록번호 또는 방문객 성명" in response.text
    assert not Consultation.objects.exists()


def test_list_filters_by_topic_with_htmx(client, counsellor):
    from guarantees.consultations.services import consultation_record

    for topic, name in (("startup", "창업자"), ("restart", "재기자")):
        consultation_record(
            counsellor=counsellor,
            date=dt.date.today(),
            channel="visit",
            topic=topic,
            outcome="상담",
            walk_in_name=name,
        )
    client.force_login(counsellor)
    response = client.get(
        reverse("guarantees:consultations") + "?topic=restart", headers={"HX-Request": "true"}
    )
    assert "재기자" in response.text and "창업자" not in response.text
    assert "<html" not in response.text


def test_other_roles_cannot_log_consultations(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("guarantees:consultation_new")).status_code == 403
