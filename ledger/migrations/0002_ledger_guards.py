"""The ledger's invariants, enforced by PostgreSQL itself.

1. Append-only: UPDATE and DELETE on entries and postings raise. A correction is a reversing
   entry. (TRUNCATE stays possible: it is how a test database is emptied, never a row change.)
2. Balanced: when a transaction commits, every entry it touched has at least two postings that
   sum to zero (DEFERRABLE INITIALLY DEFERRED constraint triggers, so postings can be inserted
   in several statements of one transaction).
3. A posting's entry_date is its entry's date (filled by the database, not trusted from
   the client), so that balance-at-date queries can read the posting table alone.
Idempotency keys are unique by the model's unique constraint.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger is append-only: % on % is refused; post a reversing entry instead',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER journalentry_append_only BEFORE UPDATE OR DELETE ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE FUNCTION ledger_posting_set_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT e.date INTO NEW.entry_date FROM ledger_journalentry e WHERE e.id = NEW.entry_id;
    RETURN NEW;
END $$;
CREATE TRIGGER posting_entry_date BEFORE INSERT ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_posting_set_date();

CREATE FUNCTION ledger_check_entry(entry bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    lines integer;
    total numeric;
BEGIN
    SELECT count(*), coalesce(sum(amount_krw), 0) INTO lines, total
      FROM ledger_posting WHERE entry_id = entry;
    IF lines < 2 OR total <> 0 THEN
        RAISE EXCEPTION 'journal entry % does not balance: % postings summing to % won',
            entry, lines, total USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END $$;

CREATE FUNCTION ledger_posting_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ledger_check_entry(NEW.entry_id);
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER posting_balanced AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_posting_balanced();

CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ledger_check_entry(NEW.id);
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journalentry_balanced AFTER INSERT ON ledger_journalentry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS journalentry_balanced ON ledger_journalentry;
DROP TRIGGER IF EXISTS posting_balanced ON ledger_posting;
DROP TRIGGER IF EXISTS posting_entry_date ON ledger_posting;
DROP TRIGGER IF EXISTS posting_append_only ON ledger_posting;
DROP TRIGGER IF EXISTS journalentry_append_only ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_entry_balanced();
DROP FUNCTION IF EXISTS ledger_posting_balanced();
DROP FUNCTION IF EXISTS ledger_check_entry(bigint);
DROP FUNCTION IF EXISTS ledger_posting_set_date();
DROP FUNCTION IF EXISTS ledger_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
