"""Call rounds and the fund committee (issue 13 part 4): every state change is one of these
services, each owning its transaction, locking the rows it decides on and raising `RoundError`
(a Korean sentence for the page, a machine `code`) when a rule says no — nothing half-written.

The order of a round (seed 003: "상,하반기(1월, 7월)에 각각 공고 후 접수받고
기금운용심의위원회에서 지원 대상 업체를 심의·선정 후 우리은행에 통보하면 최종 담보자격 심사를
거쳐 융자 지원"):

    round_announce → applicants apply while it is open (entry_register, at submission)
      → meeting_record (attendance, minutes, document) → vote_record per present member and
        application (refused without quorum, for non-members, twice)
      → selection_decide (majority of the present members, within the budget; the others
        get their reason and the application is rejected with it) — the selected are sent
        to the bank → bank_answer_record (the bank's final check, recorded by staff).
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.errors import DomainError
from common.korean import with_particle
from common.money import format_korean_amount

from ..applicant.uploads import CheckedUpload, remove, store_file
from ..models import (
    TERMINAL_STATUSES,
    Application,
    ApplicationStatus,
    BankAnswer,
    CallRound,
    CommitteeMeeting,
    CommitteeMember,
    CommitteeVote,
    FundCommittee,
    RoundEntry,
    RoundOutcome,
    VoteChoice,
)
from ..workflow import TRANSITIONS, transition


class RoundError(DomainError):
    code = "round"


def _d(day: dt.date) -> str:
    return f"{day.year}. {day.month}. {day.day}."


# ---------------------------------------------------------------------------------------------
# Reads the applicant journey asks before and at submission


def takes_rounds(program) -> bool:
    """A programme with at least one call round takes applications only in rounds."""
    return CallRound.objects.filter(program=program).exists()


def open_round(program, on: dt.date | None = None) -> CallRound | None:
    """The round of `program` open on `on` (dates, no meeting held yet, not decided)."""
    on = on or timezone.localdate()
    return (
        CallRound.objects.filter(
            program=program,
            opens_on__lte=on,
            closes_on__gte=on,
            decided_at__isnull=True,
            meeting__isnull=True,
        )
        .order_by("opens_on")
        .first()
    )


def round_problem(program, on: dt.date | None = None) -> str | None:
    """Why `program` takes no application today, in Korean; None when it does (or has no
    rounds at all). Shown before applying, and checked again when starting and submitting."""
    on = on or timezone.localdate()
    if not takes_rounds(program) or open_round(program, on) is not None:
        return None
    name = with_particle(f"‘{program.name}’", "은")
    upcoming = (
        CallRound.objects.filter(program=program, opens_on__gt=on).order_by("opens_on").first()
    )
    if upcoming is not None:
        return (
            f"{name} 공고 기간에만 신청을 받습니다. 지금은 접수 중인 공고가 없습니다. "
            f"다음 공고 ‘{upcoming.title}’ 접수 기간: {_d(upcoming.opens_on)} ~ "
            f"{_d(upcoming.closes_on)}"
        )
    last = CallRound.objects.filter(program=program, opens_on__lte=on).order_by("-opens_on").first()
    closed = (
        f" 최근 공고 ‘{last.title}’의 접수는 {_d(last.closes_on)}에 마감했습니다." if last else ""
    )
    return (
        f"{name} 공고 기간에만 신청을 받습니다. 지금은 접수 중인 공고가 없습니다.{closed} "
        "다음 공고를 기다려 주세요."
    )


def entry_register(*, application: Application) -> RoundEntry | None:
    """At submission (inside the submit transaction, the application row locked): gather the
    application into its programme's open round; refuse outside one."""
    if not takes_rounds(application.program):
        return None
    # the day it was submitted (today for the journey; a moved-in or demo book's own date)
    on = timezone.localdate(application.submitted_at) if application.submitted_at else None
    problem = round_problem(application.program, on)
    if problem:
        raise RoundError(problem, code="outside_round")
    current = open_round(application.program, on)
    if current is None:  # round_problem said there is one: only a race could get here
        raise RoundError("지금 접수 중인 공고가 없습니다.", code="outside_round")
    call_round = CallRound.objects.select_for_update().get(pk=current.pk)
    entry, _ = RoundEntry.objects.get_or_create(
        application=application, defaults={"call_round": call_round}
    )
    return entry


# ---------------------------------------------------------------------------------------------
# The secretary's steps


