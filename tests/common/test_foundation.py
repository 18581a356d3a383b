"""The foundation's identity as data (issue #17 part 3): `foundation_setup` is idempotent and
validated, the admin edit keeps history, and an install set up as 서울신용보증재단 shows
Seoul's name — and no "인천" — in its pages, e-mails, numbers, 2FA issuer and report cover."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from common.foundation import foundation, sender
from common.models import FoundationProfile

pytestmark = pytest.mark.django_db

SEOUL = ["--name", "서울신용보증재단", "--code", "SEOUL", "--sido", "서울특별시"]


def _events() -> int:
    return FoundationProfile.pgh_event_model.objects.count()


def test_foundation_setup_is_idempotent_and_keeps_history(capsys):
    assert foundation().pk == 1 and foundation()._state.adding  # settings fallback, unsaved
    call_command("foundation_setup", *SEOUL, "--districts", "구로구, 금천구")
    assert "만들었습니다" in capsys.readouterr().out
    call_command("foundation_setup", *SEOUL, "--districts", "구로구, 금천구")
    assert "바뀐 것이 없습니다" in capsys.readouterr().out
    assert FoundationProfile.objects.count() == 1 and _events() == 1
    call_command("foundation_setup", *SEOUL, "--representative", "홍길동")
    assert _events() == 2
    profile = foundation()
    assert profile.district_list == ["구로구", "금천구"] and profile.representative == "홍길동"
    assert profile.issuer == "서울신용보증재단 보증 포털"
    assert sender() == "서울신용보증재단 <no-reply@icgf.example>"


def test_a_bad_code_is_refused_naming_the_option():
    with pytest.raises(CommandError, match="--code"):
        call_command(
            "foundation_setup",
            "--name",
            "서울신용보증재단",
            "--code",
            "se oul",
            "--sido",
            "서울특별시",
        )
    assert not FoundationProfile.objects.exists()


def test_the_seoul_install_names_seoul_and_never_incheon(client, make_user, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.signup import send_verification_email
    from guarantees.applicant.services import _next_tracking_no
    from reports.rendering import report_html

    call_command("foundation_setup", *SEOUL)
    pages = [client.get(reverse("programs:catalogue")), client.get(reverse("accounts:login"))]
    for page in pages:
        body = page.content.decode()
        assert "서울신용보증재단 보증 포털" in body
        assert "인천" not in body, page.request["PATH_INFO"]

    user = make_user("applicant")
    device = TOTPDevice.objects.create(user=user, name="앱")
    assert "issuer=%EC%84%9C%EC%9A%B8" in device.config_url  # "서울…" percent-encoded

    class _Request:
        def build_absolute_uri(self, path):
            return f"https://portal.example{path}"

    send_verification_email(_Request(), user)
    message = mail.outbox[-1]
    assert message.subject.startswith("[서울신용보증재단]")
    assert "서울신용보증재단" in message.from_email and "인천" not in message.from_email
    assert _next_tracking_no().startswith("SEOUL-")

    cover = report_html(2020).split('<nav class="toc">')[0]
    assert "서울신용보증재단" in cover and "인천" not in cover
