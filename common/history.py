"""Every change to what decides is recorded: who, when, before and after (issue 15 item 2).

`tracked` is the one decorator for such models: django-pghistory installs PostgreSQL triggers
that write a snapshot row for each insert, update and delete (bulk updates and raw SQL
included), with the request's context (pghistory's HistoryMiddleware records the signed-in
user for every writing request; services add theirs with `pghistory.context(user=...)`).

`change_history(obj)` reads those rows back as a list of changes, newest first, each with who
(the user, resolved from the context), when, what kind of change, and every field that
changed with its value before and after. The admin shows it on each tracked object's history
page (`HistoryAdmin`), beside the object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pghistory

LABELS = {"insert": "추가", "update": "변경", "delete": "삭제"}


def tracked(model):
    """Track inserts, updates and deletes of `model` (a deleted row leaves its last state)."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()
    )(model)


@dataclass
class Change:
    at: object
    kind: str
    who: str
    fields: list[tuple[str, object, object]] = field(default_factory=list)
    note: str = ""


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed: show its name
        return name


def change_history(obj, model=None) -> list[Change]:
    """The recorded changes of one object (newest first)."""
    model = model or type(obj)
    events = (
        pghistory.models.Events.objects.tracks(obj)
        .order_by("-pgh_created_at", "-pgh_id")
        .select_related(None)
    )
    events = list(events)
    user_ids = {
        (e.pgh_context or {}).get("user") for e in events if (e.pgh_context or {}).get("user")
    }
    from django.contrib.auth import get_user_model

    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    changes = []
    for event in events:
        context = event.pgh_context or {}
        user = users.get(context.get("user"))
        who = (
            f"{user.get_full_name() or user.get_username()} ({user.get_username()})"
            if user
            else "시스템"
        )
        kind = LABELS.get(event.pgh_label, event.pgh_label)
        if event.pgh_diff:
            rows = [
                (_label(model, k), before, after) for k, (before, after) in event.pgh_diff.items()
            ]
        else:
            rows = [
                (_label(model, k), None, v)
                if event.pgh_label != "delete"
                else (_label(model, k), v, None)
                for k, v in (event.pgh_data or {}).items()
            ]
        note = ""
        if context.get("proposal"):
            note = f"변경 제안 #{context['proposal']} (제안: {context.get('proposed_by_name', '')})"
        changes.append(Change(event.pgh_created_at, kind, who, rows, note))
    return changes
