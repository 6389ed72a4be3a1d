"""Data that many tests need and that is dear to make, made once per test run and kept as a
copy of every table, so that each test that needs it gets it back in about a second: the whole
demo (`manage.py load_demo`, through every app's services, twenty seconds and more), the
career map's reference data (about 2,000 queries), the cross-app tests' world
(tests/world.py, with its objects) and the equity tests' figures (five seconds).

The first test process to need one makes it for real, committed, in its own test database,
copies every table out (`COPY ... TO STDOUT`), and puts its database back as it was; the copy
goes to a folder named after the run (pytest-xdist's `testrunuid`) that the other processes of
the same run read. A run never reuses another run's copy: the demo's dates are relative to the
day it is loaded, and what is made follows the code of the services.

`restore()` empties every table (as the flush after a test with real transactions does) and
copies the rows back in, in the current transaction: committed for a test with real
transactions (a browser test's live server reads it), rolled back with the test otherwise.
The career map's triggers see the rows arrive, so its caches move on as after a load."""

from __future__ import annotations

import fcntl
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction


@dataclass
class Snapshot:
    tables: dict[str, bytes]  # table name: its rows in COPY's text format
    sequences: list[tuple[str, int]]  # (sequence, its last value)
    made: Any = None  # what the maker returned (the world's objects), as it was made


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _copy_out(tables: list[str]) -> dict[str, bytes]:
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            chunks = []
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                for chunk in copy:
                    chunks.append(bytes(chunk))
            out[table] = b"".join(chunks)
    return out


def _sequences() -> list[tuple[str, int]]:
    """Every sequence's last value: the tables' ids and standalone ones such as the referral
    reference numbers (`referrals_reference_seq`), which a copy's rows have already used."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences"
            " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
        return cursor.fetchall()


def _put_back(tables: dict[str, bytes], sequences: list[tuple[str, int]] = ()) -> None:
    """Replace every table's rows with `tables`' (in the current transaction)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in _tables():
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, rows in tables.items():
            if rows:
                with cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(rows)
        # Sequences only move forward: a row made after the restore never takes a copied row's
        # id or reference, even when the copy was made by another test process.
        for name, largest in sequences:
            cursor.execute(
                f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {quote(name)})))",
                [name, largest],
            )
    ContentType.objects.clear_cache()  # the demo's content type rows, with their ids


def load_demo() -> None:
    call_command("load_demo", stdout=StringIO())


def load_career_map() -> None:
    """The real reference data from fixtures/pathways/career-map.json."""
    from pathways import services

    services.reference_data_load_file()
    services.role_editors_grant_permissions()


def build_world() -> Any:
    from tests.world import build_world

    return build_world()


def build_equity() -> None:
    """The equity tests' data: the survey roles, a published wave and the equity demo."""
    from careers.equity import demo
    from tests.careers.surveys import publish_wave_of_100, survey_roles

    survey_roles()
    with tempfile.TemporaryDirectory() as folder:
        publish_wave_of_100(Path(folder) / "wave-of-100.csv")
    demo.load()


def _build(make: Callable[[], Any], committed: bool) -> Snapshot:
    """Make it for real, copy it, and put the database back as it was: committed (as a test
    with real transactions makes it, after-commit actions run), or in a transaction rolled
    back afterwards (as a module's shared set-up makes it, tests/world.py)."""
    assert not connection.in_atomic_block, "made outside any test's transaction"
    tables = _tables()
    if not committed:
        with transaction.atomic():
            made = make()
            snapshot = Snapshot(_copy_out(tables), _sequences(), made)
            transaction.set_rollback(True)
        ContentType.objects.clear_cache()
        return snapshot
    before = _copy_out(tables)
    try:
        made = make()
        snapshot = Snapshot(_copy_out(tables), _sequences(), made)
    finally:
        with transaction.atomic():
            _put_back(before)
    return snapshot


def _folder(run: str, name: str) -> Path:
    return Path(tempfile.gettempdir()) / f"portal-{name}-{run}"


def _write(snapshot: Snapshot, folder: Path) -> None:
    """One file of COPY text per table, and the sequences as JSON; made whole, then renamed."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    for table, rows in snapshot.tables.items():
        (partial / f"{table}.copy").write_bytes(rows)
    (partial / "sequences.json").write_text(json.dumps(snapshot.sequences))
    (partial / "made.pickle").write_bytes(pickle.dumps(snapshot.made))
    os.replace(partial, folder)


def _read(folder: Path) -> Snapshot:
    tables = {path.stem: path.read_bytes() for path in sorted(folder.glob("*.copy"))}
    sequences = [tuple(row) for row in json.loads((folder / "sequences.json").read_text())]
    # Written a moment ago by a process of this same run (above), for its own objects.
    made = pickle.loads((folder / "made.pickle").read_bytes())  # noqa: S301
    return Snapshot(tables=tables, sequences=sequences, made=made)


# name: (maker, committed)
MAKERS = {
    "demo": (load_demo, True),
    "career-map": (load_career_map, True),
    "world": (build_world, False),
    "equity": (build_equity, False),
}
_loaded: dict[str, Snapshot] = {}


def snapshot(run: str, name: str) -> Snapshot:
    """The run's copy of `name` (a key of MAKERS), made by the first process of the run to ask."""
    if name not in _loaded:
        folder = _folder(run, name)
        with open(folder.with_name(folder.name + ".lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one process makes it, the others wait for it
            if folder.exists():
                _loaded[name] = _read(folder)
            else:
                _loaded[name] = _build(*MAKERS[name])
                _write(_loaded[name], folder)
    return _loaded[name]


def restore(copy: Snapshot) -> None:
    """Make the database hold exactly the copy (in the current transaction)."""
    with transaction.atomic():
        _put_back(copy.tables, copy.sequences)


def remove(run: str) -> None:
    """The run's files, when the run is over."""
    for name in MAKERS:
        folder = _folder(run, name)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(folder.with_name(folder.name + ".partial"), ignore_errors=True)
        folder.with_name(folder.name + ".lock").unlink(missing_ok=True)
