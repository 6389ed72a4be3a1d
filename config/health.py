"""Health probes for load balancers and orchestrators, answered by the first middleware, before
the HTTPS redirect, the host check, sessions, CSRF and sign-in throttling:

- `/healthz`: the process is alive and answering (no database, always 200);
- `/readyz`: the database answers and every migration on disk is applied (200), else 503.
"""

import json

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

PATHS = ("/healthz", "/readyz")


def _answer(status: int, body: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def healthz(request) -> HttpResponse:
    return _answer(200, {"status": "ok"})


def pending_migrations() -> list[str]:
    """The migrations on disk not yet applied to the database, as `app.name`.

    A squashed migration counts as pending while only some of the migrations it replaces are
    recorded: Django then leaves it out of its plan, so `migrate` would do nothing for that
    app although the database is part-way through the old chain (docs/deployment.md)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    applied = executor.loader.applied_migrations
    for key, migration in executor.loader.disk_migrations.items():
        done = [old in applied for old in migration.replaces]
        if any(done) and not all(done):
            pending.append(f"{key[0]}.{key[1]}")
    return pending


def readyz(request) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = pending_migrations()
    except DatabaseError as error:
        return _answer(503, {"status": "unavailable", "database": type(error).__name__})
    if pending:
        return _answer(503, {"status": "unavailable", "pending_migrations": pending})
    return _answer(200, {"status": "ok", "database": "ok", "migrations": "applied"})


class HealthCheckMiddleware:
    """Answers the probes (GET or HEAD) itself; every other request goes on down the chain."""

    views = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.views.get(request.path_info.rstrip("/") or "/")
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
