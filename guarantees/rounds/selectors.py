"""Reads for the rounds pages: which rounds a secretary sees, a round's sheet, an applicant's
round and outcome."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from ..models import CallRound, CommitteeVote, ContributorOfficer, FundCommittee, RoundEntry


def secretary_contributor(user) -> str | None:
    """The committee secretary is the contributor's officer (seed 003: the 구청 지역경제과
    runs the call and the 기금운용심의위원회, then notifies the bank)."""
    officer = ContributorOfficer.objects.filter(user=user).first()
    return officer.contributor if officer else None


def secretary_committees(contributor: str):
    from ..contributors.selectors import funded_program_ids

    return FundCommittee.objects.filter(
        Q(contributor=contributor) | Q(program_id__in=funded_program_ids(contributor))
    )


def secretary_rounds(contributor: str):
    return (
        CallRound.objects.filter(committee__in=secretary_committees(contributor))
        .select_related("program", "committee")
        .annotate(
            n_entries=Count("entries", distinct=True),
            n_selected=Count("entries", filter=Q(entries__outcome="selected"), distinct=True),
        )
    )


def round_sheet(call_round: CallRound) -> dict:
    """Entries with their vote tallies and the totals the secretary decides on."""
    entries = list(
        RoundEntry.objects.filter(call_round=call_round)
        .select_related("application", "application__business")
        .order_by("application__submitted_at", "pk")
    )
    votes: dict[int, dict[str, int]] = {
        e.pk: {"for": 0, "against": 0, "abstain": 0} for e in entries
    }
    recorded = set()
    for entry_id, member_id, choice in CommitteeVote.objects.filter(
        entry__call_round=call_round
    ).values_list("entry_id", "member_id", "choice"):
        votes[entry_id][choice] += 1
        recorded.add((entry_id, member_id))
    asked = sum(e.application.amount_krw or 0 for e in entries)
    selected = (
        RoundEntry.objects.filter(call_round=call_round, outcome="selected").aggregate(
            total=Sum("application__amount_krw")
        )["total"]
        or 0
    )
    return {
        "entries": [(e, votes[e.pk]) for e in entries],
        "recorded": recorded,
        "asked_krw": asked,
        "selected_krw": selected,
    }


def applicant_round(application) -> RoundEntry | None:
    return (
        RoundEntry.objects.filter(application=application)
        .select_related("call_round", "call_round__committee")
        .first()
    )
