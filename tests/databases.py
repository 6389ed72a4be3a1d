"""One migration run for the whole test run: under pytest-xdist the first worker migrates a
template database and every worker's own database is copied from it (`CREATE DATABASE ...
TEMPLATE`, about a second) instead of each worker running every migration again.

Without xdist the test database is created and migrated as pytest-django does."""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection


def create(worker: str | None) -> str:
    """Create this process's test database; return the name to restore afterwards."""
    old_name = connection.settings_dict["NAME"]
    creation = connection.creation
    if worker is None:
        creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        return old_name
    own = connection.settings_dict["TEST"]["NAME"]  # pytest-django's name, ending _gw0, ...
    template = own.removesuffix(f"_{worker}") + "_template"
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
    lock_path = Path(tempfile.gettempdir()) / f"{template}.lock"
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker builds, the others wait for it
        lock.seek(0)
        if lock.read().strip() != run:
            connection.settings_dict["TEST"]["NAME"] = template
            creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            connection.close()
            connection.settings_dict["NAME"] = old_name
            lock.seek(0)
            lock.truncate()
            lock.write(run)
            lock.flush()
        # Copying needs the template without sessions: copies are made one at a time.
        with creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{own}"')
            cursor.execute(f'CREATE DATABASE "{own}" TEMPLATE "{template}"')
    connection.settings_dict["TEST"]["NAME"] = own
    connection.settings_dict["NAME"] = own
    settings.DATABASES[connection.alias]["NAME"] = own
    connection.ensure_connection()
    return old_name


def destroy(old_name: str) -> None:
    connection.creation.destroy_test_db(old_name, verbosity=0)
