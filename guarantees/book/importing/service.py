"""`book_import`: the one service that imports a legacy book, owning its transaction.

`import_tables` validates and loads inside the caller's transaction (seed_demo and the tests
nest it); `book_import` is what `import_book` calls: it reads the directory, and validates and
loads in one durable transaction of its own, so that a broken book is refused whole and
nothing is half-written.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from django.db import transaction

from .checking import validate
from .problems import BookImportError, LoadResult
from .reading import read_dir
from .writing import load


def import_tables(tables: dict[str, Sequence[tuple]], *, dry_run: bool = False) -> LoadResult:
    """Validate, then load all-or-nothing in the caller's transaction. Raises
    BookImportError with every problem; with `dry_run` validates only."""
    started = time.perf_counter()
    plan, problems = validate(tables)
    if problems:
        raise BookImportError(problems)
    if dry_run:
        return LoadResult(
            guarantees=len(plan.guarantees),
            events=sum(len(v) for v in plan.events.values()),
            subsidies=len(plan.subsidies),
            skipped_subsidies=plan.skipped_subsidies,
        )
    validated = time.perf_counter() - started
    result = load(plan)
    result.timings = {"validate": validated, **{f"load.{k}": v for k, v in result.timings.items()}}
    return result


def book_import(directory: str | Path, *, dry_run: bool = False) -> LoadResult:
    """Read the interchange files of `directory` and import them in one durable transaction.
    Raises BookImportError with every problem (reading or validation); nothing is written."""
    tables, problems = read_dir(directory)
    if problems:
        raise BookImportError(problems)
    with transaction.atomic(durable=True):
        return import_tables(tables, dry_run=dry_run)