def round_announce(
    *,
    program,
    committee: FundCommittee,
    title: str,
    announcement: str,
    opens_on: dt.date,
    closes_on: dt.date,
    budget_krw: int,
    meeting_on: dt.date,
    actor,
) -> CallRound:
    """공고 등록: dates in order, a positive budget, no overlap with the programme's other
    rounds, a committee of this programme or of a contributor."""
    problems = []
    if not title.strip() or not announcement.strip():
        problems.append("공고 제목과 내용을 입력해 주세요.")
    if opens_on > closes_on:
        problems.append("접수 마감일은 접수 시작일 이후여야 합니다.")
    if meeting_on < closes_on:
        problems.append("심의 예정일은 접수 마감일 이후여야 합니다.")
    if budget_krw is None or budget_krw <= 0:
        problems.append("회차 예산은 0원보다 커야 합니다.")
    if committee.program_id not in (None, program.pk):
        problems.append(f"{with_particle(committee.name, '은')} 다른 상품의 위원회입니다.")
    if problems:
        raise RoundError(" ".join(problems), code="round_invalid")
    with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None)):
        type(program).objects.select_for_update().get(pk=program.pk)  # one announcement at a time
        overlap = CallRound.objects.filter(
            program=program, opens_on__lte=closes_on, closes_on__gte=opens_on
        ).first()
        if overlap is not None:
            raise RoundError(
                f"접수 기간이 ‘{overlap.title}’({_d(overlap.opens_on)} ~ "
                f"{_d(overlap.closes_on)})와 겹칩니다.",
                code="round_overlap",
            )
        return CallRound.objects.create(
            program=program,
            committee=committee,
            title=title.strip(),
            announcement=announcement.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            budget_krw=budget_krw,
            meeting_on=meeting_on,
        )


def _lock_round(round_id: int) -> CallRound:
    return (
        CallRound.objects.select_for_update()
        .select_related("committee", "program")
        .get(pk=round_id)
    )


def meeting_record(
    *,
    round_id: int,
    held_on: dt.date,
    attendee_ids: list[int],
    minutes: str,
    minutes_file: CheckedUpload | None,
    actor,
) -> CommitteeMeeting:
    """심의 회의 기록: who attended (members of the round's committee), the minutes and their
    document. From then on the round takes no more applications. A meeting below quorum may be
    recorded (the minutes say so), but no vote is taken in it."""
    stored = None
    try:
        with transaction.atomic(), pghistory.context(user=actor.pk):
            call_round = _lock_round(round_id)
            if CommitteeMeeting.objects.filter(call_round=call_round).exists():
                raise RoundError("이 공고의 심의 회의는 이미 기록했습니다.", code="meeting_exists")
            if held_on < call_round.opens_on:
                raise RoundError(
                    f"개최일은 접수 시작일({_d(call_round.opens_on)}) 이후여야 합니다.",
                    code="meeting_invalid",
                )
            if held_on > timezone.localdate():
                raise RoundError(
                    "아직 열리지 않은 회의는 기록할 수 없습니다.", code="meeting_invalid"
                )
            if not minutes.strip():
                raise RoundError("회의록 내용을 입력해 주세요.", code="meeting_invalid")
            members = list(
                CommitteeMember.objects.filter(pk__in=attendee_ids, is_active=True).select_related(
                    "committee"
                )
            )
            strangers = [m for m in members if m.committee_id != call_round.committee_id]
            if strangers or len(members) != len(set(attendee_ids)):
                names = ", ".join(m.name for m in strangers) or "알 수 없는 위원"
                raise RoundError(
                    f"{with_particle(names, '은')} {call_round.committee.name} 위원이 아닙니다.",
                    code="not_member",
                )
            meeting = CommitteeMeeting.objects.create(
                call_round=call_round, held_on=held_on, minutes=minutes.strip(), recorded_by=actor
            )
            meeting.attendees.set(members)
            if minutes_file is not None:
                stored = store_file(minutes_file, folder=f"rounds/{call_round.pk}")
                meeting.minutes_file_path = stored
                meeting.minutes_file_name = minutes_file.name
                meeting.minutes_file_type = minutes_file.content_type
                meeting.save(
                    update_fields=["minutes_file_path", "minutes_file_name", "minutes_file_type"]
                )
            return meeting
    except Exception:
        if stored:
            remove(stored)
        raise


def quorum_problem(meeting: CommitteeMeeting) -> str | None:
    committee = meeting.call_round.committee
    present = meeting.attendees.count()
    if present < committee.quorum:
        return (
            f"출석 위원 {present}명으로 의결 정족수 {committee.quorum}명에 이르지 못해 "
            "표결할 수 없습니다."
        )
    return None


