"""Celery discovers `<app>.tasks`: the areas' task modules are imported here."""

from .bank.tasks import *  # noqa: F403 — 기한경과 (issue 12)
from .review.tasks import *  # noqa: F403 — staff workflow (issue #4)
from .risk.tasks import *  # noqa: F403 — the stress simulator (issue 14)
