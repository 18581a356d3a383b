"""`make load`: locust against gunicorn with the production settings, on this machine.

Steps (each output line starts with [load]):
1. the database: migrate, `seed_demo` (idempotent), `load_fixture` (accounts + work for the
   reviewers, credentials in var/load/users.json);
2. `collectstatic` into var/staticfiles (whitenoise's manifest storage needs it);
3. a self-signed certificate for 127.0.0.1 made now with the openssl CLI (production settings
   send secure cookies only and redirect plain HTTP, so the test speaks HTTPS like a browser);
4. gunicorn on 127.0.0.1 with `config.settings.production` — unchanged; only what is
   legitimately the environment is set here (secret key, allowed host, database and Redis
   URLs, console email since no mail server runs here);
5. locust headless, LOAD_USERS users for LOAD_TIME, then the table (p50/p95/p99, req/s per
   request name and overall) and the machine's load average during the run.

Exit status 1 when p95 > 300 ms or any request failed (scripts/load/report.py).

Environment: DATABASE_URL, REDIS_URL (given by `scripts.services exec`), LOAD_TIME (3m),
LOAD_USERS (50), LOAD_SPAWN_RATE (2/s), LOAD_WORKERS / LOAD_THREADS (gunicorn: 2 × 4, see below),
LOAD_PORT (8443), LOAD_SKIP_SEED=1 to skip seed_demo when the book is known to be there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from scripts.load.report import Row, read_exceptions, read_failures, read_stats, table, verdict

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "var" / "load"
PYTHON = sys.executable

# gunicorn on 2 cores: 2 worker processes × 4 threads. One process per core (the GIL lets a
# process use one core); four threads each so that a core stays busy while some requests wait
# on PostgreSQL or on the network. More processes only add context switches and memory on 2
# cores that PostgreSQL and locust share. Measured side by side (docs/load-test.md): 2 × 4
# gave the lowest p95 of 5 × 1, 3 × 2 and 2 × 4.
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4


def log(message: str) -> None:
    print(f"[load] {message}", flush=True)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not env.get(name):
            sys.exit(f"[load] {name} is not set: run through `make load` (scripts.services exec)")
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        # A fresh key per run: sessions of an earlier run are worthless, as they should be.
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # No mail server on this machine; the email is still composed and written out.
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        # gunicorn terminates TLS itself: no proxy in front adds X-Forwarded-For.
        DJANGO_TRUSTED_PROXY_COUNT="0",
        PYTHONPATH=str(ROOT),
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # nosec B603  # fixed argument list, no shell
    log(f"manage.py {args[0]}: {time.perf_counter() - started:.0f} s")


def _static_fingerprint() -> str:
    """What collectstatic's output depends on in this repository: every file under a static/
    folder (path, size, mtime) and the pinned packages (their own static files)."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    for folder in [*sorted(ROOT.glob("*/static")), ROOT / "static"]:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = path.stat()
                digest.update(
                    f"{path.relative_to(ROOT)}:{info.st_size}:{info.st_mtime_ns}".encode()
                )
    return digest.hexdigest()


def _collectstatic(env: dict[str, str]) -> None:
    """collectstatic with whitenoise's compressing manifest storage takes minutes on this
    machine (it compresses the fonts); skip it when nothing it reads has changed."""
    stamp = OUT / "collectstatic.stamp"
    manifest = ROOT / "var" / "staticfiles" / "staticfiles.json"
    fingerprint = _static_fingerprint()
    if manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        log("collectstatic: var/staticfiles is up to date")
        return
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    stamp.write_text(fingerprint)


