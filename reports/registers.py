"""The report registers' one way in (budget lines, contribution and supply plans, audit
findings, department duties): save or delete a row, with who did it in the history (the
registers are tracked by django-pghistory: a deleted row leaves its last state and who deleted
it)."""

from __future__ import annotations

import pghistory
from django.db import models, transaction


def register_row_save(*, row: models.Model, actor) -> models.Model:
    """Save one register row (a validated, unsaved form instance)."""
    with transaction.atomic(), pghistory.context(user=actor.pk):
        row.save()
    return row


def register_row_delete(*, row: models.Model, actor) -> None:
    """Delete one register row; the history keeps what it held and who deleted it."""
    with transaction.atomic(), pghistory.context(user=actor.pk):
        row.delete()
