"""A real headless Chromium (Debian's chromium + chromedriver) driven by Selenium, and `fazhi serve`
in a subprocess: what the web tests look at is what a person's browser shows."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(env: dict[str, str], log: Path, timeout: float = 60.0) -> Iterator[str]:
    """`fazhi serve` on a free loopback port; yields its base URL once it answers."""
    port = free_port()
    with open(log, "ab") as output:
        process = subprocess.Popen([sys.executable, "-m", "streams.cli", "serve", "--port", str(port)],
                                   cwd=REPO, env={**os.environ, **env}, stdout=output,
                                   stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"fazhi serve exited with {process.returncode}: {log.read_text()}")
            try:
                httpx.get(base + "/api/reports", timeout=2.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    message = f"fazhi serve did not answer in {timeout:g} s: {log.read_text()}"
                    raise AssertionError(message) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium session (skips with the reason when Debian's packages are missing)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("chromium and chromium-driver are not installed (make system-deps installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="fazhi-chromium-") as profile:
        for flag in (*FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        # An explicit driver path: selenium-manager downloads nothing.
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        # An element looked for right after a click that navigates is waited for, not missed.
        driver.implicitly_wait(10)
        try:
            yield driver
        finally:
            driver.quit()
