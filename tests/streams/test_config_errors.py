"""A bad FAZHI_* variable stops every `fazhi` command with one line naming it: no traceback.

The real command line in a subprocess, with the environment a user would have set.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

BAD = [
    ("FAZHI_CRAWL_STATIC_HOSTS", "not json"),
    ("FAZHI_PARTITIONS", "abc"),
    ("FAZHI_NOW", "yesterday"),
    ("FAZHI_STORE", "redis://cache"),
    ("FAZHI_BROKER_HEARTBEAT_INTERVAL", "60"),  # longer than the session timeout
]
COMMANDS = [
    ["run", "--role", "process"],
    ["reports"],
    ["analyze", "README.md"],
    ["ingest", "README.md"],
]


def fazhi(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {name: value for name, value in os.environ.items() if not name.startswith("FAZHI_")}
    return subprocess.run([sys.executable, "-m", "streams.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**clean, "PYTHONPATH": str(REPO), **env})  # fmt: skip


@pytest.mark.parametrize(("variable", "value"), BAD)
def test_a_bad_variable_exits_non_zero_with_one_line_naming_it(variable: str, value: str,
                                                               tmp_path: Path) -> None:
    done = fazhi(["run", "--role", "process"], {variable: value, "FAZHI_DATA_DIR": str(tmp_path)}, tmp_path)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert variable in lines[0] and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_checks_the_environment(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("<p>page</p>", encoding="utf-8")
    done = fazhi(command, {"FAZHI_PARTITIONS": "abc", "FAZHI_DATA_DIR": str(tmp_path)}, tmp_path)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [done.stderr.strip()], done.stderr
    assert "FAZHI_PARTITIONS='abc'" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""  # nothing ran


def test_a_busy_web_port_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {"FAZHI_WEB_PORT": str(port), "FAZHI_WEB_BIND": "127.0.0.1", "FAZHI_DATA_DIR": str(tmp_path)}
        done = fazhi(["run", "--role", "process"], env, tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert f"127.0.0.1:{port}" in done.stderr and "FAZHI_WEB_PORT" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "broker.json").exists()  # refused before anything started
