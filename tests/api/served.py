"""`parry serve` as a real process for tests: uvicorn with its workers on a free port, on a test database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

PARRY = [sys.executable, "-c", "from api.cli import main; main()"]


@dataclass
class Served:
    """A running `parry serve`: its process (the uvicorn master) and base URL."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def output(self) -> str:
        """What the server printed so far (for failure messages)."""
        return self.log.read_text(errors="replace")[-4000:]


PORTS_PER_WORKER = 500
_next_port = 0


def free_port() -> int:
    """A TCP port nobody listens on right now, from this process's own range: each pytest-xdist worker (gw0, gw1…)
    has 500 ports of its own from 20000 up, below the kernel's ephemeral ports (32768 on), which servers bound to
    port 0 get, so two workers never pick the same port for their servers."""
    global _next_port
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    first = 20000 + PORTS_PER_WORKER * (int(worker) if worker.isdigit() else 0)
    for _ in range(PORTS_PER_WORKER):
        port, _next_port = first + _next_port, (_next_port + 1) % PORTS_PER_WORKER
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:  # taken by someone else on the machine: the next one
                continue
            return port
    raise RuntimeError(f"no free port from {first} to {first + PORTS_PER_WORKER - 1}")


def server_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a test server: the test database, no model loaded, no warm-up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARRY_")}
    env.update(
        {
            "PARRY_DATABASE_URL": database_url,
            "PARRY_ENVIRONMENT": "development",
            "PARRY_PRELOAD_MODEL": "false",
            "PARRY_WARM_ON_START": "false",
            "PARRY_TORCH_THREADS": "1",
            "OMP_NUM_THREADS": "1",
        }
    )
    env.update({f"PARRY_{k.upper()}": v for k, v in settings.items()})
    return env


def start(folder: Path, env: dict[str, str], *, workers: int = 2, port: int | None = None) -> subprocess.Popen[bytes]:
    """Start `parry serve` in its own process group, its output in `folder`/serve.log."""
    port = port or free_port()
    log = (folder / "serve.log").open("ab")
    command = [*PARRY, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(command, env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_healthy(url: str, process: subprocess.Popen[bytes], *, seconds: float = 120) -> None:
    """Wait until the server answers /api/v1/health (every worker started or not: one answer is enough)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"parry serve exited with {process.returncode}"
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"parry serve did not answer within {seconds:g} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server (SIGTERM to the master), and anything left in its process group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def serving(folder: Path, database_url: str, *, workers: int = 2, **settings: str) -> Iterator[Served]:
    """`parry serve --workers N` on the database, started and healthy; stopped afterwards."""
    port = free_port()
    process = start(folder, server_env(database_url, **settings), workers=workers, port=port)
    served = Served(process, f"http://127.0.0.1:{port}", folder / "serve.log")
    try:
        wait_healthy(served.url, process)
        yield served
    finally:
        stop(process)
