"""Shared fixtures: personas (one signed-in-able user per role) on a small organisation."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# ---------------------------------------------------------------------------------------------
# Staff two-factor authentication in tests.
#
# The second factor stays ON in tests (no setting turns it off). Instead:
# - every staff persona made by `make_user` owns a confirmed TOTP device (`give_totp_device`);
# - the `client` fixture is a `PortalClient`, whose `force_login(user)` does what the real
#   login does after a right code: it records the user's device in the session
#   (django_otp.login). Pass `otp_verified=False` for a session that gave its password only —
#   tests/test_access_matrix.py shows such a session reaches no page but the code page;
# - browser tests type a real code computed from the device key (tests/browser.py).


def give_totp_device(user):
    """A confirmed authenticator device (django-otp defaults: 30-second steps, 6 digits)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="인증 앱", confirmed=True)


def _portal_client_class():
    from django.test import Client

    class PortalClient(Client):
        def force_login(self, user, backend=None, *, otp_verified: bool = True):
            super().force_login(user, backend)
            if otp_verified:
                otp_verify_session(self, user)

    return PortalClient


def otp_verify_session(client, user) -> None:
    """Mark the client's session as verified by the user's TOTP device, as the code page does
    (no-op for a user without a confirmed device: applicants, or staff not yet enrolled)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.twofactor import totp_device

    device = totp_device(user)
    if device is None:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def client():
    """Django's test client, whose force_login also passes staff through the second factor."""
    return _portal_client_class()()


@pytest.fixture
def organisation(db):
    from demo.branches import seed_organisation

    return seed_organisation()


@pytest.fixture
def programs(db):
    from demo.programs import seed_programs

    return seed_programs()


@pytest.fixture
def make_user(db, organisation):
    from django.contrib.auth.models import Group

    from accounts.models import User

    counter = {"n": 0}

    def make(role: str, unit: str | None = None, **fields) -> User:
        counter["n"] += 1
        username = fields.pop("username", f"{role}{counter['n']}")
        user = User.objects.create_user(
            username=username,
            email=fields.pop("email", f"{username}@test.icgf.kr"),
            password="pw-for-tests-1",
            org_unit=organisation[unit] if unit else None,
            **fields,
        )
        user.groups.add(Group.objects.get(name=role))
        if role != "applicant":
            give_totp_device(user)
        return user

    return make


@pytest.fixture
def applicant(make_user):
    return make_user("applicant")


@pytest.fixture
def other_applicant(make_user):
    return make_user("applicant")


@pytest.fixture
def reviewer(make_user):
    return make_user("reviewer", "NAMDONG")


@pytest.fixture
def other_branch_reviewer(make_user):
    return make_user("reviewer", "BUPYEONG")


@pytest.fixture
def branch_manager(make_user):
    return make_user("branch_manager", "NAMDONG")


@pytest.fixture
def hq_sales(make_user):
    return make_user("hq_sales", "SALES_MGMT")


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", "AUDIT")


@pytest.fixture
def strategy(make_user):
    return make_user("strategy", "STRATEGY")


@pytest.fixture
def counsellor(make_user):
    return make_user("counsellor", "DIDIMDOL")


@pytest.fixture
def contributor_officer(make_user):
    """출연기관 담당자 of 계양구 (issue 13): sees only the programmes 계양구 funds."""
    from guarantees.models import ContributorOfficer

    user = make_user("contributor_officer")
    ContributorOfficer.objects.create(user=user, contributor="계양구")
    return user


@pytest.fixture
def executive(make_user):
    return make_user("executive", "EXEC_DIRECTOR")


@pytest.fixture
def sysadmin(make_user):
    return make_user("sysadmin", "STRATEGY", is_staff=True, is_superuser=True)


def _bank_officer_of(make_user, bank_code: str):
    from guarantees.models import BankOfficer
    from programs.models import Bank

    user = make_user("bank_officer")
    BankOfficer.objects.create(user=user, bank=Bank.objects.get(code=bank_code))
    return user


@pytest.fixture
def bank_officer(make_user, programs):
    """은행 담당자 of IBK기업은행."""
    return _bank_officer_of(make_user, "IBK")


@pytest.fixture
def other_bank_officer(make_user, programs):
    """은행 담당자 of 신한은행: another bank's guarantees are unknown to them."""
    return _bank_officer_of(make_user, "SHINHAN")


@pytest.fixture(autouse=True)
def _every_journal_entry_balances(request):
    """After each database test, fire the ledger's deferred balance checks as COMMIT would:
    no test may leave an unbalanced entry behind, whatever it did."""
    yield
    if "_django_db_helper" not in request.fixturenames:  # not a database test
        return
    from django.db import connection

    if connection.connection is None or connection.needs_rollback:
        return
    if not connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.hookimpl(trylast=True)  # after pytest-django's own reordering
def pytest_collection_modifyitems(config, items):
    """Tests on the committed demo book run last, so that no test that counts rows sees it."""
    items.sort(key=lambda item: item.get_closest_marker("demo_book") is not None)


def test_database_url() -> str:
    """A DATABASE_URL for the test database, for processes the tests start (Celery workers).

    The embedded PostgreSQL listens on a Unix socket only (HOST empty, OPTIONS["host"] the
    socket directory): the URL must carry it, or a worker would reach another server.
    """
    from urllib.parse import quote

    from django.db import connection

    settings = connection.settings_dict
    auth = settings["USER"] + (f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else "")
    socket_dir = settings.get("OPTIONS", {}).get("host")
    if socket_dir:
        return f"postgres://{auth}@/{settings['NAME']}?host={quote(socket_dir)}"
    return (
        f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


@pytest.fixture
def start_celery_worker():
    """Start `celery -A config worker` on the test database; stopped when the test ends.

    Call it with extra worker options (pool, concurrency, name); it returns the process.
    """
    import subprocess
    import sys
    from pathlib import Path

    processes = []

    def start(*options: str, quiet: bool = True) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=WARNING",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                "celery",
                *options,
            ],
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
            stderr=subprocess.DEVNULL if quiet else subprocess.STDOUT,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def pytest_terminal_summary(terminalreporter):
    """Print how many URL × persona cases the access matrix checked (issue 8: the matrix says
    how much it proved, in every run's output, -q or not)."""
    import sys

    matrix = sys.modules.get("tests.test_access_matrix")
    if matrix is not None and matrix.CHECKED:
        terminalreporter.write_sep("-", "access matrix")
        terminalreporter.write_line(matrix.summary())


# Hypothesis: moderate example counts so `make test` stays fast; HYPOTHESIS_PROFILE=thorough
# for a long hunt. No deadline: examples that touch PostgreSQL vary in time.
def _hypothesis_profiles() -> None:
    from hypothesis import settings

    settings.register_profile("portal", max_examples=50, deadline=None)
    settings.register_profile("thorough", max_examples=1000, deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "portal"))


_hypothesis_profiles()
