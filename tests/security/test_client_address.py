"""Probe rows 6 and 7: one client-address helper (common.net.client_ip) behind the trusted
proxy, for the certificate check's rate limit and the e-agreement's signer address; the
certificate check answers from the database while Redis is down."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from guarantees.applicant import services
from guarantees.applicant.certificate import certificate_record
from tests.guarantees.applicant import staff_steps

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _issued(submitted, applicant, reviewer):
    staff_steps.approve(submitted.pk, reviewer)
    services.agreement_sign(
        application_id=submitted.pk,
        actor=applicant,
        password="pw-for-tests-1",
        consents=dict.fromkeys(services.REQUIRED_CONSENTS, True),
        ip_address="127.0.0.1",
        user_agent="t",
    )
    return staff_steps.issue(submitted.pk, reviewer)


def _verify(client, guarantee, code, client_address):
    return client.get(
        reverse("guarantees:applicant:verify"),
        {"guarantee_no": guarantee.guarantee_no, "check_code": code},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_wrong_guesses_from_one_client_do_not_block_the_others(
    client, settings, submitted, verified_applicant, reviewer
):
    settings.TRUSTED_PROXY_COUNT = 1
    guarantee = _issued(submitted, verified_applicant, reviewer)
    code = certificate_record(guarantee).check_code
    for _ in range(30):
        page = _verify(client, guarantee, "AAAA", "203.0.113.9").content.decode()
        assert "일치하는 보증서가 없습니다" in page
    blocked = _verify(client, guarantee, code, "203.0.113.9").content.decode()
    assert "조회가 너무 많습니다" in blocked
    # a client that types a forged X-Forwarded-For entry is still counted by its real address
    forged = _verify(client, guarantee, code, "198.51.100.1, 203.0.113.9").content.decode()
    assert "조회가 너무 많습니다" in forged
    other = _verify(client, guarantee, code, "198.51.100.77").content.decode()
    assert "재단이 발급한 보증서가 맞습니다" in other


def test_the_agreement_keeps_the_signer_address_not_the_proxy(
    client, settings, submitted, verified_applicant, reviewer
):
    settings.TRUSTED_PROXY_COUNT = 1
    staff_steps.approve(submitted.pk, reviewer)
    client.force_login(verified_applicant)
    client.post(
        reverse("guarantees:applicant:agreement", args=[submitted.pk]),
        {"terms": "on", "credit_info": "on", "fee": "on", "password": "pw-for-tests-1"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.44",
    )
    submitted.refresh_from_db()
    assert submitted.agreement.ip_address == "203.0.113.44"


def test_the_certificate_check_answers_while_redis_is_down(
    client, settings, submitted, verified_applicant, reviewer
):
    guarantee = _issued(submitted, verified_applicant, reviewer)
    code = certificate_record(guarantee).check_code
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    with override_settings(CACHES=down):
        response = _verify(client, guarantee, code, "203.0.113.9")
        bad = _verify(client, guarantee, "AAAA", "203.0.113.9")
    assert response.status_code == 200
    assert "재단이 발급한 보증서가 맞습니다" in response.content.decode()
    assert bad.status_code == 200 and "일치하는 보증서가 없습니다" in bad.content.decode()
