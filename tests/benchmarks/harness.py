"""What the benchmarks against the real stack share: their PostgreSQL databases, the app in production
configuration, gunicorn, and wrk as the load generator (with the CPU each side spends, read from /proc)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import normalise_database_url
from tests.benchmarks.processes import machine_busy

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/conference_bench"
# the demo's council documents of the benchmark databases: not the checkout's instance/uploads, which `make run` uses
UPLOADS = Path(tempfile.gettempdir()) / "conference-bench-uploads"
PUBLIC_BASE_URL = "https://bildung.bench.example"  # as a site sets it (links in mails); no request goes there


# --- Databases and the app ------------------------------------------------------------------------------------

def default_url(database: str) -> str:
    """BENCH_DATABASE_URL (or the rush's default) with the database ``database``."""
    url = normalise_database_url(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def fresh_database(url: str, template: str | None = None) -> None:
    """Drop the database of ``url`` (cutting its connections) and create it again: empty, or as a copy of the
    database ``template`` (CREATE DATABASE … TEMPLATE: the same rows with the same ids)."""
    target = make_url(url)
    copy = f' TEMPLATE "{template}"' if template else ""
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"{copy}'))
    admin.dispose()


def bench_app(url: str, **config):
    """The app in production configuration on the database ``url``, with ``config`` on top."""
    from conference import create_app

    return create_app("production", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                                     "PUBLIC_BASE_URL": PUBLIC_BASE_URL, "UPLOAD_FOLDER": str(UPLOADS), **config})


def seed_demo() -> None:
    """Migrate the app's database and fill it with the demo (in an app context)."""
    from flask_migrate import upgrade

    from conference.demo.seed import seed  # after create_app: it needs every model mapped
    from conference.extensions import db

    upgrade()
    seed()
    db.session.commit()


def app_env(url: str, **settings: str) -> dict[str, str]:
    """The environment of the app in production configuration on the database ``url``, with ``settings``."""
    return {"CONFERENCE_ENV": "production", "CONFERENCE_SECRET_KEY": "bench", "DATABASE_URL": url,
            "CONFERENCE_LOG_LEVEL": "WARNING", "CONFERENCE_PUBLIC_BASE_URL": PUBLIC_BASE_URL,
            "CONFERENCE_UPLOAD_FOLDER": str(UPLOADS), **settings}


def server_options(parser: argparse.ArgumentParser, *, seconds: int, clients: int) -> None:
    """The options of a benchmark that drives gunicorn with wrk, with its defaults of ``seconds`` and ``clients``."""
    parser.add_argument("--seconds", type=int, default=seconds, help="length of each measured run")
    parser.add_argument("--clients", type=int, default=clients)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per gunicorn worker")


# --- Servers ----------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(target: str, port: int, workers: int, threads: int, env: dict, probe: str) -> subprocess.Popen:
    """gunicorn (gthread) serving ``target`` in a process group of its own; returns once ``probe`` answers 200."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "gthread",
         "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--keep-alive", "30",
         "--log-level", "warning", target],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError(f"gunicorn did not start: {target}")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn: its master and workers."""
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(30)


# --- Load ---------------------------------------------------------------------------------------------------------

class Load(NamedTuple):
    result: dict  # what the Lua script printed
    cpu: dict[str, float]  # CPU seconds used meanwhile per group of server processes, and by the load generator
    busy: float  # CPU seconds the machine's cores were busy meanwhile, whoever used them


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk, the HTTP load generator (Debian: apt-get install wrk)")


def wrk(script: str, url: str, *, seconds: int, clients: int, timeout: int,
        server_cpu: Callable[[], dict[str, float]], headers: dict[str, str] | None = None,
        arguments: Sequence[str] = ()) -> Load:
    """``clients`` keep-alive connections send requests to ``url`` for ``seconds`` as fast as answers come.

    wrk is written in C and runs one thread: the load generator must cost the shared cores far less than the
    server it measures. ``script`` is a Lua file of this folder, given ``arguments``, that prints one line
    "RESULT <json>" (result.lua)."""
    command = ["wrk", "--threads", "1", "--connections", str(clients), "--duration", f"{seconds}s",
               "--timeout", f"{timeout}s", "--script", str(HERE / script)]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    if arguments:
        command += ["--", *arguments]
    cpu_before, busy_before, client_before = server_cpu(), machine_busy(), os.times()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu_after, busy_after, client_after = server_cpu(), machine_busy(), os.times()
    result = json.loads(next(line for line in output.splitlines() if line.startswith("RESULT "))[7:])
    cpu = {name: cpu_after[name] - cpu_before[name] for name in cpu_before}
    cpu["load generator"] = ((client_after.children_user + client_after.children_system)
                             - (client_before.children_user + client_before.children_system))
    return Load(result, cpu, busy_after - busy_before)
