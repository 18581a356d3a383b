"""Docker cannot run on the development machines, so keep docker-compose.yml honest here:
every command it runs must name a real module, object and settings module."""

import importlib
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
PORTAL_SERVICES = ["web", "worker", "beat", "migrate"]


def _commands(service: str) -> list[list[str]]:
    command = COMPOSE["services"][service]["command"]
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].split("&&")]
    return [command]


def _import_object(dotted: str):
    module_name, _, attribute = dotted.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def test_every_portal_service_uses_the_production_settings_that_exist():
    for service in PORTAL_SERVICES:
        settings_module = COMPOSE["services"][service]["environment"]["DJANGO_SETTINGS_MODULE"]
        assert (ROOT / (settings_module.replace(".", "/") + ".py")).exists(), service


def test_production_settings_import_with_their_secrets_and_refuse_without():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    missing = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert missing.returncode != 0 and "DJANGO_SECRET_KEY" in missing.stderr
    env |= {
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@db/icgf",
        "DJANGO_ALLOWED_HOSTS": "portal.example",
    }
    ok = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "False"


def test_every_command_names_a_real_module_and_object():
    from django.core.management import get_commands

    checked = 0
    for service in PORTAL_SERVICES:
        for argv in _commands(service):
            program = argv[0]
            if program == "gunicorn":
                assert callable(_import_object(argv[1])), argv
            elif program == "celery":
                app_module = argv[argv.index("-A") + 1]
                assert _import_object(app_module).celery_app.main == "config"
                assert argv[argv.index("-A") + 2] in {"worker", "beat"}
                if "--scheduler" in argv:
                    scheduler = argv[argv.index("--scheduler") + 1]
                    _import_object(scheduler.replace(":", ".").rsplit(".", 1)[0])
            elif program == "python":
                assert argv[1] == "manage.py" and argv[2] in get_commands(), argv
            else:
                raise AssertionError(f"unexpected program {program} in {service}")
            checked += 1
    assert checked >= 4


def test_the_dockerfile_runs_gunicorn_on_the_real_wsgi_application():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "config.wsgi:application"' in dockerfile
    assert "libharfbuzz-subset0" in dockerfile and "libpango" in dockerfile
