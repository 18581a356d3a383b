"""What an import reports: a problem (file, row, column, reason), the error that carries
all of them, and the counts of a load."""

from __future__ import annotations

from dataclasses import dataclass, field

from common.errors import DomainError

REQUIRED = ("base_assets", "guarantees", "events")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.reason}"


class BookImportError(DomainError):
    """The files have problems; nothing was imported."""

    code = "book_import"

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)}개 문제")


@dataclass
class LoadResult:
    businesses: int = 0
    guarantees: int = 0
    events: int = 0
    entries: int = 0
    postings: int = 0
    base_asset_rows: int = 0
    skipped_guarantees: int = 0
    skipped_events: int = 0
    subsidies: int = 0
    skipped_subsidies: int = 0
    timings: dict[str, float] = field(default_factory=dict)
