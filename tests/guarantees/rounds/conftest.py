"""A round of COVID19 open today with a five-member committee (quorum 3), and a helper that
submits complete applications into it through the applicant journey's real services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from common.brn import brn_check_digit
from tests.guarantees.applicant.conftest import make_business, upload


def brn(n: int) -> str:
    first = f"{110 + n:03d}81{n:04d}"
    return f"{first[:3]}-{first[3:5]}-{first[5:]}{brn_check_digit(first)}"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def covid(programs):
    return programs["COVID19"]


@pytest.fixture
def committee(covid):
    from guarantees.models import CommitteeMember, FundCommittee

    committee = FundCommittee.objects.create(
        name="계양구 기금운용심의위원회", contributor="계양구", quorum=3
    )
    for i, name in enumerate(["위원장 박정우", "김서연", "이도윤", "최하은", "정민준"]):
        CommitteeMember.objects.create(
            committee=committee,
            name=name,
            affiliation="구의원" if i else "부구청장",
            is_chair=i == 0,
        )
    return committee


@pytest.fixture
def call_round(covid, committee, contributor_officer):
    from guarantees.rounds.services import round_announce

    today = timezone.localdate()
    return round_announce(
        program=covid,
        committee=committee,
        title=f"{today.year}년 하반기 보증특례 지원 공고",
        announcement="관내 소상공인의 경영안정을 위한 보증 지원 대상을 모집합니다.",
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=5),
        budget_krw=40_000_000,
        meeting_on=today + dt.timedelta(days=10),
        actor=contributor_officer,
    )


@pytest.fixture
def submit(make_user, covid):
    """submit(n, amount) → a submitted application of a new applicant and business."""
    from guarantees.applicant import services, uploads

    def prepare(n: int, amount_krw: int = 15_000_000):
        owner = make_user("applicant", email_verified_at=timezone.now())
        business = make_business(owner, brn=brn(n), name=f"가게{n}")
        draft = services.application_start_draft(user=owner, business=business, program=covid)
        services.application_save_draft(
            application_id=draft.pk,
            actor=owner,
            amount_krw=amount_krw,
            purpose="운전자금",
            bank=covid.banks.get(code="SHINHAN"),
            term_months=60,
        )
        for required in covid.documents.all():
            services.application_attach_document(
                application_id=draft.pk,
                actor=owner,
                required_document=required,
                checked=uploads.check_upload(upload(f"{required.code}.pdf")),
            )
        return owner, draft

    def run(n: int, amount_krw: int = 15_000_000):
        owner, draft = prepare(n, amount_krw)
        return services.application_submit(application_id=draft.pk, actor=owner)

    run.prepare = prepare
    return run
