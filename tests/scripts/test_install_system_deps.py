"""scripts/install-system-deps waits for the dpkg lock instead of failing (issue 19, row 12)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "install-system-deps"


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def test_every_apt_call_waits_for_the_dpkg_lock(tmp_path):
    calls = tmp_path / "apt-calls"
    _fake(tmp_path, "dpkg-query", "exit 1")  # nothing installed: everything is missing
    _fake(tmp_path, "apt-get", f'echo "$*" >> {calls}')
    _fake(tmp_path, "sudo", '"$@"')
    _fake(tmp_path, "id", "echo 0")
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "ICGF_APT_LOCK_TIMEOUT": "42"}
    result = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = calls.read_text().splitlines()
    assert [line.split()[2] for line in lines] == ["update", "install"]
    assert all(line.startswith("-o DPkg::Lock::Timeout=42 ") for line in lines)


def test_the_default_wait_is_ten_minutes(tmp_path):
    calls = tmp_path / "apt-calls"
    _fake(tmp_path, "dpkg-query", "exit 1")
    _fake(tmp_path, "apt-get", f'echo "$*" >> {calls}')
    _fake(tmp_path, "id", "echo 0")
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    env.pop("ICGF_APT_LOCK_TIMEOUT", None)
    subprocess.run(["bash", str(SCRIPT)], env=env, check=True, capture_output=True)
    assert "DPkg::Lock::Timeout=600" in calls.read_text()
