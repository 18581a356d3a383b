"""Which database holds which benchmark book, and how it gets there.

The books live in databases of their own beside the portal's, on the same server, so that a
benchmark never touches the portal's data and a second `make bench` reuses the first one's
books (seeding the Incheon book takes minutes):

    BENCH_DATABASE_URL         the Incheon book, the default main book (default:
                               DATABASE_URL's database + "_bench")
    <that database>_tiny       the small book (query counts must equal the main book's)
    <that database>_national   the national book (BENCH_SCALE=national)
    <that database>_empty      migrated, no data: the template of each loading run
    <that database>_scratch    re-created from _empty for every loading run

A book database is created when absent, migrated on every run (cheap when up to date), and
seeded once (`seed_demo --scale S`, then the staff pages' demo applications); a row in the
table `benchmark_book` records that the seed finished.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def bench_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    base = os.environ.get("DATABASE_URL")
    if not base:
        raise SystemExit("bench: DATABASE_URL is not set (run through `make bench`)")
    return with_database(base, database_name(base) + "_bench")


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def book_url(scale: str) -> str:
    """The database of the book at `scale`: the Incheon book is BENCH_DATABASE_URL's."""
    url = bench_url()
    if scale == "incheon":
        return url
    return with_database(url, f"{database_name(url)}_{scale}")


def _conninfo(url: str) -> str:
    """A libpq connection string psycopg accepts for a postgres:// URL (incl. ?host=socket)."""
    return url.replace("postgres://", "postgresql://", 1)


def admin(url: str) -> psycopg.Connection:
    """An autocommit connection to the server's `postgres` database (CREATE/DROP DATABASE)."""
    return psycopg.connect(_conninfo(with_database(url, "postgres")), autocommit=True)


def database_exists(url: str) -> bool:
    with admin(url) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    return row is not None


def create_database(url: str, *, template: str | None = None, replace: bool = False) -> None:
    name = database_name(url)
    with admin(url) as conn:
        if replace:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{template}"'
        conn.execute(sql)


def seeded_scale(url: str) -> str | None:
    """The scale recorded by a finished seed, or None."""
    with psycopg.connect(_conninfo(url)) as conn:
        if conn.execute("SELECT to_regclass('benchmark_book')").fetchone()[0] is None:
            return None
        row = conn.execute("SELECT scale FROM benchmark_book").fetchone()
    return row[0] if row else None


def mark_seeded(url: str, scale: str) -> None:
    with psycopg.connect(_conninfo(url)) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS benchmark_book (scale text, seeded_at timestamptz)"
        )
        conn.execute("DELETE FROM benchmark_book")
        conn.execute("INSERT INTO benchmark_book VALUES (%s, now())", [scale])


def manage(url: str, *args: str, quiet: bool = False) -> None:
    """`manage.py ARGS` against the database at `url` (stdout kept for the operator)."""
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else sys.stderr,
    )


def ensure_book(scale: str, log=print) -> str:
    """The URL of a migrated database holding the book at `scale`, seeding it if needed."""
    url = book_url(scale)
    if not database_exists(url):
        log(f"bench: creating database {database_name(url)}")
        create_database(url)
    manage(url, "migrate", "--no-input", "-v0")
    found = seeded_scale(url)
    if found is None:
        log(f"bench: seeding the {scale} book into {database_name(url)} (once; minutes at scale)")
        manage(url, "seed_demo", "--scale", scale)
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run(
            [sys.executable, "-m", "benchmarks.measure", "demo-applications"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,  # the demo's notification e-mails (console backend)
        )
        mark_seeded(url, scale)
    elif found != scale:
        raise SystemExit(f"bench: {database_name(url)} holds a {found} book, not {scale}")
    return url


def ensure_empty() -> str:
    """A migrated database without data, the template of every loading run."""
    url = with_database(bench_url(), database_name(bench_url()) + "_empty")
    if not database_exists(url):
        create_database(url)
    manage(url, "migrate", "--no-input", "-v0")
    return url
