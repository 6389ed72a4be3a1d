"""The one schedule of periodic jobs: SCHEDULED_JOBS in settings, run by
`manage.py run_scheduled` (once, one job, or as a loop beside the worker).

Each entry is `(target, every)`: `target` is a management command with its arguments
(`"manage.py clearsessions"`) or the dotted path of a callable taking no arguments
(`"mentoring.jobs.remind"`), and `every` a `timedelta`. An app adds its job by adding an entry
to SCHEDULED_JOBS in config/settings.py; docs/deployment.md gives the cron table."""

import hashlib
import logging
import shlex
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, close_old_connections, connection
from django.utils.module_loading import import_string

logger = logging.getLogger("config.schedule")
COMMAND = "manage.py "
RETRY = timedelta(minutes=5)


@dataclass(frozen=True)
class Job:
    target: str
    every: timedelta

    @property
    def name(self) -> str:
        """`clearsessions` for a command, the callable's dotted path otherwise."""
        if self.target.startswith(COMMAND):
            return shlex.split(self.target)[1]
        return self.target

    def run(self) -> str:
        """Runs the job now; returns what it printed (a command) or returned (a callable)."""
        if self.target.startswith(COMMAND):
            name, *args = shlex.split(self.target)[1:]
            out = StringIO()
            call_command(name, *args, stdout=out, stderr=out)
            return out.getvalue().strip()
        result = import_string(self.target)()
        return "" if result is None else str(result)


def jobs(entries: Iterable | None = None) -> list[Job]:
    """The schedule from SCHEDULED_JOBS, checked: a bad entry stops with its position."""
    found = []
    for position, entry in enumerate(settings.SCHEDULED_JOBS if entries is None else entries):
        try:
            target, every = entry
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"SCHEDULED_JOBS[{position}] must be (target, timedelta), not {entry!r}"
            ) from None
        if not isinstance(target, str) or not target.strip():
            raise ImproperlyConfigured(f"SCHEDULED_JOBS[{position}]: name a command or callable")
        if not isinstance(every, timedelta) or every <= timedelta(0):
            raise ImproperlyConfigured(f"SCHEDULED_JOBS[{position}]: give a positive timedelta")
        found.append(Job(target=target.strip(), every=every))
    names = [job.name for job in found]
    if len(set(names)) != len(names):
        raise ImproperlyConfigured(f"SCHEDULED_JOBS names a job twice: {names}")
    return found


def _lock_key(job: Job) -> int:
    # A stable 63-bit key per job name for PostgreSQL's advisory locks.
    return int.from_bytes(hashlib.sha256(job.name.encode()).digest()[:8], "big") >> 1


def run_job(job: Job) -> bool:
    """Runs one job unless another process is running it (a PostgreSQL advisory lock, so two
    schedulers never run the same job at once). Logs the outcome; never raises, so one broken
    job (or a database that is away) does not stop the others. True if it ran and succeeded."""
    key = _lock_key(job)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if not cursor.fetchone()[0]:
                logger.info("Skipped %s: another process is running it", job.name)
                return False
    except DatabaseError as error:
        logger.error("Scheduled job %s not run: the database is unavailable (%s)", job.name, error)
        return False
    try:
        output = job.run()
    except Exception:
        logger.exception("Scheduled job %s failed", job.name)
        return False
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        except DatabaseError:
            connection.close()  # the session's locks go with it
    logger.info("Ran %s%s", job.name, f": {output}" if output else "")
    return True


def due(schedule: list[Job], last_run: dict[str, float], now: float) -> list[Job]:
    """The jobs whose interval has passed since they last ran (never run: due)."""
    return [
        job
        for job in schedule
        if job.name not in last_run or now - last_run[job.name] >= job.every.total_seconds()
    ]


def loop(
    schedule: list[Job],
    *,
    tick: float = 60,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
    run: Callable[[Job], bool] = run_job,
) -> dict[str, float]:
    """Runs every job at start, then each again once its interval has passed (a job that did not
    run: after RETRY), looking every `tick` seconds; `rounds` limits the looks (None: until
    stopped). Returns, for each job, the time its interval is counted from."""
    last_run: dict[str, float] = {}
    looked = 0
    while rounds is None or looked < rounds:
        if run is run_job:
            # The loop's connection may have broken (or aged) since its last look, as a
            # request's would at its end.
            close_old_connections()
        for job in due(schedule, last_run, clock()):
            succeeded = run(job)
            # A job that did not run (the database away, another scheduler on it, an error)
            # is tried again after RETRY, or its own interval if that is shorter.
            wait = job.every.total_seconds() if succeeded else min(RETRY, job.every).total_seconds()
            last_run[job.name] = clock() - job.every.total_seconds() + wait
        looked += 1
        if rounds is None or looked < rounds:
            sleep(tick)
    return last_run
