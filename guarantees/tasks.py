"""Celery discovers `<app>.tasks`: the areas' task modules are imported here."""

from .review.tasks import *  # noqa: F403 — staff workflow (issue #4)
