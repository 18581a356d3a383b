"""Backups and the way back (docs/backup.md): pg_dump of a portal database restored into an
empty database gives the same book_summary, multipliers and council report text; the private
media archive restores every stored document byte for byte (sha256 as recorded)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from guarantees.models import ApplicationDocument

# serialized_rollback: the flush after this test must not leave the later tests without
# the reference data (roles, chart of accounts) the migrations wrote.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(settings.BASE_DIR)
PG_DUMP, PG_RESTORE = shutil.which("pg_dump"), shutil.which("pg_restore")


def _url(name: str) -> str:
    s = connection.settings_dict
    user = s["USER"] or "postgres"
    return f"postgres://{user}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _manage(database: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": _url(database),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    done = subprocess.run(  # nosec B603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _figures(database: str, tmp: Path) -> dict:
    from pypdf import PdfReader

    out = tmp / f"{database}.pdf"
    _manage(database, "council_report", "--year", "2020", "--out", str(out))
    return {
        "book_summary": json.loads(_manage(database, "book_summary", "--year", "2020", "--json")),
        "multipliers": json.loads(
            _manage(database, "compute_multipliers", "--date", "2020-12-31", "--json")
        ),
        "report_text": "".join(page.extract_text() for page in PdfReader(out).pages),
    }


def test_a_dump_restored_into_an_empty_database_gives_the_same_figures(
    tmp_path, organisation, programs, submitted
):
    # Not a skip: the way back is part of the product (docs/backup.md); a machine without
    # PostgreSQL's client tools fails here and says why.
    assert PG_DUMP and PG_RESTORE, (
        "pg_dump/pg_restore가 없습니다: PostgreSQL 클라이언트를 설치하세요"
    )
    from django.core.management import call_command

    from tests.guarantees.book.test_import import GOOD, write_book

    book = tmp_path / "book"
    book.mkdir()
    call_command("import_book", str(write_book(book, GOOD)), stdout=io.StringIO())
    source = connection.settings_dict["NAME"]
    target = f"{source}_restored"
    before = _figures(source, tmp_path)
    assert before["book_summary"] and before["report_text"]

    # 1. the backup: the database (custom format) and the private media (tar)
    dump = tmp_path / "portal.dump"
    subprocess.run(  # nosec B603
        [PG_DUMP, "--format=custom", "--no-owner", f"--file={dump}", _url(source)], check=True
    )
    media = Path(settings.PRIVATE_MEDIA_ROOT)
    archive = tmp_path / "private-media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(media, arcname="private")
    stored = list(ApplicationDocument.objects.values_list("storage_path", "sha256"))
    assert stored

    # 2. the way back: an empty database and an empty media directory
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(  # nosec B603
            [PG_RESTORE, "--no-owner", "--exit-on-error", f"--dbname={_url(target)}", str(dump)],
            check=True,
        )
        shutil.rmtree(media)
        with tarfile.open(archive) as tar:
            tar.extractall(media.parent, filter="data")
        for path, sha256 in stored:
            assert hashlib.sha256((media / path).read_bytes()).hexdigest() == sha256
        after = _figures(target, tmp_path)
        assert after == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
