"""Load: 50 reps practising at once against a real `parry serve --workers 2`, with a `kill -9` in the middle.

Run:  .venv/bin/python bench/load_bench.py [--database postgres sqlite] [--reps 50] [--answers 20] [--workers 2]
          [--kill worker|master|none] [--server postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
          [--keep-logs FOLDER]

For each database it makes a fresh one (PostgreSQL: the database `parry_load` on the server, dropped afterwards;
SQLite: a file in a temporary folder), runs `parry init` (the built-in library), adds the reps, and starts
`parry serve` with the model and its warm-up as in production. Every rep logs in through the API and answers
`--answers` practice steps, one after another, starting a new drill on the next scenario of their language when one
ends. Once a third of all answers are acknowledged it kills (-9) one worker (`--kill worker`: uvicorn starts a new
one) or the `parry serve` process itself (`--kill master`: its workers stop, and the bench starts `parry serve`
again, as a service manager would). A rep whose request fails on the connection re-reads the drill and goes on.

Reported: the answers' latency (p50, p95, p99 of acknowledged answers, from request to reply), acknowledged
answers per second over the whole run, 5xx replies, connection failures (the kill), and acknowledged-but-lost
answers: a 201 whose answer is not in the database afterwards as acknowledged (id, rep, step, text). That must be 0.
It exits with 1 when any answer was lost or any reply was a 5xx. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, select
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url
from sqlmodel import Session, col

from api.db import make_engine
from api.models import Answer, Role, Scenario, User
from api.security import hash_password

DATABASE = "parry_load"
PASSWORD = "tulip harbour seventeen lanterns"
PARRY = [sys.executable, "-c", "from api.cli import main; main()"]
ANSWERS = {
    "en": [
        "I understand, the price matters. What are you comparing us with? Let us calculate your savings together "
        "on Thursday.",
        "Fair point. What would have to be true for this to be worth it for you? Shall we book a short call "
        "tomorrow to look at the numbers?",
        "OK, I can give you a discount.",
    ],
    "ru": [
        "Понимаю, цена важна. С чем вы сравниваете? Давайте посчитаем окупаемость вместе в четверг.",
        "Согласен, это важно. Что должно быть правдой, чтобы это имело смысл для вас? Созвонимся завтра на 15 минут?",
        "Хорошо, дам скидку.",
    ],
}


# --- the database and the server ----------------------------------------------------------------------------------


def fresh_database(kind: str, server: str, folder: Path) -> str:
    """A new empty database of `kind`; its URL."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'parry-load.db'}"
    admin = make_engine(server, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        connection.execute(sql(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()
    return make_url(server).set(database=DATABASE).render_as_string(hide_password=False)


def drop_database(kind: str, server: str) -> None:
    if kind == "postgres":
        admin = make_engine(server, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        admin.dispose()


def environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARRY_")}
    env.update({"PARRY_DATABASE_URL": url, "PARRY_ENVIRONMENT": "development", "OMP_NUM_THREADS": "1"})
    return env


def prepare(url: str, env: dict[str, str], *, reps: int) -> list[tuple[str, str]]:
    """`parry init` with the built-in library, then the reps; their (e-mail, language), half English, half Russian."""
    admin = ["--admin-email", "admin@load.test", "--admin-password", PASSWORD]
    subprocess.run([*PARRY, "init", *admin], env=env, check=True, capture_output=True)
    engine = make_engine(url)
    password_hash, now = hash_password(PASSWORD), datetime.now(UTC)
    users = [(f"rep{n}@load.test", "en" if n % 2 else "ru") for n in range(reps)]
    with Session(engine) as session:
        for email, language in users:
            name = email.split("@")[0]
            session.add(
                User(
                    email=email,
                    name=name,
                    role=Role.trainee,
                    language="en" if language == "en" else "ru",
                    password_hash=password_hash,
                    created_at=now,
                    password_changed_at=now,
                )
            )
        session.commit()
    engine.dispose()
    return users


@dataclass
class Server:
    """A running `parry serve`, restarted by `restart`."""

    env: dict[str, str]
    port: int
    workers: int
    log: Path
    process: subprocess.Popen[bytes] | None = None
    started_before: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [*PARRY, "serve", "--port", str(self.port), "--workers", str(self.workers)]
        self.started_before = self._started()
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, env=self.env, stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self, *, seconds: float = 600) -> None:
        """Until every worker has finished starting (model loaded) and the service answers."""
        deadline = time.monotonic() + seconds
        while self._started() < self.started_before + self.workers:
            assert self.process is not None
            assert self.process.poll() is None, self.log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.5)
        assert httpx.get(f"{self.url}/api/v1/health", timeout=30).json()["model_loaded"]

    def wait_idle(self, *, seconds: float = 900) -> float:
        """Until the workers' background warm-up (the tone check, every published step's embeddings) is over: their
        CPU time stands still for 3 s. Returns how long that took."""
        began = time.monotonic()
        last = self._cpu_seconds()
        while time.monotonic() - began < seconds:
            time.sleep(3)
            now = self._cpu_seconds()
            if now - last < 0.3:
                break
            last = now
        return time.monotonic() - began

    def _cpu_seconds(self) -> float:
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def _started(self) -> int:
        return self.log.read_text(errors="replace").count("Application startup complete") if self.log.exists() else 0

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        pids = []
        for entry in Path("/proc").iterdir():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid and b"spawn_main" in cmdline:
                pids.append(int(entry.name))
        return sorted(pids)

    def stop(self) -> None:
        """SIGTERM, and SIGKILL if it is not gone in 3 minutes (a worker started after the kill may still be loading
        its model); its workers stop once it is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=180)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- the reps --------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What every rep saw, shared by the reps' threads."""

    latencies: list[float] = field(default_factory=list)
    acknowledged: list[dict[str, Any]] = field(default_factory=list)
    server_errors: int = 0
    server_error_replies: list[str] = field(default_factory=list)
    connection_failures: int = 0
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)


def rep_practises(url: str, email: str, language: str, scenarios: list[int], answers: int, tally: Tally) -> None:
    """Log in, then answer `answers` steps; connection failures and 5xx are counted and the rep goes on."""
    deadline = time.monotonic() + 1800
    with httpx.Client(base_url=f"{url}/api/v1", timeout=300) as client:
        csrf = _call(client, tally, "POST", "/auth/login", json={"email": email, "password": PASSWORD})["csrf_token"]
        client.headers["X-CSRF-Token"] = csrf
        done, turn, drill = 0, 0, None
        while done < answers and time.monotonic() < deadline:
            if drill is None or drill["status"] != "active" or drill["current_step"] is None:
                drill = _call(client, tally, "POST", "/drills", json={"scenario_id": scenarios[turn % len(scenarios)]})
                turn += 1
            text = ANSWERS[language][(done + turn) % len(ANSWERS[language])]
            body = {"step_id": drill["current_step"]["id"], "answer": text}
            began = time.perf_counter()
            try:
                response = client.post(f"/drills/{drill['id']}/answers", json=body)
            except httpx.TransportError:
                with tally.lock:
                    tally.connection_failures += 1
                drill = _resync(client, tally, drill["id"])
                continue
            seconds = time.perf_counter() - began
            if response.status_code == 201:
                reply = response.json()
                with tally.lock:
                    tally.latencies.append(seconds)
                    tally.acknowledged.append(reply["answer"])
                done += 1
                drill = reply["drill"]
                continue
            with tally.lock:
                if response.status_code >= 500:
                    tally.server_errors += 1
                    tally.server_error_replies.append(f"{response.status_code} {response.text[:300]}")
                else:
                    tally.refused += 1
            drill = _resync(client, tally, drill["id"])


def _call(client: httpx.Client, tally: Tally, method: str, path: str, **kwargs: Any) -> Any:
    """A request other than an answer, repeated through connection failures and 5xx (counted)."""
    while True:
        try:
            response = client.request(method, path, **kwargs)
        except httpx.TransportError:
            with tally.lock:
                tally.connection_failures += 1
            time.sleep(0.5)
            continue
        if response.status_code >= 500:
            with tally.lock:
                tally.server_errors += 1
                tally.server_error_replies.append(f"{method} {path}: {response.status_code} {response.text[:300]}")
            time.sleep(0.5)
            continue
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()


def _resync(client: httpx.Client, tally: Tally, drill_id: int) -> Any:
    time.sleep(0.5)
    return _call(client, tally, "GET", f"/drills/{drill_id}")


# --- one run ---------------------------------------------------------------------------------------------------------


@dataclass
class Result:
    database: str
    kill: str
    killed_after: int
    seconds: float
    tally: Tally
    lost: int
    stored_unacknowledged: int

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.tally.latencies)
        p50, p95, p99 = (ms[min(len(ms) - 1, int(q * len(ms)))] for q in (0.50, 0.95, 0.99))
        rate = len(self.tally.acknowledged) / self.seconds
        return (
            f"| {self.database} | {self.kill} after {self.killed_after} | {len(self.tally.acknowledged)} | "
            f"{p50:,.0f} | {p95:,.0f} | {p99:,.0f} | {rate:.1f} | {self.tally.server_errors} | "
            f"{self.tally.connection_failures} | {self.lost} | {self.stored_unacknowledged} |"
        )