def vote_record(
    *, round_id: int, member_id: int, entry_id: int, choice: str, note: str = "", actor
) -> CommitteeVote:
    """위원 표결 기록: a present member of the round's committee, once per application, in a
    meeting with quorum, before the selection is decided."""
    if choice not in VoteChoice.values:
        raise RoundError("찬성·반대·기권 중 하나를 골라 주세요.", code="vote_invalid")
    with transaction.atomic(), pghistory.context(user=actor.pk):
        call_round = _lock_round(round_id)
        meeting = CommitteeMeeting.objects.filter(call_round=call_round).first()
        if meeting is None:
            raise RoundError("심의 회의를 먼저 기록해 주세요.", code="no_meeting")
        if call_round.decided_at is not None:
            raise RoundError("선정이 확정된 공고에는 표결을 더할 수 없습니다.", code="decided")
        member = CommitteeMember.objects.filter(pk=member_id).first()
        if member is None or member.committee_id != call_round.committee_id:
            who = with_particle(member.name, "은") if member else "이 사람은"
            raise RoundError(
                f"{who} {call_round.committee.name} 위원이 아니어서 표결할 수 없습니다.",
                code="not_member",
            )
        if not meeting.attendees.filter(pk=member.pk).exists():
            raise RoundError(
                f"{with_particle(member.name, '은')} 이 회의에 출석하지 않아 표결할 수 없습니다.",
                code="not_present",
            )
        problem = quorum_problem(meeting)
        if problem:
            raise RoundError(problem, code="no_quorum")
        entry = RoundEntry.objects.filter(pk=entry_id, call_round=call_round).first()
        if entry is None:
            raise RoundError("이 공고에 접수된 신청이 아닙니다.", code="not_in_round")
        if CommitteeVote.objects.filter(meeting=meeting, member=member, entry=entry).exists():
            raise RoundError(
                f"{with_particle(member.name, '은')} 이 신청에 이미 표결했습니다.",
                code="voted_twice",
            )
        try:
            with transaction.atomic():
                return CommitteeVote.objects.create(
                    meeting=meeting,
                    member=member,
                    entry=entry,
                    choice=choice,
                    note=note.strip()[:300],
                    recorded_by=actor,
                )
        except IntegrityError as exc:  # a concurrent double entry
            raise RoundError(
                f"{with_particle(member.name, '은')} 이 신청에 이미 표결했습니다.",
                code="voted_twice",
            ) from exc


def tally(entry: RoundEntry) -> dict[str, int]:
    counts = dict.fromkeys(VoteChoice.values, 0)
    for choice in entry.votes.values_list("choice", flat=True):
        counts[choice] += 1
    return counts


def _reject(application: Application, actor, reason: str) -> None:
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.status in TRANSITIONS["reject"][0]:
        transition(application=application, action="reject", actor=actor, reason=reason)


