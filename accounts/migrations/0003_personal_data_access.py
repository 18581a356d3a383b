"""개인정보 접근기록: the table, and PostgreSQL refusing UPDATE and DELETE on it (as the
ledger's 0002 does), so that nobody — not the portal, not an admin with a SQL console who
forgets — edits or erases who looked at what. TRUNCATE stays possible: it is how a test
database is emptied, never a row change.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


FORWARD = r"""
CREATE FUNCTION accounts_access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the personal-data access log is append-only: % on % is refused',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER personaldataaccess_append_only BEFORE UPDATE OR DELETE
    ON accounts_personaldataaccess
    FOR EACH ROW EXECUTE FUNCTION accounts_access_log_refuse_change();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS personaldataaccess_append_only ON accounts_personaldataaccess;
DROP FUNCTION IF EXISTS accounts_access_log_refuse_change();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_roles'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonalDataAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='일시')),
                ('username', models.CharField(max_length=150, verbose_name='접근자 아이디')),
                ('role', models.CharField(blank=True, max_length=30, verbose_name='역할')),
                ('action', models.CharField(choices=[('view', '조회'), ('download', '다운로드'), ('export', '내보내기')], max_length=10, verbose_name='행위')),
                ('data', models.CharField(max_length=100, verbose_name='접근한 정보')),
                ('object_type', models.CharField(max_length=30, verbose_name='대상 종류')),
                ('object_id', models.CharField(blank=True, max_length=64, verbose_name='대상 번호')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='접속 IP')),
                ('path', models.CharField(max_length=500, verbose_name='요청 주소')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='접근자')),
            ],
            options={
                'verbose_name': '개인정보 접근기록',
                'verbose_name_plural': '개인정보 접근기록',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['user', 'at'], name='access_user_at'), models.Index(fields=['object_type', 'object_id'], name='access_object')],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
