"""Daily posting totals kept by the database (ledger.models.PostingDayTotal).

A statement-level AFTER INSERT trigger with a transition table adds each INSERT's or COPY's
postings, grouped by (account, day, branch, programme), to `ledger_postingdaytotal` with one
upsert, in the inserting transaction. Keys are upserted in key order so that two
transactions touching the same keys lock them in the same order. Postings are append-only
(0002), so nothing else can change a total. Existing postings are summed once, here.
"""

import django.db.models.deletion
from django.db import migrations, models


FORWARD = r"""
CREATE FUNCTION ledger_posting_day_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_postingdaytotal
        (account_id, entry_date, branch_id, program_id, amount_krw, postings)
    SELECT account_id, entry_date, branch_id, program_id, sum(amount_krw), count(*)
    FROM new_postings
    GROUP BY account_id, entry_date, branch_id, program_id
    ORDER BY account_id, entry_date, branch_id, program_id
    ON CONFLICT ON CONSTRAINT posting_day_total_key DO UPDATE
        SET amount_krw = ledger_postingdaytotal.amount_krw + EXCLUDED.amount_krw,
            postings = ledger_postingdaytotal.postings + EXCLUDED.postings;
    RETURN NULL;
END $$;

CREATE TRIGGER posting_day_totals AFTER INSERT ON ledger_posting
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_posting_day_totals();

INSERT INTO ledger_postingdaytotal
    (account_id, entry_date, branch_id, program_id, amount_krw, postings)
SELECT account_id, entry_date, branch_id, program_id, sum(amount_krw), count(*)
FROM ledger_posting
GROUP BY account_id, entry_date, branch_id, program_id;
"""

BACKWARD = r"""
DROP TRIGGER posting_day_totals ON ledger_posting;
DROP FUNCTION ledger_posting_day_totals();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0001_initial'),
        ('ledger', '0005_multiplier_run'),
        ('programs', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='PostingDayTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('entry_date', models.DateField(verbose_name='회계일')),
                ('amount_krw', models.BigIntegerField(verbose_name='합계(원)')),
                ('postings', models.BigIntegerField(verbose_name='전기 수')),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.account')),
                ('branch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.orgunit')),
                ('program', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programs.program')),
            ],
            options={
                'verbose_name': '일별 전기 합계',
                'verbose_name_plural': '일별 전기 합계',
                'constraints': [models.UniqueConstraint(fields=('account', 'entry_date', 'branch', 'program'), name='posting_day_total_key', nulls_distinct=False)],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
