"""Starts the portal as `make serve` runs it (gunicorn, WhiteNoise, DEBUG off) against the
test database, for tests that need real separate processes; and local ports, free or closed."""

import fcntl
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-only-" + "s3cr3t-k3y-" * 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port() -> int:
    """A local port that nothing listens on: connecting to it is refused at once (a mail
    server that is down)."""
    return free_port()


def database_url(name: str | None = None) -> str:
    """The URL of the test database, or of the database `name` on the same server."""
    db = settings.DATABASES["default"]
    name = name or connection.settings_dict["NAME"]
    host = db.get("HOST") or "localhost"
    if host.startswith("/"):
        return f"postgres://{db['USER']}@%2F{host.strip('/').replace('/', '%2F')}/{name}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{name}"


_collected = False


def ensure_collected_static():
    """make serve collects static files first; do the same once per test run. Under
    pytest-xdist the workers share the folder: the first to get the lock collects, and the
    others see the run's mark and leave the files alone while its servers use them."""
    global _collected
    if _collected:
        return
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    folder = Path(settings.STATIC_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / ".collected-by-test-run"
    with open(folder / ".collect.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (mark.exists() and mark.read_text() == run):
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=dict(serve_env()),
                check=True,
            )
            mark.write_text(run)
    _collected = True


def serve_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="false",
        LOCAL_HTTP="true",
        TESTING="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update(extra)
    return env


@contextmanager
def gunicorn(port=None, workers=1, log=None, probe="/readyz", **extra_env):
    """Serves on a free port until the block ends; yields the base URL once `probe` answers
    200. The server's log (standard error) goes to the file `log`, or a temporary one."""
    port = port or free_port()
    ensure_collected_static()
    log_file = open(log, "w+b") if log else tempfile.TemporaryFile()  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--graceful-timeout",
            "2",
            # A worker loads the app and compiles every template before it answers; on a busy
            # machine (parallel tests, other builds) that can take longer than the default 30 s.
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=serve_env(**extra_env),
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # waiting to start, not a timing assertion
        while True:
            try:
                urllib.request.urlopen(base + probe, timeout=2)  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log_file.seek(0)
                    raise RuntimeError(log_file.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log_file.close()
