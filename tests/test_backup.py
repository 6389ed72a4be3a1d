"""make backup / make restore round-trip a real database."""

import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from accounts.models import User
from tests.servers import database_url

ROOT = Path(__file__).resolve().parent.parent


def _fingerprint(url):
    with psycopg.connect(url) as conn:
        users = conn.execute("select email, full_name from accounts_user order by email").fetchall()
        groups = conn.execute("select name from auth_group order by name").fetchall()
        tables = conn.execute(
            "select count(*) from information_schema.tables where table_schema = 'public'"
        ).fetchone()
    return users, groups, tables


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_the_data(tmp_path):
    User.objects.create_user("one@example.org", "x", full_name="Ünïcode Name")
    User.objects.create_user("two@example.org", "x", full_name="=formula'quote")
    source = database_url(connection.settings_dict["NAME"])
    scratch = f"{connection.settings_dict['NAME']}_restore"
    admin = database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{scratch}"')
        conn.execute(f'create database "{scratch}"')
    try:
        dump = tmp_path / "portal.dump"
        subprocess.run(
            [ROOT / "scripts/backup.sh", dump],
            env={"DB_URL": source, "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
        )
        assert dump.read_bytes()[:5] == b"PGDMP"  # custom format
        subprocess.run(
            [ROOT / "scripts/restore.sh", dump],
            env={"DB_URL": database_url(scratch), "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
        )
        assert _fingerprint(database_url(scratch)) == _fingerprint(source)
        assert ("one@example.org", "Ünïcode Name") in _fingerprint(database_url(scratch))[0]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{scratch}"')


def test_restore_refuses_a_missing_file(tmp_path):
    result = subprocess.run(
        [ROOT / "scripts/restore.sh", tmp_path / "none.dump"], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "No backup file" in result.stderr
