"""Rendered content of the career map's public pages, cached under the map's data version.

The database keeps the version (migration 0006): a trigger on every career map table gives
`pathways_map_version` a fresh value from a sequence whenever a statement changes the table,
in the same transaction. So admin edits, services, fixture loads, bulk operations, raw SQL and
TRUNCATE all change it, and it is never reused, even after a rollback.

A page reads the version first (one primary-key lookup), then looks for its fragment under
(version, what the fragment depends on). Reading the version before the data means a fragment
stored under a version was rendered from that version's data or newer, never older: under READ
COMMITTED a change and its version bump become visible together. Every process checks the
version on every request, so a per-process cache (LocMemCache) stays consistent across
processes, and an edit shows on the very next request.

Only the main content is cached: the page shell around it has a per-request CSP nonce, the
signed-in user and messages.
"""

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, router

CACHE_ALIAS = "pathways"
VERSION_TABLE = "pathways_map_version"


def map_version() -> int | None:
    """The career map's current data version, read from the database the map's pages read
    from (so a read replica gives the version that matches its data). None if the version row
    is missing, and then nothing is cached."""
    from pathways.models import Role

    with connections[router.db_for_read(Role)].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


def map_tables() -> list[str]:
    """Every table that holds career map data (the tables the version trigger must be on)."""
    tables = set()
    for model in apps.get_app_config("pathways").get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.object_name.startswith("Historical"):
            continue
        tables.add(meta.db_table)
    return sorted(tables)


@cache
def code_version() -> str:
    """A digest of the templates and code that render the cached fragments, so a shared cache
    (Redis, memcached) never serves fragments rendered by an earlier release."""
    base = Path(settings.BASE_DIR)
    paths = sorted((base / "templates" / "pathways").glob("*.jinja"))
    paths += sorted((base / "pathways").glob("*.py"))
    paths.append(base / "templates" / "careers" / "includes" / "role_aspiration.jinja")
    digest = hashlib.sha256(settings.NHSUK_FRONTEND_VERSION.encode())
    for path in paths:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _key(name: str, version: int, parts) -> str:
    payload = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    digest = hashlib.sha256(payload.encode()).hexdigest()[:32]
    return f"pathways:{code_version()}:{name}:{version}:{digest}"


def cached(name: str, version: int | None, parts, build: Callable[[], dict]) -> dict:
    """The entry (a small dict) for `name` under `version` and `parts` (JSON-able values that,
    with the data version, determine it), built and stored on a miss. `build` may raise (an
    Http404, say); nothing is stored then. Without a version nothing is cached."""
    if version is None:
        return build()
    store = caches[CACHE_ALIAS]
    key = _key(name, version, parts)
    entry = store.get(key)
    if entry is None:
        entry = build()
        store.set(key, entry)
    return entry
