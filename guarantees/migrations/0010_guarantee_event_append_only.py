"""The book's event table is append-only, enforced by PostgreSQL like the ledger's journal
(ledger migration 0002): UPDATE and DELETE of a GuaranteeEvent raise (except linking its
journal entry once, which the service does right after writing the event), and so does TRUNCATE by
any role that does not own the table (the portal's application role). A correction of the book
is a new event (a reversal) through the services, which post its journal entry.

TRUNCATE by the table's owner stays possible: migrations and the test database's flush run as
the owner and empty tables that way; it never changes a row of a live book. (The application
role must therefore not own the tables; see docs/security.md.)
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION guarantees_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The one change allowed: linking the event's journal entry once, right after the event
    -- is written (the entry's idempotency key names the event), every other column unchanged.
    IF TG_OP = 'UPDATE' AND OLD.journal_entry_id IS NULL AND NEW.journal_entry_id IS NOT NULL
       AND to_jsonb(NEW) - 'journal_entry_id' = to_jsonb(OLD) - 'journal_entry_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the book is append-only: % on % is refused; book a reversing event instead',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE FUNCTION guarantees_event_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner name;
BEGIN
    SELECT pg_get_userbyid(c.relowner) INTO owner FROM pg_class c WHERE c.oid = TG_RELID;
    IF NOT pg_has_role(current_user, owner, 'MEMBER') THEN
        RAISE EXCEPTION 'the book is append-only: TRUNCATE on % is refused for role %',
            TG_TABLE_NAME, current_user USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER guaranteeevent_append_only BEFORE UPDATE OR DELETE ON guarantees_guaranteeevent
    FOR EACH ROW EXECUTE FUNCTION guarantees_event_refuse_change();
CREATE TRIGGER guaranteeevent_no_truncate BEFORE TRUNCATE ON guarantees_guaranteeevent
    FOR EACH STATEMENT EXECUTE FUNCTION guarantees_event_refuse_truncate();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS guaranteeevent_no_truncate ON guarantees_guaranteeevent;
DROP TRIGGER IF EXISTS guaranteeevent_append_only ON guarantees_guaranteeevent;
DROP FUNCTION IF EXISTS guarantees_event_refuse_truncate();
DROP FUNCTION IF EXISTS guarantees_event_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("guarantees", "0009_bank_channel")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
