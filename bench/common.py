"""Helpers shared by the benchmark scripts: percentiles, `make serve` as a subprocess, and the
closing `name=value` line."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=180, expect=200):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status == expect:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def admin_connection():
    """A connection to the private PostgreSQL cluster (scripts/db.sh) as its superuser, for
    creating and dropping a benchmark's scratch database."""
    import psycopg

    return psycopg.connect(
        host=str(ROOT / ".pgdata" / "run"), user="postgres", dbname="postgres", autocommit=True
    )


def create_scratch(name):
    """A fresh, empty database `name` in the private cluster for one benchmark run."""
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_scratch(name):
    """Drop the run's database, closing this process's Django connections to it first."""
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ServerProcess:
    """A web server run in its own process group, its output in a log file; `start` returns once
    it answers, and leaving the `with` block stops the whole group."""

    url: str

    def start(self, command, *, env, log_path, timeout=180):
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.url + "/accessibility/", timeout=timeout)
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


class MakeServe(ServerProcess):
    """Runs `make serve` (gunicorn, WhiteNoise, DEBUG off) on a free loopback port."""

    def __init__(self, port=None, log_path=None, **env):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PORT": str(self.port), **env}
        self.log_path = log_path or ROOT / "bench" / "out" / "serve.log"

    def __enter__(self):
        # `make serve` migrates and loads the demo data first: minutes on a loaded machine.
        return self.start(
            ["make", "--no-print-directory", "serve"],
            env=self.env,
            log_path=self.log_path,
            timeout=600,
        )


def summary_line(**figures):
    """The last line every benchmark prints: name=value pairs for scripts."""
    parts = []
    for name, value in figures.items():
        if isinstance(value, float):
            value = f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"
        parts.append(f"{name}={value}")
    print(" ".join(parts))
