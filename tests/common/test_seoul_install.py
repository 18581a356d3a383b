"""Issue #17 part 3, "Done when": the portal installed as 서울신용보증재단 on an empty database —
`foundation_setup` (with a logo), then Guro's book through `import_book` — names Seoul and
shows Seoul's logo, and "인천" is in no page, e-mail, certificate or report (PDF and HWPX)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEOUL = ["--name", "서울신용보증재단", "--code", "SEOUL", "--sido", "서울특별시"]
GURO_BOOK = {
    "branches": "branch_code,name,districts\nGURO,구로지점,구로구;금천구\n",
    "programs": (
        "program_code,name,funding_krw,multiple,per_business_limit_krw,guarantee_ratio_pct,"
        "fee_rate_pct\nGURO-SME,구로구 소상공인 특례보증,1000000000,10,50000000,100,0.8\n"
    ),
    "base_assets": (
        "date,kind,category,contributor,program_code,amount_krw,memo\n"
        "2019-01-02,contribution,city,서울특별시,,50000000000,시 출연\n"
        "2019-03-04,contribution,district,구로구,GURO-SME,1000000000,구로구 특례보증 재원\n"
    ),
    "guarantees": (
        "guarantee_no,business_no,business_name,branch_code,program_code,bank,issued_on,"
        "matures_on,loan_amount_krw,guarantee_ratio_pct,fee_rate_pct\n"
        "SEOUL-2020-0001,1208147521,구로디지털상회,GURO,GURO-SME,신한은행,2020-03-02,"
        "2025-03-02,30000000,100,0.8\n"
        "SEOUL-2020-0002,2148800572,가산공구,GURO,,우리은행,2020-05-11,2023-05-11,"
        "20000000,85,1.0\n"
    ),
    "events": (
        "guarantee_no,date,event,amount_krw,new_matures_on,memo\n"
        "SEOUL-2020-0002,2020-11-30,repayment,5000000,,일부 상환\n"
    ),
}


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 60), (0, 84, 166)).save(out, "PNG")
    return out.getvalue()


def _pdf_text(data: bytes, tmp_path, name: str) -> tuple[str, int]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return text, len([line for line in images.splitlines()[2:] if line.strip()])


def _hwpx_text(data: bytes) -> tuple[str, list[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sections = [n for n in z.namelist() if re.match(r"Contents/section\d+\.xml$", n)]
        text = "".join(z.read(n).decode() for n in sections)
        text += z.read("Contents/header.xml").decode()
        return text, [n for n in z.namelist() if n.startswith("BinData/")]


def _staff(role: str, unit):
    from django.contrib.auth.models import Group

    from accounts.models import User
    from tests.conftest import give_totp_device

    user = User.objects.create_user(
        username=f"seoul-{role}", email=f"{role}@seoul.example", password="pw-for-tests-1",
        org_unit=unit,
    )  # fmt: skip
    user.groups.add(Group.objects.get(name=role))
    give_totp_device(user)
    return user


@pytest.fixture
def seoul(tmp_path, settings):
    from branches.models import OrgUnit

    settings.MEDIA_ROOT = tmp_path / "media"
    logo = tmp_path / "seoul.png"
    logo.write_bytes(_png())
    assert not OrgUnit.objects.exists()  # empty: no Incheon organisation, no demo data
    call_command("foundation_setup", *SEOUL, "--districts", "구로구, 금천구", "--logo", str(logo))
    book = tmp_path / "guro"
    book.mkdir()
    for name, text in GURO_BOOK.items():
        (book / f"{name}.csv").write_text(text, encoding="utf-8")
    call_command("import_book", str(book))
    return {"logo": logo.read_bytes(), "branch": OrgUnit.objects.get(code="GURO")}


def _assert_seoul(body: str, where: str) -> None:
    assert "서울신용보증재단" in body, where
    assert "인천" not in body, (
        where,
        body[max(0, body.find("인천") - 80) : body.find("인천") + 80],
    )


def test_the_seoul_install_shows_seoul_everywhere_and_incheon_nowhere(client, seoul, tmp_path):
    from accounts.signup import send_verification_email
    from branches.models import District
    from guarantees.applicant.certificate import certificate_issue, certificate_pdf
    from guarantees.models import Guarantee
    from reports.rendering import render_council_report_both

    # import_book took the 시·도 from the profile
    assert set(District.objects.values_list("sido", flat=True)) == {"서울특별시"}
    assert Guarantee.objects.count() == 2

    # the logo, as stored and checked, in the header of every page
    logo = client.get(reverse("foundation_logo"))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert logo.content == seoul["logo"] and logo["X-Content-Type-Options"] == "nosniff"
    public = [reverse("programs:catalogue"), reverse("accounts:login"), reverse("accounts:signup")]
    public.append(reverse("programs:detail", kwargs={"code": "GURO-SME"}))
    for url in public:
        body = client.get(url).content.decode()
        _assert_seoul(body, url)
        assert 'class="portal-logo" src="/foundation/logo?v=' in body, url

    strategy = _staff("strategy", None)
    client.force_login(strategy)
    staff_pages = [
        reverse("ledger:dashboard"),
        reverse("ledger:dashboard") + "?date=2020-12-31",
        reverse("reports:council"),
        reverse("reports:registers"),
        reverse("reports:pledges"),
        reverse("guarantees:book_home"),
        reverse("guarantees:book_guarantee", args=["SEOUL-2020-0001"]),
        reverse("branches:organisation"),
    ]
    for url in staff_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_seoul(response.content.decode(), url)
    dashboard = client.get(reverse("ledger:dashboard") + "?date=2020-12-31").content.decode()
    assert "구로지점" in dashboard

    # e-mail
    class _Request:
        def build_absolute_uri(self, path):
            return f"https://portal.example{path}"

    send_verification_email(_Request(), strategy)
    message = mail.outbox[-1]
    for part in (message.subject, message.from_email, message.body):
        assert "인천" not in part
    assert "서울신용보증재단" in message.subject + message.body

    # the certificate (PDF): Seoul's name and its logo
    guarantee = Guarantee.objects.get(guarantee_no="SEOUL-2020-0001")
    certificate_issue(guarantee)
    text, images = _pdf_text(certificate_pdf(guarantee), tmp_path, "certificate")
    _assert_seoul(text, "보증서")
    assert images == 1  # the logo

    # the council report, PDF and HWPX from one build: cover with the logo, no 인천
    pdf, _pages, hwpx = render_council_report_both(2020)
    text, images = _pdf_text(pdf, tmp_path, "report")
    _assert_seoul(text, "보고서 PDF")
    assert images >= 1
    owpml, binaries = _hwpx_text(hwpx)
    _assert_seoul(owpml, "보고서 HWPX")
    assert len(binaries) == 1
    with zipfile.ZipFile(io.BytesIO(hwpx)) as z:
        assert z.read(binaries[0]) == seoul["logo"]
    assert 'binaryItemIDRef="' in owpml


def test_a_logo_that_is_not_an_image_is_refused_and_nothing_is_kept(tmp_path, settings):
    from common.models import FoundationProfile

    settings.MEDIA_ROOT = tmp_path / "media"
    fake = tmp_path / "logo.png"
    fake.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    with pytest.raises(CommandError, match=r"--logo: .*PNG 또는 JPEG"):
        call_command("foundation_setup", *SEOUL, "--logo", str(fake))
    assert not FoundationProfile.objects.exists()
    assert not (tmp_path / "media").exists()  # nothing written to the disk either


def test_the_same_logo_again_changes_nothing(tmp_path, settings, capsys):
    from common.models import FoundationProfile

    settings.MEDIA_ROOT = tmp_path / "media"
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    call_command("foundation_setup", *SEOUL, "--logo", str(logo))
    call_command("foundation_setup", *SEOUL, "--logo", str(logo))
    assert "바뀐 것이 없습니다" in capsys.readouterr().out
    assert FoundationProfile.pgh_event_model.objects.count() == 1
    assert len(list((tmp_path / "media" / "foundation").iterdir())) == 1