def _certificate() -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        sys.exit("[load] the openssl command is missing: apt-get install openssl")
    tls = OUT / "tls"
    tls.mkdir(parents=True, exist_ok=True)
    cert, key = tls / "cert.pem", tls / "key.pem"
    subprocess.run(  # nosec B603 B607  # fixed argument list, no shell; the tool from PATH
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    key.chmod(0o600)
    return cert, key


def _wait_ready(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # our own certificate, made a moment ago
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"[load] gunicorn exited ({process.returncode}); see {OUT / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(url, context=context, timeout=5) as response:  # nosec B310  # polls the local server URL this script started
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"[load] gunicorn did not answer {url} within {seconds:.0f} s")


class LoadAverage:
    """Samples /proc/loadavg every few seconds while the test runs (other work on the machine
    shows here, and the figures must be read with it)."""

    def __init__(self, every: float = 5.0):
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(float(Path("/proc/loadavg").read_text().split()[0]))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.samples:
            return "n/a"
        mean = sum(self.samples) / len(self.samples)
        return f"mean {mean:.2f}, max {max(self.samples):.2f} (1-min, {len(self.samples)} samples)"


def seconds_of(text: str) -> int:
    """'3m', '90s', '1h30m', '180' → seconds (locust's --run-time spelling)."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", text.strip())
    if not match or not any(match.groups()):
        sys.exit(f"[load] LOAD_TIME={text!r}: write it like 3m, 90s or 1h30m")
    hours, minutes, secs = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


def _cpu_seconds(match) -> dict[int, float]:
    """utime + stime of every process `match(pid, stat_fields, cmdline)` accepts."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if match(int(entry.name), fields, cmdline):
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU time spent by gunicorn, this run's PostgreSQL backends and locust between start()
    and stop(): with the request count it gives CPU per request, a figure that — unlike
    latency — does not depend on what else the shared machine is doing."""

    def __init__(self, *, gunicorn_pgid: int, database: str):
        self.kinds = {
            "gunicorn": lambda pid, f, cmd: int(f[2]) == gunicorn_pgid,
            "postgres": lambda pid, f, cmd: cmd.startswith("postgres:") and f" {database} " in cmd,
            "locust": lambda pid, f, cmd: "-m locust" in cmd and str(ROOT) in cmd,
        }
        self.before: dict[str, dict[int, float]] = {}
        self.latest: dict[str, dict[int, float]] = {}
        self.used: dict[str, float] = {}

    def start(self) -> None:
        self.before = {kind: _cpu_seconds(match) for kind, match in self.kinds.items()}
        self.latest = {kind: dict(times) for kind, times in self.before.items()}

    def stop(self) -> None:
        """Sample again (call it often: a process that ends between two samples — a
        PostgreSQL backend closed after CONN_MAX_AGE — keeps what it had used at the last)."""
        for kind, match in self.kinds.items():
            self.latest[kind].update(_cpu_seconds(match))
            self.used[kind] = sum(
                t - self.before[kind].get(pid, 0.0) for pid, t in self.latest[kind].items()
            )


def main() -> int:
    duration = os.environ.get("LOAD_TIME", "3m")
    measure_seconds = seconds_of(duration)
    users = int(os.environ.get("LOAD_USERS", "50"))
    spawn_rate = os.environ.get("LOAD_SPAWN_RATE", "2")
    workers = int(os.environ.get("LOAD_WORKERS", DEFAULT_WORKERS))
    threads = int(os.environ.get("LOAD_THREADS", DEFAULT_THREADS))
    port = int(os.environ.get("LOAD_PORT", "8443"))
    host = f"https://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    env = _env()

    _manage(env, "migrate", "--no-input", "-v", "0")
    if os.environ.get("LOAD_SKIP_SEED") != "1":
        _manage(env, "seed_demo")
    _manage(env, "load_fixture", "--out", str(OUT / "users.json"))
    _collectstatic(env)
    cert, key = _certificate()
    log(f"self-signed certificate for 127.0.0.1: {cert}")

    gunicorn_log = (OUT / "gunicorn.log").open("w", encoding="utf-8")
    gunicorn = subprocess.Popen(  # nosec B603  # fixed argument list, no shell
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--certfile",
            str(cert),
            "--keyfile",
            str(key),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=gunicorn_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_ready(f"{host}/accounts/login/", gunicorn)
        log(f"gunicorn {host}: {workers} workers × {threads} threads, production settings")
        for path in [*OUT.glob("locust_*.csv"), OUT / "locust_rampup.json"]:
            path.unlink(missing_ok=True)
        # The measured window starts once every user has signed in (locustfile.py) and lasts
        # LOAD_TIME; --run-time only caps a run whose ramp-up never completes.
        cap = measure_seconds + max(300, 4 * users // max(float(spawn_rate), 0.1))
        log(f"locust: {users} users (spawn {spawn_rate}/s) for {duration}")
        meter = CpuMeter(
            gunicorn_pgid=gunicorn.pid, database=urlsplit(env["DATABASE_URL"]).path.lstrip("/")
        )
        with LoadAverage() as load, (OUT / "locust.log").open("w") as locust_log:
            locust = subprocess.Popen(  # nosec B603  # fixed argument list, no shell
                [
                    PYTHON,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "scripts" / "load" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    spawn_rate,
                    "--run-time",
                    f"{int(cap)}s",
                    "--host",
                    host,
                    "--csv",
                    str(OUT / "locust"),
                    "--only-summary",
                    "--stop-timeout",
                    "15",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env={
                    **env,
                    "LOAD_USERS_FILE": str(OUT / "users.json"),
                    "LOAD_RAMP_UP_FILE": str(OUT / "locust_rampup.json"),
                    "LOAD_MEASURE_SECONDS": str(measure_seconds),
                },
                # our own tables below replace locust's; its log stays in var/load/locust.log
                stdout=locust_log,
                stderr=subprocess.STDOUT,
            )
            # CPU is counted over the measured window only (sign-in hashing is not work people
            # do all day): from the moment locustfile.py writes the ramp-up figures until
            # locust exits, sampled each second so that locust's own last second is in.
            ramp_up_file = OUT / "locust_rampup.json"
            while locust.poll() is None:
                if meter.before:
                    meter.stop()
                elif ramp_up_file.exists():
                    meter.start()
                time.sleep(1)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()
        gunicorn_log.close()

    ramp_up_file = OUT / "locust_rampup.json"
    if not ramp_up_file.exists():
        print(f"\nTARGET MISSED: not every user signed in; see {OUT / 'locust.log'}")
        return 1
    ramp_up = json.loads(ramp_up_file.read_text(encoding="utf-8"))
    ramp_rows = [Row(**row) for row in ramp_up["rows"]]
    rows = read_stats(OUT / "locust_stats.csv")
    failures = read_failures(OUT / "locust_failures.csv")
    exceptions = read_exceptions(OUT / "locust_exceptions.csv")
    print("\nRamp-up: every user signs in (not in the p95 target; any failure still fails the run)")
    print(table(ramp_rows))
    print(f"\nMeasured: {users} users working for {duration} after the ramp-up")
    print(table(rows))
    print()
    print(f"load average during the run: {load.summary()}; {os.cpu_count()} CPUs")
    print(f"gunicorn: {workers} workers × {threads} threads; {users} users for {duration}")
    total = next((r for r in rows if r.name == "Aggregated"), None)
    if total and total.requests and meter.used:
        per_request = {
            kind: seconds * 1000 / total.requests for kind, seconds in meter.used.items()
        }
        cores = sum(per_request.values()) * total.rps / 1000
        print(
            "CPU per request in the measured window: "
            + ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in per_request.items())
            + f" → {cores:.2f} of the {os.cpu_count()} cores at {total.rps:.1f} req/s"
        )
    for error in ramp_up["errors"]:
        print(
            f"FAILED during ramp-up {error['count']}× {error['method']} {error['name']}: {error['error']}"
        )
    for method, name, error, count in failures:
        print(f"FAILED {count}× {method} {name}: {error}")
    for count, message in exceptions:
        print(f"ERROR {count}× {message}")
    problems = verdict(rows, exceptions)
    ramp_failures = sum(r.failures for r in ramp_rows if r.name == "Aggregated")
    if ramp_failures:
        problems.append(f"{ramp_failures} failed request(s) during the ramp-up")
    (OUT / "result.json").write_text(
        json.dumps(
            {
                "users": users,
                "duration": duration,
                "workers": workers,
                "threads": threads,
                "load_average": load.samples,
                "cpu_seconds": meter.used,
                "rows": [vars(r) for r in rows],
                "ramp_up_rows": ramp_up["rows"],
                "problems": problems,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    if problems:
        print("\nTARGET MISSED: " + "; ".join(problems))
        return 1
    print("\nTARGET MET: p95 ≤ 300 ms, no failed request, no error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
