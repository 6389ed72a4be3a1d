"""One migration run, kept from one test run to the next: the first process to need it
migrates a template database, and every process's own test database (one per pytest-xdist
worker, or the one of a run without xdist) is copied from it (`CREATE DATABASE ... TEMPLATE`,
about a second) instead of running every migration again.

The template carries a digest of every installed app's migration files (and Django's version)
as its database comment; when a migration is added or changed the digest differs and the
template is migrated afresh."""

from __future__ import annotations

import fcntl
import hashlib
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connection


def migrations_digest() -> str:
    """A digest of what migrating builds: every installed app's migration files."""
    digest = hashlib.sha256(django.get_version().encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        for path in sorted((Path(config.path) / "migrations").glob("*.py")):
            digest.update(f"\0{config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _template_digest(template: str) -> str | None:
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [template],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def create(worker: str | None) -> str:
    """Create this process's test database; return the name to restore afterwards."""
    old_name = connection.settings_dict["NAME"]
    creation = connection.creation
    own = creation._get_test_db_name()  # pytest-django's name, ending _gw0, ... under xdist
    template = (own.removesuffix(f"_{worker}") if worker else own) + "_template"
    lock_path = Path(tempfile.gettempdir()) / f"{template}.lock"
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process builds, the others wait for it
        digest = migrations_digest()
        if _template_digest(template) != digest:
            connection.settings_dict["TEST"]["NAME"] = template
            creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            connection.close()
            connection.settings_dict["NAME"] = old_name
            with creation._nodb_cursor() as cursor:
                cursor.execute(f"COMMENT ON DATABASE \"{template}\" IS '{digest}'")
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
    """Drop this process's test database at the end of the run, ending any session still on
    it (`WITH (FORCE)`: the live server's thread may still hold one, which made Django's plain
    DROP fail with "being accessed by other users" and left the database behind)."""
    own = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = old_name
    settings.DATABASES[connection.alias]["NAME"] = old_name
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')


def empty_tables_by_delete() -> None:
    """Make the flush after each test with real transactions (the browser tests, the servers',
    the worker's) empty the tables with DELETE instead of TRUNCATE: the test database's tables
    hold a few rows each, and TRUNCATE of all 104 makes a new file for every table and index
    (about 2 s a test on this machine, DELETE 0.2 s). Every foreign key Django makes is
    deferrable, so they are checked once, at the end of the flush's transaction, when every
    table is empty. A flush that resets sequences is left to Django."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))}"
            for table in tables
        ]

    DatabaseOperations.sql_flush = sql_flush
