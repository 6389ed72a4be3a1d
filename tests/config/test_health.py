"""/healthz (the process answers) and /readyz (the database answers and is migrated), outside
sessions, CSRF, the host check and the HTTPS redirect."""

import json
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from tests.servers import gunicorn


def test_healthz_answers_without_the_database(client):
    # No `db` fixture: pytest-django makes any database query here an error.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_answers_when_the_database_is_migrated(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content)["migrations"] == "applied"


def test_readyz_fails_while_a_migration_is_unapplied(db, client):
    # The outbox's migration is not a squash (Django also records a squashed migration under
    # the names it replaces, tests/test_migrations.py).
    latest = MigrationRecorder.Migration.objects.filter(app="outbox").order_by("-id").first()
    latest.delete()  # as if `migrate` had not run it yet (rolled back with the test)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["pending_migrations"] == [f"outbox.{latest.name}"]


def test_probes_set_no_cookie_need_no_csrf_token_and_ignore_the_host(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["careers.example.org"]
    for path in ("/healthz", "/readyz", "/readyz/"):
        response = client.get(path, HTTP_HOST="10.0.0.7:8000")
        assert response.status_code == 200, path
        assert not response.cookies
    assert client.head("/healthz", HTTP_HOST="10.0.0.7").status_code == 200
    # Other pages keep the host check.
    assert client.get("/accessibility/", HTTP_HOST="10.0.0.7").status_code == 400


@pytest.mark.django_db(transaction=True)
@pytest.mark.django_db
def test_a_real_server_is_alive_but_not_ready_without_its_database(tmp_path):
    missing = (
        f"postgres://postgres@%2F{str(tmp_path / 'no-socket').strip('/').replace('/', '%2F')}/x"
    )
    with gunicorn(probe="/healthz", DATABASE_URL=missing) as base:
        assert urllib.request.urlopen(base + "/healthz").status == 200  # noqa: S310
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/readyz")  # noqa: S310
        assert refused.value.code == 503
        assert json.loads(refused.value.read())["status"] == "unavailable"
    # The test's own database is untouched by the server's missing one.
    connection.ensure_connection()
    assert connection.is_usable()
