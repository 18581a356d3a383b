"""Call rounds and the fund committee through their services (issue 13 part 4): the forbidden
cases — outside a round, a vote without quorum, over budget, a member voting twice, a
non-member voting — are refused with a Korean reason and leave nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from guarantees.applicant import services as applicant
from guarantees.models import (
    ApplicationStatus,
    BankAnswer,
    CommitteeMember,
    CommitteeVote,
    FundCommittee,
    RoundEntry,
    RoundOutcome,
)
from guarantees.rounds import services
from guarantees.rounds.services import RoundError
from tests.guarantees.applicant.conftest import make_business

pytestmark = pytest.mark.django_db


def _meeting(call_round, officer, present: int):
    members = list(call_round.committee.members.all()[:present])
    return services.meeting_record(
        round_id=call_round.pk,
        held_on=timezone.localdate(),
        attendee_ids=[m.pk for m in members],
        minutes="2021년 제1차 기금운용심의위원회 회의록: 접수 3건 심의",
        minutes_file=None,
        actor=officer,
    ), members


def _vote_all(call_round, officer, members, entry, choice="for"):
    for member in members:
        services.vote_record(
            round_id=call_round.pk,
            member_id=member.pk,
            entry_id=entry.pk,
            choice=choice,
            actor=officer,
        )


def test_an_application_outside_an_open_round_is_refused_before_applying(
    covid, committee, contributor_officer, make_user
):
    today = timezone.localdate()
    services.round_announce(
        program=covid,
        committee=committee,
        title="상반기 공고",
        announcement="상반기 모집",
        opens_on=today - dt.timedelta(days=40),
        closes_on=today - dt.timedelta(days=10),
        budget_krw=50_000_000,
        meeting_on=today - dt.timedelta(days=5),
        actor=contributor_officer,
    )
    services.round_announce(
        program=covid,
        committee=committee,
        title="하반기 공고",
        announcement="하반기 모집",
        opens_on=today + dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=30),
        budget_krw=50_000_000,
        meeting_on=today + dt.timedelta(days=35),
        actor=contributor_officer,
    )
    problem = services.round_problem(covid)
    assert "공고 기간에만 신청을 받습니다" in problem and "‘하반기 공고’" in problem
    owner = make_user("applicant", email_verified_at=timezone.now())
    business = make_business(owner)
    with pytest.raises(applicant.ApplicationError, match="공고 기간에만"):
        applicant.application_start_draft(user=owner, business=business, program=covid)
    assert not business.applications.exists()


def test_a_round_closing_before_submission_refuses_the_submission(
    call_round, submit, contributor_officer
):
    first = submit(1)
    assert RoundEntry.objects.get(application=first).call_round == call_round
    owner, draft = submit.prepare(2)
    call_round.closes_on = timezone.localdate() - dt.timedelta(days=1)
    call_round.save()
    with pytest.raises(applicant.ApplicationIncomplete, match="접수 중인 공고가 없습니다"):
        applicant.application_submit(application_id=draft.pk, actor=owner)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and not draft.tracking_no
    assert RoundEntry.objects.count() == 1


def test_a_programme_without_rounds_takes_applications_as_before(covid, submit):
    application = submit(1)
    assert application.status == ApplicationStatus.SUBMITTED
    assert services.round_problem(covid) is None
    assert not RoundEntry.objects.exists()


def test_a_vote_without_quorum_is_refused(call_round, submit, contributor_officer):
    application = submit(1)
    entry = application.round_entry
    _, members = _meeting(call_round, contributor_officer, present=2)  # quorum 3
    assert services.open_round(call_round.program) is None  # the meeting closed intake
    with pytest.raises(RoundError, match="의결 정족수 3명에 이르지 못해") as caught:
        services.vote_record(
            round_id=call_round.pk,
            member_id=members[0].pk,
            entry_id=entry.pk,
            choice="for",
            actor=contributor_officer,
        )
    assert caught.value.code == "no_quorum"
    with pytest.raises(RoundError, match="정족수") as caught:
        services.selection_decide(
            round_id=call_round.pk, selected_entry_ids=[], reasons={}, actor=contributor_officer
        )
    assert not CommitteeVote.objects.exists()
    call_round.refresh_from_db()
    assert call_round.decided_at is None


def test_a_member_voting_twice_is_refused(call_round, submit, contributor_officer):
    entry = submit(1).round_entry
    _, members = _meeting(call_round, contributor_officer, present=3)
    services.vote_record(
        round_id=call_round.pk,
        member_id=members[1].pk,
        entry_id=entry.pk,
        choice="for",
        actor=contributor_officer,
    )
    with pytest.raises(RoundError, match="이미 표결했습니다") as caught:
        services.vote_record(
            round_id=call_round.pk,
            member_id=members[1].pk,
            entry_id=entry.pk,
            choice="against",
            actor=contributor_officer,
        )
    assert caught.value.code == "voted_twice"
    assert list(CommitteeVote.objects.values_list("choice", flat=True)) == ["for"]


def test_a_non_member_or_absent_member_cannot_vote(call_round, submit, contributor_officer):
    entry = submit(1).round_entry
    _, members = _meeting(call_round, contributor_officer, present=3)
    other = FundCommittee.objects.create(
        name="남동구 기금운용심의위원회", contributor="남동구", quorum=1
    )
    stranger = CommitteeMember.objects.create(committee=other, name="홍길동")
    with pytest.raises(RoundError, match="위원이 아니어서 표결할 수 없습니다") as caught:
        services.vote_record(
            round_id=call_round.pk,
            member_id=stranger.pk,
            entry_id=entry.pk,
            choice="for",
            actor=contributor_officer,
        )
    assert caught.value.code == "not_member"
    absent = call_round.committee.members.exclude(pk__in=[m.pk for m in members]).first()
    with pytest.raises(RoundError, match="출석하지 않아") as caught:
        services.vote_record(
            round_id=call_round.pk,
            member_id=absent.pk,
            entry_id=entry.pk,
            choice="for",
            actor=contributor_officer,
        )
    assert caught.value.code == "not_present"
    # nor can a stranger be written into the attendance
    assert not CommitteeVote.objects.exists()


def test_a_selection_over_the_budget_is_refused_and_nothing_is_decided(
    call_round, submit, contributor_officer
):
    entries = [submit(n).round_entry for n in (1, 2, 3)]  # 3 × 1,500만원 against 4,000만원
    _, members = _meeting(call_round, contributor_officer, present=3)
    for entry in entries:
        _vote_all(call_round, contributor_officer, members, entry)
    with pytest.raises(RoundError, match="회차 예산 4,000만원을 넘습니다") as caught:
        services.selection_decide(
            round_id=call_round.pk,
            selected_entry_ids=[e.pk for e in entries],
            reasons={},
            actor=contributor_officer,
        )
    assert caught.value.code == "selection_invalid"
    assert "500만원 초과" in str(caught.value)
    assert set(RoundEntry.objects.values_list("outcome", flat=True)) == {RoundOutcome.PENDING}
    call_round.refresh_from_db()
    assert call_round.decided_at is None


def test_selection_bank_answers_and_reasons(call_round, submit, contributor_officer):
    a, b, c = (submit(n).round_entry for n in (1, 2, 3))
    _, members = _meeting(call_round, contributor_officer, present=4)
    _vote_all(call_round, contributor_officer, members, a)
    _vote_all(call_round, contributor_officer, members[:3], b)
    services.vote_record(
        round_id=call_round.pk,
        member_id=members[3].pk,
        entry_id=b.pk,
        choice="against",
        actor=contributor_officer,
    )
    _vote_all(call_round, contributor_officer, members[:2], c)  # 2 of 4: not a majority
    _vote_all(call_round, contributor_officer, members[2:], c, choice="against")
    # c cannot be selected without a majority
    with pytest.raises(RoundError, match="과반이 아닙니다"):
        services.selection_decide(
            round_id=call_round.pk,
            selected_entry_ids=[a.pk, c.pk],
            reasons={},
            actor=contributor_officer,
        )
    services.selection_decide(
        round_id=call_round.pk,
        selected_entry_ids=[a.pk, b.pk],
        reasons={},
        actor=contributor_officer,
    )
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert a.outcome == b.outcome == RoundOutcome.SELECTED and a.sent_to_bank_at
    assert c.outcome == RoundOutcome.NOT_SELECTED
    assert "찬성 2 · 반대 2 · 기권 0, 출석 4명" in c.outcome_reason
    c.application.refresh_from_db()
    assert c.application.status == ApplicationStatus.REJECTED
    assert "미선정" in c.application.events.last().reason
    with pytest.raises(RoundError, match="이미 선정을 확정한"):
        services.selection_decide(
            round_id=call_round.pk, selected_entry_ids=[], reasons={}, actor=contributor_officer
        )
    with pytest.raises(RoundError, match="사유를 적어"):
        services.bank_answer_record(
            entry_id=b.pk, approved=False, reason=" ", actor=contributor_officer
        )
    services.bank_answer_record(entry_id=a.pk, approved=True, reason="", actor=contributor_officer)
    services.bank_answer_record(
        entry_id=b.pk,
        approved=False,
        reason="담보 자격 심사 부적격(연체 이력)",
        actor=contributor_officer,
    )
    with pytest.raises(RoundError, match="이미 은행 회신"):
        services.bank_answer_record(
            entry_id=a.pk, approved=False, reason="x", actor=contributor_officer
        )
    with pytest.raises(RoundError, match="선정한 신청만"):
        services.bank_answer_record(
            entry_id=c.pk, approved=True, reason="", actor=contributor_officer
        )
    a.refresh_from_db(), b.refresh_from_db()
    assert a.bank_answer == BankAnswer.APPROVED and b.bank_answer == BankAnswer.DECLINED
    b.application.refresh_from_db()
    assert b.application.status == ApplicationStatus.REJECTED
    assert "연체 이력" in b.application.events.last().reason


def test_overlapping_or_badly_dated_rounds_are_refused(call_round, contributor_officer):
    today = timezone.localdate()
    with pytest.raises(RoundError, match="겹칩니다"):
        services.round_announce(
            program=call_round.program,
            committee=call_round.committee,
            title="겹치는 공고",
            announcement="내용",
            opens_on=today,
            closes_on=today + dt.timedelta(days=30),
            budget_krw=1,
            meeting_on=today + dt.timedelta(days=31),
            actor=contributor_officer,
        )
    with pytest.raises(RoundError, match="마감일은 접수 시작일 이후") as caught:
        services.round_announce(
            program=call_round.program,
            committee=call_round.committee,
            title="거꾸로",
            announcement="내용",
            opens_on=today + dt.timedelta(days=90),
            closes_on=today + dt.timedelta(days=80),
            budget_krw=0,
            meeting_on=today + dt.timedelta(days=70),
            actor=contributor_officer,
        )
    assert "0원보다 커야" in str(caught.value)
