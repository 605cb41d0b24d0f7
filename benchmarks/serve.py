"""The dashboard as the README starts it (`streamlit run dashboard.py` with the repository's
.streamlit/config.toml) on seeds and data folders of one's own: for the browser tests and the
browser benchmark."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 90


class Dashboard(NamedTuple):
    url: str
    port: int
    pid: int


def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_dashboard(seeds: Path, data: Path, port: int | None = None,
                      env: dict[str, str] | None = None) -> Iterator[Dashboard]:
    """The dashboard on `port` (a free one by default), once it answers its health check;
    RuntimeError if it does not within START_SECONDS. Stopped on leaving. `env` adds variables
    (e.g. KRONOLOGI_ALLOW_PRIVATE_FETCH=1)."""
    port = port or free_port()
    env = {**os.environ, **(env or {}), "KRONOLOGI_SEEDS": str(seeds), "KRONOLOGI_DATA": str(data)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.time() + START_SECONDS
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"the dashboard did not start within {START_SECONDS} s")
        yield Dashboard(url, port, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
