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


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


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
        children = {
            name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in commands.items()
        }
        print("\n  포털: http://127.0.0.1:8000  (Ctrl-C로 종료)\n", flush=True)
        signal.signal(signal.SIGTERM, signal.default_int_handler)  # treat like Ctrl-C
        try:
            while all(child.poll() is None for child in children.values()):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            for name, child in children.items():
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    print(f"{name} did not stop in 20 s; killing it", file=sys.stderr)
                    child.kill()
        failed = [name for name, child in children.items() if child.returncode not in (0, -2, 1)]
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