def selection_decide(
    *, round_id: int, selected_entry_ids: list[int], reasons: dict[int, str], actor
) -> list[RoundEntry]:
    """선정 확정: the selected list (each with a majority of the present members in favour,
    their amounts together within the round's budget); every other application gets its
    reason and is rejected with it; the selected are sent to the bank (통보)."""
    with transaction.atomic(), pghistory.context(user=actor.pk):
        call_round = _lock_round(round_id)
        if call_round.decided_at is not None:
            raise RoundError("이미 선정을 확정한 공고입니다.", code="decided")
        meeting = CommitteeMeeting.objects.filter(call_round=call_round).first()
        if meeting is None:
            raise RoundError("심의 회의를 먼저 기록해 주세요.", code="no_meeting")
        problem = quorum_problem(meeting)
        if problem:
            raise RoundError(problem.replace("표결할", "선정할"), code="no_quorum")
        present = meeting.attendees.count()
        entries = list(
            RoundEntry.objects.select_for_update(of=("self",))
            .filter(call_round=call_round)
            .select_related("application", "application__business")
        )
        by_id = {e.pk: e for e in entries}
        unknown = set(selected_entry_ids) - set(by_id)
        if unknown:
            raise RoundError(
                "이 공고에 접수되지 않은 신청은 선정할 수 없습니다.", code="not_in_round"
            )
        selected = [by_id[i] for i in selected_entry_ids]
        problems = []
        for entry in selected:
            application = entry.application
            if application.status in TERMINAL_STATUSES:
                problems.append(
                    f"{application.business.name}({application.tracking_no}): 이미 "
                    f"‘{ApplicationStatus(application.status).label}’ 상태라 선정할 수 없습니다."
                )
                continue
            votes = tally(entry)
            if votes[VoteChoice.FOR] * 2 <= present:
                problems.append(
                    f"{application.business.name}({application.tracking_no}): 찬성 "
                    f"{votes[VoteChoice.FOR]}표로 출석 위원 {present}명의 과반이 아닙니다."
                )
        total = sum(e.application.amount_krw or 0 for e in selected)
        if total > call_round.budget_krw:
            problems.append(
                f"선정 금액 합계 {with_particle(format_korean_amount(total), '이')} 회차 예산 "
                f"{format_korean_amount(call_round.budget_krw)}을 넘습니다"
                f"({format_korean_amount(total - call_round.budget_krw)} 초과). "
                "선정 대상을 줄여 주세요."
            )
        others = [e for e in entries if e.pk not in set(selected_entry_ids)]
        for entry in others:
            if entry.application.status in TERMINAL_STATUSES:
                continue
            votes = tally(entry)
            if votes[VoteChoice.FOR] * 2 > present and not (reasons.get(entry.pk) or "").strip():
                problems.append(
                    f"{entry.application.business.name}({entry.application.tracking_no}): "
                    "찬성 과반을 얻었지만 선정하지 않는 사유를 적어 주세요."
                )
        if problems:
            raise RoundError(" ".join(problems), code="selection_invalid")
        now = timezone.now()
        for entry in selected:
            entry.outcome = RoundOutcome.SELECTED
            entry.outcome_reason = (reasons.get(entry.pk) or "").strip()
            entry.sent_to_bank_at = now
            entry.save(update_fields=["outcome", "outcome_reason", "sent_to_bank_at"])
        for entry in others:
            application = entry.application
            if application.status in TERMINAL_STATUSES:
                label = ApplicationStatus(application.status).label
                reason = f"심의 전에 신청이 ‘{label}’ 상태가 되었습니다."
            else:
                votes = tally(entry)
                reason = (reasons.get(entry.pk) or "").strip() or (
                    f"{call_round.committee.name} 심의 결과 찬성이 출석 위원의 과반에 이르지 "
                    f"못했습니다(찬성 {votes[VoteChoice.FOR]} · 반대 "
                    f"{votes[VoteChoice.AGAINST]} · 기권 {votes[VoteChoice.ABSTAIN]}, 출석 "
                    f"{present}명)."
                )
                _reject(application, actor, f"[{call_round.title}] 미선정: {reason}")
            entry.outcome = RoundOutcome.NOT_SELECTED
            entry.outcome_reason = reason
            entry.save(update_fields=["outcome", "outcome_reason"])
        call_round.decided_at = now
        call_round.decided_by = actor
        call_round.save(update_fields=["decided_at", "decided_by"])
        return selected


def bank_answer_record(*, entry_id: int, approved: bool, reason: str, actor) -> RoundEntry:
    """은행 최종 심사 회신: for a selected application, once; a refusal needs the bank's
    reason and rejects the application with it (where its state still allows)."""
    with transaction.atomic(), pghistory.context(user=actor.pk):
        entry = (
            RoundEntry.objects.select_for_update(of=("self",))
            .select_related("application", "call_round")
            .get(pk=entry_id)
        )
        if entry.outcome != RoundOutcome.SELECTED:
            raise RoundError("위원회가 선정한 신청만 은행 회신을 기록합니다.", code="not_selected")
        if entry.bank_answer != BankAnswer.PENDING:
            raise RoundError(
                f"이미 은행 회신({entry.get_bank_answer_display()})을 기록했습니다.",
                code="bank_answered",
            )
        reason = (reason or "").strip()
        if not approved and not reason:
            raise RoundError("은행이 부적격으로 회신한 사유를 적어 주세요.", code="bank_reason")
        entry.bank_answer = BankAnswer.APPROVED if approved else BankAnswer.DECLINED
        entry.bank_reason = reason
        entry.bank_answered_at = timezone.now()
        entry.bank_answered_by = actor
        entry.save(
            update_fields=["bank_answer", "bank_reason", "bank_answered_at", "bank_answered_by"]
        )
        if not approved:
            _reject(
                entry.application,
                actor,
                f"[{entry.call_round.title}] 은행 최종 심사 부적격: {reason}",
            )
        return entry
