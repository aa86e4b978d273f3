"""Shared by the tests that serve the dashboard: start it on a free port, wait, stop; Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = "no Chromium at /usr/bin/chromium (apt-get install chromium)"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(
    data_dir: Path, port: int, log: Path, *, password: str | None = None
) -> subprocess.Popen[bytes]:
    """Start ``streamlit run app.py`` on ``port`` over the store in ``data_dir``."""
    env = {**os.environ, "PARTY_REPORTS_DATA_DIR": str(data_dir)}
    env.pop("PARTY_REPORTS_PASSWORD", None)
    if password is not None:
        env["PARTY_REPORTS_PASSWORD"] = password
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    out = log.open("w")
    try:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    finally:
        out.close()  # the child keeps its own descriptor


def wait_healthy(base: str, proc: subprocess.Popen[bytes], *, seconds: float = 90) -> None:
    """Wait until the server answers its health check; fail the test if it never does."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail("the dashboard did not start (see the streamlit log)")
        time.sleep(0.3)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def running_dashboard(data_dir: Path, log: Path, *, password: str | None = None) -> Iterator[str]:
    """A dashboard served over ``data_dir`` for the duration of the block: its base URL."""
    port = free_port()
    proc = serve(data_dir, port, log, password=password)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        yield base
    finally:
        stop(proc)


def settle(page: Any, *, timeout_ms: int = 60_000) -> None:
    """Wait until the script run is over (Streamlit shows a running indicator meanwhile)."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
    page.wait_for_timeout(500)
