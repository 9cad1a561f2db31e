"""A `fazhi run` worker in a subprocess, configured by `Settings` (the demo, tests and benchmarks).

The worker gets its settings the way a deployment gives them, as ``FAZHI_*`` environment
variables: every field set explicitly on the `Settings` object is passed (mappings and lists as
JSON), the rest keeps its default. Its output goes to a log file, so a failure can show the tail.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from streams.settings import Settings

REPO = Path(__file__).resolve().parents[1]
STARTED = "fazhi worker started"  # logged by streams.runner once the app runs


class WorkerExited(RuntimeError):
    """The worker process ended while it was expected to run."""


def settings_environment(settings: Settings) -> dict[str, str]:
    """``FAZHI_*`` variables for the fields set explicitly on `settings` (None: left unset)."""
    env = {}
    for name in sorted(settings.model_fields_set):
        value = getattr(settings, name)
        if value is None:
            continue
        env[f"FAZHI_{name.upper()}"] = json.dumps(value) if isinstance(value, dict | list) else str(value)
    return env


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now (the OS's pick)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class WorkerProcess:
    """``python -m streams.runner run --role ROLES [ARGS]`` with `settings`; logs in `log_path`.

    `stdout` None sends standard output to the log too; pass ``sys.stdout`` to show it (the demo
    shows ``console://`` alerts that way). Several workers share a machine: unless `settings` sets
    ``web_port``, each serves ``/healthz`` and ``/metrics`` on a free loopback port of its own
    (`web_url`), not on the fixed default.
    """

    def __init__(self, settings: Settings, roles: str, log_path: Path, *, args: tuple[str, ...] = (),
                 stdout: IO[str] | None = None) -> None:  # fmt: skip
        if "web_port" not in settings.model_fields_set:
            bind = settings.web_bind if "web_bind" in settings.model_fields_set else "127.0.0.1"
            settings = settings.model_copy(update={"web_port": free_port(bind), "web_bind": bind})
        self.settings, self.roles, self.log_path = settings, roles, log_path
        env = {**os.environ, **settings_environment(settings)}
        command = [sys.executable, "-m", "streams.runner", "run", "--role", roles, *args]
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=stdout or log,
                                            stderr=subprocess.STDOUT if stdout is None else log)  # fmt: skip

    @property
    def web_url(self) -> str | None:
        """Base URL of the worker's /healthz and /metrics (None when it serves none)."""
        if not self.settings.web_port:
            return None
        host = "127.0.0.1" if self.settings.web_bind in ("0.0.0.0", "::") else self.settings.web_bind
        return f"http://{host}:{self.settings.web_port}"

    def tail(self, lines: int = 25) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return f"--- {self.roles} worker, {self.log_path} ---\n" + "\n".join(text[-lines:])

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            code = self.process.returncode
            raise WorkerExited(f"the {self.roles} worker exited with {code}\n{self.tail()}")

    def wait_started(self, timeout: float) -> WorkerProcess:
        """Block until the worker logged that it runs (app started, agents subscribed)."""
        deadline = time.monotonic() + timeout
        while STARTED not in self.log_path.read_text(encoding="utf-8", errors="replace"):
            self.check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"the {self.roles} worker did not start in {timeout:g} s\n{self.tail()}")
            time.sleep(0.1)
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown, no commit (what a crash looks like)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM and wait (a clean shutdown commits); SIGKILL after `timeout`. The exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode
