"""The programme scope of the multiplier, as the ledger sees it.

The journal knows a programme only as a posting dimension (`program_id`). What a programme's
money means — its code, name, funding and capacity — belongs to the programs app, above the
ledger; it registers a provider here when Django starts (programs/apps.py), so the ledger can
compute and show programme multipliers without importing the layer above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProgramFunding:
    """One programme's figures at a date, for the multiplier's programme scope."""

    program_id: int
    code: str
    name: str
    funding_krw: int
    capacity_krw: int


ProgramFundingProvider = Callable[[dt.date], list[ProgramFunding]]

_provider: ProgramFundingProvider | None = None


def register_program_funding(provider: ProgramFundingProvider) -> None:
    global _provider
    _provider = provider


def program_funding(at: dt.date) -> list[ProgramFunding]:
    """Every programme's funding and capacity at `at`, ordered by code."""
    if _provider is None:  # programs is in INSTALLED_APPS: a missing provider is a setup bug
        raise RuntimeError("programs has not registered its funding provider (programs/apps.py)")
    return _provider(at)
