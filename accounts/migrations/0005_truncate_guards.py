"""TRUNCATE guards on the append-only tables (probe row 3).

The append-only triggers refuse UPDATE and DELETE row by row; TRUNCATE fires no row trigger,
so it is refused here by a statement trigger — for every role but the tables' owner (who runs
the migrations and the test suite's flush) and superusers. The application's own role
(`manage.py db_roles`) holds no TRUNCATE privilege in the first place; the trigger holds even
if someone grants it by mistake.
"""

from django.db import migrations

TABLES = (
    "ledger_journalentry",
    "ledger_posting",
    "accounts_personaldataaccess",
    "guarantees_guaranteeevent",
    "guarantees_agreement",
    "guarantees_bankapicall",
)

FORWARD = """
CREATE FUNCTION icgf_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(session_user, (SELECT tableowner FROM pg_tables
                                  WHERE schemaname = TG_TABLE_SCHEMA
                                    AND tablename = TG_TABLE_NAME), 'MEMBER')
       OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: TRUNCATE is refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
""" + "".join(
    f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
    "FOR EACH STATEMENT EXECUTE FUNCTION icgf_refuse_truncate();\n"
    for t in TABLES
)

BACKWARD = (
    "".join(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t};\n" for t in TABLES)
    + "DROP FUNCTION IF EXISTS icgf_refuse_truncate();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_bank_officer_role"),
        ("ledger", "0006_posting_day_totals"),
        ("guarantees", "0009_bank_channel"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
