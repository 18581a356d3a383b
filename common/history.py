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
from django.apps import apps

LABELS = {"insert": "추가", "update": "변경", "delete": "삭제"}


# The Korean names of pghistory's own columns on every event model (the admin and the
# history pages read verbose names; tests/test_verbose_names.py refuses English ones).
EVENT_FIELD_NAMES = {
    "pgh_id": "기록 번호",
    "pgh_created_at": "기록 시각",
    "pgh_label": "변경 종류",
    "pgh_obj": "대상",
    "pgh_context": "변경 맥락 (누가·어디서)",
}


def track(*trackers, model_name: str | None = None, verbose_name: str | None = None, **options):
    """The one way to put pghistory on a model: `pghistory.track(*trackers, **options)` (its
    default trackers, insert and update, when none are given), with the event model and its
    columns named in Korean ("<모델> 변경 기록"; the copied primary key "원본 번호")."""

    def decorate(model):
        name = verbose_name or f"{model._meta.verbose_name} 변경 기록"
        meta = {"verbose_name": name, "verbose_name_plural": name, **options.pop("meta", {})}
        event = pghistory.create_event_model(
            model, *trackers, model_name=model_name, meta=meta, abstract=False, **options
        )
        _name_event_fields(event, model)
        return model

    return decorate


def _name_event_fields(event, model) -> None:
    """Set the Korean verbose names of pghistory's columns (and of the copied primary key,
    which pghistory re-creates without one) as if declared: `_verbose_name` too, which is
    what migrations read."""
    names = dict(EVENT_FIELD_NAMES)
    pk = model._meta.pk
    if pk.auto_created or not _has_hangul(pk.verbose_name):
        names[pk.name] = "원본 번호"
    for column in event._meta.local_fields:
        label = names.get(column.name)
        if label and not _has_hangul(column._verbose_name or ""):
            column.verbose_name = column._verbose_name = label


def _has_hangul(text) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in str(text))


def tracked(model):
    """Track inserts, updates and deletes of `model` (a deleted row leaves its last state)."""
    return track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())(model)


@dataclass
class Change:
    at: object
    kind: str
    who: str
    fields: list[tuple[str, object, object]] = field(default_factory=list)
    note: str = ""
    subject: str = ""  # which record, on a page of several (a programme and its rules)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed: show its name
        return name


def _shown(model, name: str) -> bool:
    """Bookkeeping columns (auto_now timestamps) are not changes anyone made."""
    try:
        f = model._meta.get_field(name)
    except Exception:
        return True
    return not getattr(f, "auto_now", False)


def _display(model, name: str, value):
    """A stored value as a person reads it: the choice's Korean label, 예/아니요."""
    if value is None:
        return None
    try:
        f = model._meta.get_field(name)
    except Exception:
        return value
    if getattr(f, "choices", None):
        return dict(f.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "예" if value else "아니요"
    return value


def event_models(model) -> list:
    """The pghistory event models that track `model` (one per @tracked model)."""
    return [m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) is model]


def history_events(model, pk=None, *, related=()):
    """The recorded events, newest first: of the row `pk` of `model` (it may since have been
    deleted), or of every row when `pk` is None. `related`: tracked models whose rows point
    to that row by a foreign key (a programme's eligibility rules), shown with it."""
    across = [m for tracked_model in (model, *related) for m in event_models(tracked_model)]
    events = pghistory.models.Events.objects.across(*across)
    if pk is not None:
        target = model(pk=pk)
        events = events.references(target) if related else events.tracks(target)
    return events.order_by("-pgh_created_at", "-pgh_id")


def _subject(model, event) -> str:
    data = event.pgh_data or {}
    name = str(model._meta.verbose_name)
    try:
        text = str(model(**{f.attname: data.get(f.attname) for f in model._meta.concrete_fields}))
    except Exception:  # a row whose __str__ needs related rows or fields since removed
        text = f"#{data.get('id', event.pgh_obj_id)}"
    return f"{name}: {text}"


def changes_of(events, model, *, subjects: bool = False) -> list[Change]:
    """`events` (Events rows, e.g. one page of them) as changes a person reads."""
    events = list(events)
    contexts = [e.pgh_context or {} for e in events]
    user_ids = {c.get("user") for c in contexts if c.get("user")}
    from django.contrib.auth import get_user_model

    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    changes = []
    for event, context in zip(events, contexts, strict=True):
        event_model = apps.get_model(event.pgh_model) if event.pgh_model else None
        source = getattr(event_model, "pgh_tracked_model", None) or model
        user = users.get(context.get("user"))
        who = (
            f"{user.get_full_name() or user.get_username()} ({user.get_username()})"
            if user
            else "시스템"
        )
        kind = LABELS.get(event.pgh_label, event.pgh_label)
        if event.pgh_diff:
            rows = [
                (_label(source, k), _display(source, k, before), _display(source, k, after))
                for k, (before, after) in event.pgh_diff.items()
                if _shown(source, k)
            ]
        else:
            rows = [
                (_label(source, k), None, _display(source, k, v))
                if event.pgh_label != "delete"
                else (_label(source, k), _display(source, k, v), None)
                for k, v in (event.pgh_data or {}).items()
                if k != "id" and _shown(source, k)
            ]
        note = ""
        if context.get("proposal"):
            note = f"변경 제안 #{context['proposal']} (제안: {context.get('proposed_by_name', '')})"
        subject = _subject(source, event) if subjects else ""
        changes.append(Change(event.pgh_created_at, kind, who, rows, note, subject))
    return changes


def change_history(obj, model=None) -> list[Change]:
    """The recorded changes of one object (newest first)."""
    model = model or type(obj)
    return changes_of(history_events(model, obj.pk), model)


@dataclass
class ProposalRow:
    proposal: object
    fields: list[tuple[str, object, object]]


def proposals_of(model, pk=None) -> list[ProposalRow]:
    """The maker-checker proposals (pending, applied, rejected) for a row, or for every row of
    the model when `pk` is None, newest first, with their fields in Korean."""
    from django.contrib.contenttypes.models import ContentType

    from .models import ChangeProposal

    proposals = ChangeProposal.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    ).select_related("proposed_by", "decided_by")
    if pk is not None:
        proposals = proposals.filter(object_id=str(pk))
    return [
        ProposalRow(
            p,
            [
                (
                    _label(model, k),
                    _display(model, k, (p.before or {}).get(k)),
                    _display(model, k, v),
                )
                for k, v in (p.after or {}).items()
            ],
        )
        for p in proposals.order_by("-proposed_at", "-pk")
    ]
