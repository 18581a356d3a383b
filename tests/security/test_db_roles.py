"""Probe row 3: the application connects as a role that owns nothing and may only SELECT and
INSERT on the append-only tables; it cannot TRUNCATE, UPDATE or DELETE them, nor turn the
triggers off with session_replication_role; TRUNCATE is refused by a trigger too."""

from __future__ import annotations

import io

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

# serialized_rollback: the flush after this test must not leave the later tests without
# the reference data (roles, chart of accounts) the migrations wrote.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROLE, PASSWORD = "icgf_probe_app", "probe-pw-7"


@pytest.fixture
def app_connection(monkeypatch):
    monkeypatch.setenv("APP_DB_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("db_roles", "--role", ROLE, stdout=out)
    assert "TRUNCATE 없음" in out.getvalue()
    s = connection.settings_dict
    conn = psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        dbname=s["NAME"],
        user=ROLE,
        password=PASSWORD,
        autocommit=True,
    )
    yield conn
    conn.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {ROLE}")
        cursor.execute(f"DROP ROLE {ROLE}")


def _refused(conn, statement: str) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(statement)
    return str(caught.value)


APPEND_ONLY = (
    "ledger_journalentry",
    "ledger_posting",
    "accounts_personaldataaccess",
    "guarantees_guaranteeevent",
)


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_the_app_role_cannot_truncate_update_or_delete(app_connection, table):
    conn = app_connection
    conn.execute(f"SELECT count(*) FROM {table}")  # reading works
    assert "permission denied" in _refused(conn, f"TRUNCATE {table}")
    assert "permission denied" in _refused(conn, f"DELETE FROM {table}")
    assert "permission denied" in _refused(conn, f"UPDATE {table} SET id = id")


def test_the_app_role_cannot_switch_the_triggers_off(app_connection):
    assert "permission denied" in _refused(app_connection, "SET session_replication_role = replica")
    # nor drop them: only the owner may alter a table
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app_connection.execute("ALTER TABLE ledger_journalentry DISABLE TRIGGER ALL")


def test_the_app_role_owns_nothing_and_can_do_its_work(app_connection):
    conn = app_connection
    owned = conn.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = current_user"
    ).fetchone()[0]
    assert owned == 0
    su = conn.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    assert su == (False, False, False)
    # ordinary tables: full DML (a session row written, changed, removed)
    conn.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date) "
        "VALUES ('probe', 'x', now())"
    )
    conn.execute("UPDATE django_session SET session_data = 'y' WHERE session_key = 'probe'")
    conn.execute("DELETE FROM django_session WHERE session_key = 'probe'")
    assert "permission denied" in _refused(conn, "CREATE TABLE probe (id int)")
    assert "permission denied" in _refused(conn, "DELETE FROM django_migrations")


def test_the_truncate_trigger_refuses_anyone_but_the_owner(app_connection):
    with connection.cursor() as cursor:  # even with the privilege granted by mistake
        cursor.execute(f"GRANT TRUNCATE ON accounts_personaldataaccess TO {ROLE}")
    message = _refused(app_connection, "TRUNCATE accounts_personaldataaccess")
    assert "append-only: TRUNCATE is refused" in message


def test_the_command_needs_a_password_and_a_role_other_than_the_owner(monkeypatch):
    monkeypatch.delenv("APP_DB_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="APP_DB_PASSWORD"):
        call_command("db_roles", "--role", ROLE)
    monkeypatch.setenv("APP_DB_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="소유자와 달라야"):
        call_command("db_roles", "--role", connection.settings_dict["USER"])
