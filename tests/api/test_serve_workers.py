"""`parry serve --workers 2` as a real process: a worker slow to start is waited for, not killed over and over, and
a master killed with -9 leaves no worker serving, so the next `parry serve` on the port starts."""

from __future__ import annotations

import os
import signal
import time
from contextlib import suppress
from pathlib import Path

import httpx
import pytest
from api_database import Database
from served import free_port, server_env, start, stop, wait_healthy

SLOW_START = """
import sys, time
if "--multiprocessing-fork" in sys.argv:  # a worker of parry serve: busy for a while before it can answer
    time.sleep({seconds})
"""


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                children.add(int(entry.name))
    return children


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


SQLITE = pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # about processes, not the database


@SQLITE
def test_a_worker_that_answers_the_health_check_late_while_starting_is_waited_for(db: Database, tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(SLOW_START.format(seconds=8))  # uvicorn gives up after 5 s
    env = server_env(db.url)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    port = free_port()
    process = start(tmp_path, env, workers=2, port=port)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, seconds=60)
        log = (tmp_path / "serve.log").read_text()
        assert "died" not in log, log[-3000:]
    finally:
        stop(process)


@SQLITE
def test_after_the_master_is_killed_its_workers_stop_and_a_new_server_starts_on_the_port(
    db: Database, tmp_path: Path
) -> None:
    port, env = free_port(), server_env(db.url)
    first = start(tmp_path, env, workers=2, port=port)
    second = None
    try:
        wait_healthy(f"http://127.0.0.1:{port}", first)
        deadline = time.monotonic() + 60
        while len(workers := _children(first.pid)) < 2:  # both workers up (health answered by one at least)
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.2)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        deadline = time.monotonic() + 30
        while left := [pid for pid in workers if _alive(pid)]:
            assert time.monotonic() < deadline, f"workers {left} still run after their master was killed"
            time.sleep(0.2)
        with suppress(httpx.TransportError):
            assert httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code != 200
        second = start(tmp_path, env, workers=2, port=port)
        wait_healthy(f"http://127.0.0.1:{port}", second)
    finally:
        stop(first)
        if second is not None:
            stop(second)
