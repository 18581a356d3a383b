"""seed_demo and import_book throughput (rows written per second) vs PostgreSQL COPY of the
same rows.

Every run starts from a fresh database cloned from a migrated, empty template (`_empty`), so
each run does the whole job. The reference takes the rows our run wrote (COPY … TO, binary,
untimed) and times COPY … FROM of exactly those rows into tables made LIKE ours (same
columns, defaults, constraints and indexes; no triggers or foreign keys): the database's floor
for writing them. Its row count must equal ours.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from . import books
from .timing import Row

# The tables the loader writes (the reference copies exactly these rows).
TABLES = (
    "guarantees_business",
    "guarantees_guarantee",
    "ledger_journalentry",
    "ledger_posting",
    "guarantees_guaranteeevent",
)


def _fresh(scratch_url: str, template_url: str) -> None:
    connection.close()
    books.create_database(scratch_url, template=books.database_name(template_url), replace=True)


def _dump() -> dict[str, tuple[int, bytes]]:
    """The rows of TABLES as binary COPY data (and their counts)."""
    connection.ensure_connection()
    data = {}
    with connection.connection.cursor() as cursor:
        for table in TABLES:
            count = cursor.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            buffer = io.BytesIO()
            with cursor.copy(f"COPY (SELECT * FROM {table}) TO STDOUT (FORMAT binary)") as copy:
                for chunk in copy:
                    buffer.write(chunk)
            data[table] = (count, buffer.getvalue())
    return data


def _copy_reference(data: dict[str, tuple[int, bytes]]) -> tuple[float, int]:
    """Seconds to COPY the dumped rows into LIKE tables (one transaction), and the rows."""
    connection.ensure_connection()
    conn = connection.connection
    with conn.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f"CREATE TEMP TABLE bench_{table} (LIKE {table} INCLUDING DEFAULTS "
                "INCLUDING CONSTRAINTS INCLUDING INDEXES)"
            )
        conn.commit()
        started = time.perf_counter()
        for table in TABLES:
            with cursor.copy(f"COPY bench_{table} FROM STDIN (FORMAT binary)") as copy:
                copy.write(data[table][1])
        conn.commit()
        elapsed = time.perf_counter() - started
        for table in TABLES:
            copied = cursor.execute(f"SELECT count(*) FROM bench_{table}").fetchone()[0]
            if copied != data[table][0]:
                raise RuntimeError(f"COPY wrote {copied} rows into {table}, ours {data[table][0]}")
            cursor.execute(f"DROP TABLE bench_{table}")
        conn.commit()
    return elapsed, sum(count for count, _ in data.values())


def loading_rows(
    *, runs: int, warmup: int, scale: str, scratch_url: str, template_url: str
) -> list[Row]:
    from demo.demobook import generate_book

    csv_dir = Path(tempfile.mkdtemp(prefix="bench-book-"))
    generate_book(scale=scale).write_csv(csv_dir)
    jobs = {
        "seed_demo": lambda: call_command("seed_demo", scale=scale, stdout=io.StringIO()),
        "import_book": lambda: call_command("import_book", str(csv_dir), stdout=io.StringIO()),
    }
    rows = []
    for name, job in jobs.items():
        ours, reference, written = [], [], set()
        for i in range(warmup + runs):
            _fresh(scratch_url, template_url)
            started = time.perf_counter()
            job()
            elapsed = time.perf_counter() - started
            data = _dump()
            copy_s, copied = _copy_reference(data)
            if i >= warmup:
                ours.append(elapsed)
                reference.append(copy_s)
                written.add(copied)
        if len(written) != 1:
            raise RuntimeError(f"{name}: different row counts between runs: {written}")
        count = written.pop()
        rows.append(
            Row(
                name=f"{name} ({scale} book)",
                ours_s=statistics.median(ours),
                reference_s=statistics.median(reference),
                unit="rows/s",
                rows=count,
                notes=f"{count:,} rows written ({', '.join(TABLES)}); reference: binary COPY "
                "of the same rows into LIKE tables (indexes, no triggers)",
            )
        )
    for path in csv_dir.iterdir():
        path.unlink()
    csv_dir.rmdir()
    connection.close()
    return rows
