"""The background worker survives the database: scripts/worker.sh (what `make run` and
`make serve` start) runs db_worker against the test database, and queued tasks still run
after its database connection is cut (pg_terminate_backend), after the database refuses
connections for a while (as during a PostgreSQL restart), and after the worker is killed."""

import os
import signal
import subprocess
import time

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.config.tasks import ping
from tests.servers import ROOT, serve_env

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until_run(result, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = DBTaskResult.objects.get(id=result.id).status
        if status not in ("READY", "RUNNING"):
            return status
        time.sleep(0.2)
    return status


def terminate_other_backends():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def allow_connections(allowed: bool):
    """From the cluster's maintenance database (a database cannot refuse its own session)."""
    import psycopg

    db = connection.settings_dict
    name = connection.ops.quote_name(db["NAME"])
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        host=db["HOST"],
        port=db.get("PORT") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    ) as admin:
        admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {str(allowed).lower()}")


def restarts_logged(log) -> int:
    """How many times the supervisor has said it is starting the worker again (read through
    a file of its own: seeking the shared one would move where the supervisor writes)."""
    with open(log.name) as own:
        return own.read().count("starting it again")


def worker_children(supervisor):
    found = subprocess.run(["pgrep", "-P", str(supervisor.pid)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


@pytest.fixture
def supervised_worker(tmp_path):
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(ROOT / "scripts/worker.sh"), "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=serve_env(WORKER_RESTART_SECONDS="0.5", DB_CONNECT_TIMEOUT="1"),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        yield process, log
    finally:
        allow_connections(True)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_queued_tasks_still_run_after_the_database_drops_and_the_worker_dies(supervised_worker):
    process, log = supervised_worker
    assert wait_until_run(ping.enqueue("first")) == "SUCCESSFUL"

    # The worker's connection is cut under it: it connects again.
    assert terminate_other_backends() >= 1
    assert wait_until_run(ping.enqueue("second")) == "SUCCESSFUL"

    # The database refuses every connection for a while, as while PostgreSQL restarts: the
    # worker fails and is started again until the database is back (here: until the
    # supervisor has started it again at least once while the database refused it).
    restarts = restarts_logged(log)
    allow_connections(False)
    terminate_other_backends()
    deadline = time.monotonic() + 60  # waiting for the failure, not a timing assertion
    while restarts_logged(log) == restarts and time.monotonic() < deadline:
        time.sleep(0.2)
    assert restarts_logged(log) > restarts
    allow_connections(True)
    assert wait_until_run(ping.enqueue("third")) == "SUCCESSFUL"

    # The worker is killed outright: it is started again.
    children = worker_children(process)
    assert children
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    assert wait_until_run(ping.enqueue("fourth")) == "SUCCESSFUL"
    assert process.poll() is None  # the supervisor itself kept running
    log.seek(0)
    assert "starting it again" in log.read()
