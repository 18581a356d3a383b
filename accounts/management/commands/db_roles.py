"""`manage.py db_roles`: the application's own database role (probe row 3).

Run as the database owner (the DATABASE_URL that runs `migrate`), after every `migrate`:

    python manage.py migrate
    APP_DB_PASSWORD=… python manage.py db_roles --role icgf_app

The role it creates (or corrects) owns nothing, is no superuser and cannot create databases,
roles or objects; it may only:

- SELECT and INSERT on the append-only tables (the journal and its postings, the personal-data
  access log, the e-agreements, the bank API log, the pghistory event tables); on the book's
  guarantee events also UPDATE of `journal_entry_id` alone (the service links an event to the
  journal entry it wrote);
- SELECT on django_migrations (the portal checks, never migrates, as this role);
- SELECT, INSERT, UPDATE, DELETE on every other table, and use the sequences.

No TRUNCATE, REFERENCES or TRIGGER anywhere, and — not being a superuser — it cannot
`SET session_replication_role`, which would switch the append-only triggers off. The portal
then connects with `DATABASE_URL=postgres://icgf_app:…@host/db` (docker-compose.yml: the web,
worker and beat services use APP_DATABASE_URL; the migrate step uses the owner's URL).
"""

from __future__ import annotations

import os

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from common.korean import with_particle

APPEND_ONLY_MODELS = (
    "ledger.JournalEntry",
    "ledger.Posting",
    "accounts.PersonalDataAccess",
    "guarantees.Agreement",
    "guarantees.BankApiCall",
)
# table: the columns the services update on an otherwise append-only table
COLUMN_UPDATES = {"guarantees.GuaranteeEvent": ("journal_entry_id",)}
READ_ONLY_TABLES = ("django_migrations",)


def append_only_tables() -> set[str]:
    tables = {apps.get_model(label)._meta.db_table for label in APPEND_ONLY_MODELS}
    for model in apps.get_models():
        if any(f.name == "pgh_obj" for f in model._meta.fields):  # pghistory's event copies
            tables.add(model._meta.db_table)
    return tables


class Command(BaseCommand):
    help = (
        "Create or correct the application's database role (SELECT/INSERT on append-only tables)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default="icgf_app", help="role name (default icgf_app)")
        parser.add_argument(
            "--password-env",
            default="APP_DB_PASSWORD",
            help="environment variable holding the role's password (default APP_DB_PASSWORD)",
        )

    def handle(self, *args, role, password_env, **options):
        password = os.environ.get(password_env, "")
        if not password:
            raise CommandError(f"{password_env}에 응용 프로그램 역할의 비밀번호를 넣어 주세요.")
        if role == connection.settings_dict["USER"]:
            raise CommandError("응용 프로그램 역할은 데이터베이스 소유자와 달라야 합니다.")
        append_only = append_only_tables()
        column_updates = {
            apps.get_model(label)._meta.db_table: cols for label, cols in COLUMN_UPDATES.items()
        }
        r = sql.Identifier(role)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            verb = "ALTER" if cursor.fetchone() else "CREATE"
            cursor.execute(
                sql.SQL(
                    "{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    "NOBYPASSRLS NOINHERIT PASSWORD {}"
                ).format(sql.SQL(verb), r, sql.Literal(password))
            )
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                "WHERE r.rolname = %s",
                [role],
            )
            if cursor.fetchone()[0]:
                raise CommandError(
                    f"{with_particle(f'역할 {role}', '이')} 테이블을 소유하고 있습니다. 소유권을 옮겨 주세요."
                )
            database = sql.Identifier(connection.settings_dict["NAME"])
            for statement in (
                "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}",
                "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {r}",
                "REVOKE CREATE ON SCHEMA public FROM {r}",
                "REVOKE CREATE, TEMPORARY ON DATABASE {db} FROM {r}",
                "GRANT CONNECT ON DATABASE {db} TO {r}",
                "GRANT USAGE ON SCHEMA public TO {r}",
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
            ):
                cursor.execute(sql.SQL(statement).format(r=r, db=database))
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = sorted(row[0] for row in cursor.fetchall())
            counts = {"append-only": 0, "read-only": 0, "full": 0}
            for table in tables:
                t = sql.Identifier(table)
                if table in READ_ONLY_TABLES:
                    grant, kind = sql.SQL("GRANT SELECT ON {} TO {}").format(t, r), "read-only"
                elif table in append_only or table in column_updates:
                    grant, kind = (
                        sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(t, r),
                        "append-only",
                    )
                else:
                    grant = sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(t, r)
                    kind = "full"
                cursor.execute(grant)
                counts[kind] += 1
                if table in column_updates:
                    cursor.execute(
                        sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(
                            sql.SQL(", ").join(map(sql.Identifier, column_updates[table])), t, r
                        )
                    )
        self.stdout.write(
            f"역할 {role}: 추가만 {counts['append-only']}개, 읽기만 {counts['read-only']}개, "
            f"읽고 쓰기 {counts['full']}개 테이블 (TRUNCATE 없음, 소유 객체 없음)"
        )
