"""공고·심의 (the committee secretary's pages, issue 13 part 4): the rounds of the
secretary's contributor, each with its entries, the meeting, the vote sheet, the selection and
the bank's answers. Thin: forms parse, services decide, a refused action is a Korean error on
the page (status 400), nothing half-written."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access_log import logs_personal_data
from accounts.models import Role
from accounts.permissions import role_required
from programs.models import Program

from ..applicant import uploads
from ..models import CallRound, CommitteeMeeting
from . import services
from .forms import AnnounceForm, BankAnswerForm, MeetingForm, SelectionForm, VoteSheetForm
from .selectors import round_sheet, secretary_committees, secretary_contributor, secretary_rounds

secretary_only = role_required(Role.CONTRIBUTOR_OFFICER)
FORM_OF = {
    "meeting": "meeting_form",
    "votes": "vote_form",
    "select": "selection_form",
    "bank": "bank_form",
}


def _contributor(request) -> str:
    contributor = secretary_contributor(request.user)
    if contributor is None:
        raise Http404("출연기관이 지정되지 않은 담당자입니다.")
    return contributor


@require_http_methods(["GET", "POST"])
@secretary_only
def round_list(request):
    """공고 목록과 새 공고 등록."""
    from ..contributors.selectors import funded_program_ids

    contributor = _contributor(request)
    committees = secretary_committees(contributor)
    programs = Program.objects.filter(
        id__in=funded_program_ids(contributor)
    ) | Program.objects.filter(fund_committees__in=committees)
    form = AnnounceForm(request.POST or None, programs=programs.distinct(), committees=committees)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                call_round = services.round_announce(
                    program=data["program"],
                    committee=data["committee"],
                    title=data["title"],
                    announcement=data["announcement"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    budget_krw=data["budget"],
                    meeting_on=data["meeting_on"],
                    actor=request.user,
                )
            except services.RoundError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"‘{call_round.title}’ 공고를 등록했습니다.")
                return redirect("guarantees:round", pk=call_round.pk)
        status = 400
    return render(
        request,
        "guarantees/rounds/list.html",
        {"contributor": contributor, "rounds": secretary_rounds(contributor), "form": form},
        status=status,
    )


def _round(request, pk: int) -> CallRound:
    call_round = secretary_rounds(_contributor(request)).filter(pk=pk).first()
    if call_round is None:
        raise Http404("이 출연기관의 공고가 아닙니다.")
    return call_round


def _forms(call_round, meeting, sheet, data=None, files=None, action=None):
    entries = [entry for entry, _ in sheet["entries"]]
    pending = [e for e in entries if e.outcome == "pending"]
    members = list(meeting.attendees.all()) if meeting else []
    bound = lambda name: (data, files) if action == name else (None, None)  # noqa: E731
    return {
        "meeting_form": MeetingForm(*bound("meeting"), committee=call_round.committee),
        "vote_form": VoteSheetForm(
            bound("votes")[0], entries=pending, members=members, recorded=sheet["recorded"]
        ),
        "selection_form": SelectionForm(bound("select")[0], entries=pending),
        "bank_form": BankAnswerForm(bound("bank")[0]),
    }


def _act(request, call_round, action: str, forms: dict) -> bool:
    """Run one POSTed action; False (with the error on its form) when it was refused."""
    form = forms.get(FORM_OF.get(action, ""))
    if form is None or not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if action == "meeting":
            services.meeting_record(
                round_id=call_round.pk,
                held_on=data["held_on"],
                attendee_ids=[m.pk for m in data["attendees"]],
                minutes=data["minutes"],
                minutes_file=data["minutes_file"],
                actor=request.user,
            )
            messages.success(request, "심의 회의를 기록했습니다. 이제 접수를 받지 않습니다.")
        elif action == "votes":
            votes = form.votes()
            with transaction.atomic():  # the whole sheet, or nothing
                for entry_id, member_id, choice in votes:
                    services.vote_record(
                        round_id=call_round.pk,
                        member_id=member_id,
                        entry_id=entry_id,
                        choice=choice,
                        actor=request.user,
                    )
            messages.success(request, f"표결 {len(votes)}건을 기록했습니다.")
        elif action == "select":
            selected, reasons = form.selection()
            services.selection_decide(
                round_id=call_round.pk,
                selected_entry_ids=selected,
                reasons=reasons,
                actor=request.user,
            )
            messages.success(request, f"선정 {len(selected)}건을 확정하고 은행에 통보했습니다.")
        elif action == "bank":
            entry = call_round.entries.filter(pk=data["entry"]).first()
            if entry is None:
                raise services.RoundError("이 공고의 신청이 아닙니다.")
            services.bank_answer_record(
                entry_id=entry.pk,
                approved=data["answer"] == "approved",
                reason=data["reason"],
                actor=request.user,
            )
            messages.success(request, "은행 회신을 기록했습니다.")
    except services.RoundError as exc:
        form.add_error(None, str(exc))
        return False
    except ValidationError as exc:  # an empty vote sheet
        form.add_error(None, exc.messages[0])
        return False
    return True


@require_http_methods(["GET", "POST"])
@secretary_only
@logs_personal_data(data="공고 심의 상세", object_type="공고", object_id="pk")
def round_detail(request, pk: int):
    """공고 한 건: 접수 목록, 회의, 표결, 선정, 은행 회신."""
    call_round = _round(request, pk)
    meeting = CommitteeMeeting.objects.filter(call_round=call_round).first()
    sheet = round_sheet(call_round)
    action = request.POST.get("action", "") if request.method == "POST" else None
    forms = _forms(call_round, meeting, sheet, request.POST, request.FILES, action)
    status = 200
    if request.method == "POST":
        if _act(request, call_round, action, forms):
            return redirect(reverse("guarantees:round", args=[call_round.pk]) + f"#{action}")
        status = 400
        if action not in FORM_OF:
            messages.error(request, "알 수 없는 처리입니다. 화면의 버튼으로 다시 해 주세요.")
    return render(
        request,
        "guarantees/rounds/detail.html",
        {
            "round": call_round,
            "meeting": meeting,
            "attendees": list(meeting.attendees.all()) if meeting else [],
            "quorum_problem": services.quorum_problem(meeting) if meeting else None,
            "sheet": sheet,
            "action": action,
            **forms,
        },
        status=status,
    )


@require_GET
@secretary_only
@logs_personal_data(
    action="download", data="위원회 회의록 파일", object_type="공고", object_id="pk"
)
def round_minutes(request, pk: int):
    call_round = _round(request, pk)
    meeting = CommitteeMeeting.objects.filter(call_round=call_round).first()
    if meeting is None or not meeting.minutes_file_path:
        raise Http404("회의록 파일이 없습니다.")
    return FileResponse(
        open(uploads.absolute_path(meeting.minutes_file_path), "rb"),
        as_attachment=True,
        filename=meeting.minutes_file_name,
        content_type=meeting.minutes_file_type,
    )