def run(kind: str, args: argparse.Namespace) -> Result:
    with tempfile.TemporaryDirectory(prefix="parry-load-") as folder:
        url = fresh_database(kind, args.server, Path(folder))
        try:
            return _run(kind, url, Path(folder), args)
        finally:
            drop_database(kind, args.server)


def _run(kind: str, url: str, folder: Path, args: argparse.Namespace) -> Result:
    env = environment(url)
    users = prepare(url, env, reps=args.reps)
    engine = make_engine(url)
    scenarios = _scenarios(engine)
    server = Server(env, free_port(), args.workers, folder / "serve.log")
    server.start()
    tally = Tally()
    total = args.reps * args.answers
    try:
        server.wait_ready()
        warm = server.wait_idle()
        print(f"{kind}: {args.workers} workers ready, warm after {warm:.0f} s more; {args.reps} reps x {args.answers}")
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.reps) as pool:
            futures = [
                pool.submit(rep_practises, server.url, email, language, scenarios[language], args.answers, tally)
                for email, language in users
            ]
            killed_after = _kill_midway(server, tally, args.kill, at=total // 3, futures=futures)
            for future in futures:
                future.result()
        seconds = time.perf_counter() - began
    finally:
        server.stop()
        if args.keep_logs:
            args.keep_logs.mkdir(parents=True, exist_ok=True)
            (args.keep_logs / f"serve-{kind}.log").write_bytes(server.log.read_bytes())
    for reply in tally.server_error_replies[:5]:
        print(f"  5xx: {reply}", flush=True)
    print(f"  {tally.refused} answers refused (4xx), {tally.connection_failures} connection failures", flush=True)
    lost, extra = _check(engine, tally)
    engine.dispose()
    return Result(kind, args.kill, killed_after, seconds, tally, lost, extra)


def _kill_midway(server: Server, tally: Tally, kill: str, *, at: int, futures: list[Future[None]]) -> int:
    while tally.count() < at:
        if all(f.done() for f in futures):
            return tally.count()
        time.sleep(0.05)
    acknowledged = tally.count()
    if kill == "worker":
        victim = server.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        print(f"  killed worker {victim} after {acknowledged} answers", flush=True)
    elif kill == "master":
        assert server.process is not None
        server.process.kill()
        server.process.wait()
        print(f"  killed parry serve after {acknowledged} answers; starting it again", flush=True)
        server.start()
    return acknowledged


def _scenarios(engine: Engine) -> dict[str, list[int]]:
    with Session(engine) as session:
        published = select(col(Scenario.id), col(Scenario.language)).where(col(Scenario.latest_version) > 0)
        rows = session.execute(published).all()
    found: dict[str, list[int]] = {"en": [], "ru": []}
    for scenario_id, language in rows:
        found[language].append(scenario_id)
    return found


def _check(engine: Engine, tally: Tally) -> tuple[int, int]:
    """(acknowledged answers missing or different in the database, stored answers never acknowledged)."""
    with Session(engine) as session:
        stored = {
            row.id: (row.user_id, row.step_id, row.drill_id, row.text)
            for row in session.execute(
                select(col(Answer.id), col(Answer.user_id), col(Answer.step_id), col(Answer.drill_id), col(Answer.text))
            )
        }
    acknowledged = {a["id"]: (a["user_id"], a["step_id"], a["drill_id"], a["text"]) for a in tally.acknowledged}
    lost = sum(1 for answer_id, seen in acknowledged.items() if stored.get(answer_id) != seen)
    return lost, len(set(stored) - set(acknowledged))


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the report ----------------------------------------------------------------------------------------------------


def table(results: list[Result], args: argparse.Namespace) -> str:
    load = os.getloadavg()[0]
    head = (
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {platform.machine()} with {os.cpu_count()} CPUs (load average "
        f"{load:.1f} at the end: other work shared the machine), `parry serve --workers {args.workers}`, the built-in "
        f"model; {args.reps} reps each answering {args.answers} practice steps at once.\n\n"
        "| database | kill -9 | acknowledged | p50 ms | p95 ms | p99 ms | answers/s | 5xx | connection failures | "
        "acknowledged but lost | stored, reply lost |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    return "\n".join([head, *(r.row() for r in results)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    server = os.environ.get("PARRY_BENCH_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--server", default=server, help="a PostgreSQL server URL (any database on it)")
    parser.add_argument("--database", nargs="+", choices=["postgres", "sqlite"], default=["postgres", "sqlite"])
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill", choices=["worker", "master", "none"], default="worker")
    parser.add_argument("--keep-logs", type=Path, help="a folder to keep each server's log in")
    args = parser.parse_args()
    results = [run(kind, args) for kind in args.database]
    report = table(results, args)
    print(report)
    if any(r.lost or r.tally.server_errors for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
