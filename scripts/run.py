"""`make run`: the whole portal on one machine, stopped cleanly by Ctrl-C.

Starts the embedded PostgreSQL/Redis when no URLs are given, migrates, loads the demo data
(idempotent: a second run reuses it), then runs the web server, a Celery worker and Celery
beat side by side. Ctrl-C stops the three children first, then the databases.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from scripts.services import ROOT, services_environment

PYTHON = sys.executable
# How long each child may take to stop: the worker finishes the task in hand (reports take
# seconds); the web server and beat hold nothing worth waiting for.
STOP_SECONDS = {"web": 5, "worker": 60, "beat": 5}


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # nosec B603  # fixed argument list, no shell


def main() -> int:
    with services_environment() as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        _manage("migrate", "--no-input", env=env)
        _manage("seed_demo", env=env)
        commands = {
            "web": [PYTHON, "manage.py", "runserver", "127.0.0.1:8000", "--noreload"],
            "worker": [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
            ],
            "beat": [PYTHON, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
        }
        # Own process groups: Ctrl-C reaches only this supervisor, which then stops each child
        # once, in order, instead of every process getting the terminal's SIGINT at once.
        children = {
            name: subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)  # nosec B603  # fixed argument list, no shell
            for name, cmd in commands.items()
        }
        print("\n  포털: http://127.0.0.1:8000  (Ctrl-C로 종료)\n", flush=True)
        # Ctrl-C and SIGTERM both stop everything (SIGINT is set explicitly: a shell may have
        # started us with it ignored).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            while all(child.poll() is None for child in children.values()):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            # SIGTERM: runserver exits at once, Celery's worker and beat shut down warmly
            # (a running task finishes; an unacknowledged one stays queued for next time).
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            for name, child in children.items():
                try:
                    child.wait(timeout=STOP_SECONDS[name])
                except subprocess.TimeoutExpired:
                    print(
                        f"{name}: no exit after {STOP_SECONDS[name]} s; killing it", file=sys.stderr
                    )
                    child.kill()
                    child.wait()
        print("\n  포털을 종료했습니다. 데이터는 var/ 에 남아 있어 다음 실행에서 이어서 씁니다.\n")
        return 0


if __name__ == "__main__":
    sys.exit(main())
