"""The committee secretary's pages and the applicant's view of the round, over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from guarantees.models import CommitteeMeeting, CommitteeVote, RoundEntry
from tests.guarantees.applicant.conftest import make_business, upload

pytestmark = pytest.mark.django_db


def test_outside_a_round_the_programme_page_says_why_before_applying(
    client, covid, committee, contributor_officer, make_user
):
    from guarantees.rounds.services import round_announce

    today = timezone.localdate()
    round_announce(
        program=covid,
        committee=committee,
        title="다음 공고",
        announcement="모집",
        opens_on=today + dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=9),
        budget_krw=10**8,
        meeting_on=today + dt.timedelta(days=12),
        actor=contributor_officer,
    )
    owner = make_user("applicant")
    make_business(owner)
    client.force_login(owner)
    page = client.get(reverse("programs:detail", args=[covid.code])).content.decode()
    assert "공고 기간에만 신청을 받습니다" in page and "‘다음 공고’" in page
    assert f"/start/{covid.code}/" not in page  # no 신청하기 form outside a round
    cards = client.get(reverse("programs:catalogue")).content.decode()
    assert "공고 기간에만 신청을 받습니다" in cards and f"/start/{covid.code}/" not in cards
    response = client.post(reverse("guarantees:applicant:start", args=[covid.code]), follow=True)
    assert "공고 기간에만 신청을 받습니다" in response.content.decode()


def test_the_secretary_records_the_meeting_votes_selection_and_bank_answer(
    client, call_round, submit, contributor_officer
):
    first, second = submit(1, 20_000_000), submit(2, 20_000_000)  # 4,000만원 against 3,000만원
    call_round.budget_krw = 30_000_000
    call_round.save(update_fields=["budget_krw"])
    client.force_login(contributor_officer)
    listing = client.get(reverse("guarantees:rounds")).content.decode()
    assert call_round.title in listing
    url = reverse("guarantees:round", args=[call_round.pk])
    page = client.get(url).content.decode()
    assert "가게1" in page and "가게2" in page and "4,000만원" in page
    members = list(call_round.committee.members.all())
    # two present of a quorum of three: the meeting is recorded, the votes are refused
    response = client.post(
        url,
        {
            "action": "meeting",
            "held_on": timezone.localdate().isoformat(),
            "attendees": [members[0].pk, members[1].pk],
            "minutes": "제1차 심의: 출석 2명",
            "minutes_file": upload("회의록.pdf"),
        },
    )
    assert response.status_code == 302
    meeting = CommitteeMeeting.objects.get()
    assert meeting.minutes_file_name.endswith(".pdf")
    assert client.get(reverse("guarantees:round_minutes", args=[call_round.pk])).status_code == 200
    page = client.get(url).content.decode()
    assert "의결 정족수 3명에 이르지 못해" in page
    e1, e2 = first.round_entry, second.round_entry
    response = client.post(url, {"action": "votes", f"vote_{e1.pk}_{members[0].pk}": "for"})
    assert response.status_code == 400
    assert "의결 정족수 3명에 이르지 못해" in response.content.decode()
    assert not CommitteeVote.objects.exists()
    meeting.attendees.add(members[2])  # (the test's shortcut: a third member came late)
    votes = {"action": "votes"}
    for member in members[:3]:
        votes[f"vote_{e1.pk}_{member.pk}"] = "for"
        votes[f"vote_{e2.pk}_{member.pk}"] = "for"
    assert client.post(url, votes).status_code == 302
    assert CommitteeVote.objects.count() == 6
    response = client.post(
        url, {"action": "select", f"select_{e1.pk}": "on", f"select_{e2.pk}": "on"}
    )
    assert (
        response.status_code == 400
        and "회차 예산 3,000만원을 넘습니다" in response.content.decode()
    )
    response = client.post(
        url,
        {
            "action": "select",
            f"select_{e1.pk}": "on",
            f"reason_{e2.pk}": "회차 예산 소진(차순위)",
        },
    )
    assert response.status_code == 302
    response = client.post(url, {"action": "bank", "entry": e1.pk, "answer": "declined"})
    assert response.status_code == 400 and "사유를 적어 주세요" in response.content.decode()
    response = client.post(
        url, {"action": "bank", "entry": e1.pk, "answer": "approved", "reason": "담보 자격 적격"}
    )
    assert response.status_code == 302
    assert RoundEntry.objects.get(pk=e1.pk).bank_answer == "approved"
    # the applicants see their round and its outcome, with the reason when not selected
    client.force_login(second.applicant)
    status = client.get(reverse("guarantees:applicant:status", args=[second.pk])).content.decode()
    assert "심의 결과: 미선정</strong>. 사유: 회차 예산 소진(차순위)" in status
    client.force_login(first.applicant)
    status = client.get(reverse("guarantees:applicant:status", args=[first.pk])).content.decode()
    assert "심의 결과: 선정" in status
    assert "은행 최종 심사에서 승인" in status
    home = client.get(reverse("guarantees:applicant:home")).content.decode()
    assert call_round.title in home


def test_another_contributors_officer_cannot_open_the_round(client, call_round, make_user):
    from guarantees.models import ContributorOfficer

    officer = make_user("contributor_officer")
    ContributorOfficer.objects.create(user=officer, contributor="남동구")
    client.force_login(officer)
    assert client.get(reverse("guarantees:round", args=[call_round.pk])).status_code == 404
    assert call_round.title not in client.get(reverse("guarantees:rounds")).content.decode()
