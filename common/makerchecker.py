"""Maker-checker services: propose a change (the maker), approve or reject it (a checker who
is not the maker). Approving applies the proposed values to the record in one transaction,
with pghistory's context naming the checker and the proposal, so the record's history says
who changed it, who proposed it and that a second person approved.

A proposal whose record changed since it was made is refused on approval (stale): its
"before" no longer describes what it would overwrite.
"""

from __future__ import annotations

import json

import pghistory
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .errors import DomainError
from .models import ChangeProposal, ProposalStatus


class ProposalError(DomainError):
    """A proposal that cannot be decided (message in Korean)."""


def _fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.editable and not getattr(f, "auto_now", False)
    ]


def snapshot(obj: models.Model) -> dict:
    """The editable values of a record, as JSON."""
    data = {f.name: f.value_from_object(obj) for f in _fields(type(obj))}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def change_propose(*, obj: models.Model, proposed: models.Model, actor) -> ChangeProposal:
    """Record `proposed` (an unsaved, validated copy of `obj` with the new values; `obj` is
    None for an addition) as a proposal. Nothing changes until someone else approves it."""
    model = type(proposed)
    before = snapshot(obj) if obj is not None else {}
    after = snapshot(proposed)
    if obj is not None:
        after = {k: v for k, v in after.items() if before.get(k) != v}
        if not after:
            raise ProposalError("바뀐 항목이 없습니다.")
        before = {k: before[k] for k in after}
    return ChangeProposal.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(obj.pk) if obj is not None else "",
        summary=str(obj if obj is not None else proposed)[:200],
        before=before,
        after=after,
        proposed_by=actor,
    )


def _lock(proposal_id: int) -> ChangeProposal:
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal_id)
    if proposal.status != ProposalStatus.PENDING:
        raise ProposalError(
            f"변경 제안 #{proposal.pk}은 이미 {proposal.get_status_display()}되었습니다."
        )
    return proposal


def change_approve(*, proposal_id: int, actor) -> models.Model:
    """Apply a pending proposal: only a person other than its maker may."""
    with transaction.atomic():
        proposal = _lock(proposal_id)
        if proposal.proposed_by_id == actor.pk:
            raise ProposalError(
                "자신이 제안한 변경은 승인할 수 없습니다. 다른 사람의 승인이 필요합니다."
            )
        model = proposal.content_type.model_class()
        if proposal.object_id:
            obj = model.objects.select_for_update().get(pk=proposal.object_id)
            current = snapshot(obj)
            if any(current.get(k) != v for k, v in proposal.before.items()):
                raise ProposalError(
                    "제안 뒤에 이 항목이 바뀌었습니다. 현재 값을 보고 다시 제안해 주세요."
                )
        else:
            obj = model()
        for name, value in proposal.after.items():
            field = model._meta.get_field(name)
            setattr(obj, field.attname, field.to_python(value))
        obj.full_clean()
        with pghistory.context(
            user=actor.pk,
            proposal=proposal.pk,
            proposed_by=proposal.proposed_by_id,
            proposed_by_name=proposal.proposed_by.get_username(),
        ):
            obj.save()
        proposal.status = ProposalStatus.APPLIED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        if not proposal.object_id:
            proposal.object_id = str(obj.pk)
        proposal.save(update_fields=["status", "decided_by", "decided_at", "object_id"])
    return obj


def change_reject(*, proposal_id: int, actor, reason: str = "") -> ChangeProposal:
    with transaction.atomic():
        proposal = _lock(proposal_id)
        if proposal.proposed_by_id == actor.pk:
            raise ProposalError(
                "자신이 제안한 변경은 반려할 수 없습니다. 철회는 다른 사람이 반려합니다."
            )
        proposal.status = ProposalStatus.REJECTED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.reason = reason[:300]
        proposal.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return proposal
