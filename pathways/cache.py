"""The career map's speed layer: every cache pathways keeps, in one place.

docs/architecture.md ("Caches") is the decision record. In short, three kinds of entry:

- **Whole-map entries** (`cached`): the map page's and the route finder's results, which depend
  on most of the map. Stored under the map's data version: the database keeps it (the pathways
  migration), bumped from a sequence by a trigger on every map table in the changing statement's
  transaction, so admin edits, services, fixture loads, bulk operations, raw SQL and TRUNCATE
  all change it, and a value is never reused, even after a rollback.
- **Tracked entries** (`tracked`): a role page, the directory's assembled main content and the
  route graph. Each records the version it was built at and its *stamps*, the things it shows
  (`role:<id>`, `route:<id>`, `row:<id>`, `table:<name>`, `directory`, `graph`; the pathways
  migration keeps, for each, the version of the last change to it). While the version is
  the one last checked, the entry is served with no more queries; once the version has moved,
  its stamps are compared with the version it was built at (the map-wide ones, GLOBAL_STAMPS,
  come with the version's own query; a role's take one more), and only a newer stamp rebuilds
  it. So an edit to one role rebuilds that role's page and its neighbours', not the 2,000
  others.
- **Content entries** (`by_content`): pieces keyed by a digest of exactly what they render (a
  directory row, the directory's filter form), so they need no invalidation at all: changed
  data gives another key. The directory, when its stamps moved, is assembled from these, so
  only the rows that changed are rendered again.
- **Kept results** (`kept_result`, per process, the last KEPT_ENTRIES query strings): the
  directory's matches for a query string (ids, in order), kept across edits. After an edit
  confined to some roles' rows or links (ROW_LOCAL) only the roles whose `row:<id>` stamp
  moved (their own row or the links into them: not a neighbour's name), or whose first steps
  changed, are searched again and merged in; any other edit (synonyms, bands, entry routes,
  requirements) searches them all again. When none of the
  roles on the page was asked about again and the page holds the same roles, the directory's
  previous main content is served again (`tracked` with `previous`). The directory reads its
  first steps from `first_steps_graph`: the route graph while current, else a graph of the
  starting points' links alone, so a link edit does not make the directory wait for the
  whole route graph; and its pay bands from `pay_bands`, kept while the graph is.

A page reads the version before its data, so an entry stored under a version was rendered from
that version's data or newer, never older (under READ COMMITTED a change and its version bump
become visible together). Every process checks the version on every request, so a per-process
cache (LocMemCache, the `pathways` alias in settings) stays consistent across processes, and an
edit shows on the very next request. Keys carry a digest of the code that renders them
(`code_version`), so a shared cache never serves an earlier release's markup.

Only main content is cached: the page shell around it has a per-request CSP nonce, the signed-in
user and messages.

The route finder's two long selects (every role, grouped) keep their options rendered once per
route graph (`select_options`).
"""

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connections, router
from markupsafe import Markup, escape

CACHE_ALIAS = "pathways"
VERSION_TABLE = "pathways_map_version"
STAMP_TABLE = "pathways_map_stamp"
# Every tracked entry also depends on this stamp: a TRUNCATE of any map table.
EVERYTHING = "*"


def _connection():
    from pathways.models import Role

    return connections[router.db_for_read(Role)]


# Stamps read with the version in one query, so entries that depend only on them (the route
# graph, the directory) are checked without a query of their own.
GLOBAL_STAMPS = ("graph", "directory", "table:pathways_searchsynonym", EVERYTHING)
_last = threading.local()  # (version, {stamp: version}) from this thread's last map_version()


def map_version() -> int | None:
    """The career map's current data version, read from the database the map's pages read
    from (so a read replica gives the version that matches its data). None if the version row
    is missing, and then nothing is cached. The same query reads GLOBAL_STAMPS."""
    with _connection().cursor() as cursor:
        cursor.execute(
            f"SELECT v.version, (SELECT json_object_agg(s.key, s.version) "  # noqa: S608
            f"FROM {STAMP_TABLE} s WHERE s.key = ANY(%s)) FROM {VERSION_TABLE} v WHERE v.id = 1",
            [list(GLOBAL_STAMPS)],
        )
        row = cursor.fetchone()
    _last.state = (row[0], row[1] or {}) if row else None
    return row[0] if row else None


def _global_stamps(version) -> dict:
    """GLOBAL_STAMPS as read with `version` (read again if this thread read another)."""
    state = getattr(_last, "state", None)
    if state is None or state[0] != version:
        map_version()
        state = getattr(_last, "state", None)
    return state[1] if state and state[0] == version else None


def changed_since(stamps, version: int, current: int | None = None) -> bool:
    """Whether anything named by `stamps` (or a TRUNCATE) changed after `version`; without a
    query when they are all GLOBAL_STAMPS read with the `current` version."""
    if current is not None and set(stamps) <= set(GLOBAL_STAMPS):
        known = _global_stamps(current)
        if known is not None:
            return any(known.get(key, 0) > version for key in (*stamps, EVERYTHING))
    with _connection().cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {STAMP_TABLE} "  # noqa: S608
            "WHERE key = ANY(%s) AND version > %s)",
            [[*stamps, EVERYTHING], version],
        )
        return cursor.fetchone()[0]


def map_tables() -> list[str]:
    """Every table that holds career map data (the tables the version trigger must be on)."""
    tables = set()
    for model in apps.get_app_config("pathways").get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.object_name.startswith("Historical"):
            continue
        tables.add(meta.db_table)
    return sorted(tables)


def table(model) -> str:
    """The stamp of any change to a model's table."""
    return f"table:{model._meta.db_table}"


def role(pk) -> str:
    """The stamp of a role's row, sources, own requirements and gains, and links in and out."""
    return f"role:{pk}"


def route(pk) -> str:
    """The stamp of an entry route's row and its requirements."""
    return f"route:{pk}"


@cache
def code_version() -> str:
    """A digest of the templates and code that render the cached fragments, so a shared cache
    (Redis, memcached) never serves fragments rendered by an earlier release."""
    base = Path(settings.BASE_DIR)
    paths = sorted((base / "templates" / "pathways").glob("*.jinja"))
    paths += sorted((base / "pathways").rglob("*.py"))
    paths.append(base / "templates" / "careers" / "includes" / "role_aspiration.jinja")
    paths.append(base / "templates" / "support" / "_role_resources.jinja")
    digest = hashlib.sha256(settings.NHSUK_FRONTEND_VERSION.encode())
    for path in paths:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def digest(parts) -> str:
    payload = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _key(name: str, parts) -> str:
    return f"pathways:{code_version()}:{name}:{digest(parts)}"


def cached(name: str, version: int | None, parts, build: Callable[[], dict]) -> dict:
    """A whole-map entry (a small dict) for `name` under `version` and `parts` (JSON-able
    values that, with the data version, determine it), built and stored on a miss. `build` may
    raise (an Http404, say); nothing is stored then. Without a version nothing is cached."""
    if version is None:
        return build()
    store = caches[CACHE_ALIAS]
    key = _key(name, [version, parts])
    entry = store.get(key)
    if entry is None:
        entry = build()
        store.set(key, entry)
    return entry


def tracked(name: str, version: int | None, parts, build: Callable, *, previous=False):
    """A tracked entry for `name` and `parts`: `build` gives (entry, stamps) and may raise.
    Served while none of its stamps changed after the version it was built at. With
    `previous`, `build` is given the stale entry held ({"entry", "built", ...}, or None) and
    may give it back when it can tell nothing it shows changed."""
    call = (lambda held: build(held)) if previous else (lambda held: build())
    if version is None:
        return call(None)[0]
    store = caches[CACHE_ALIAS]
    key = _key(name, parts)
    held = store.get(key)
    if held is not None and held["built"] <= version:  # below: a rolled-back world (tests)
        if held["checked"] == version:
            return held["entry"]
        if not changed_since(held["stamps"], held["built"], current=version):
            store.set(key, {**held, "checked": version})
            return held["entry"]
    else:
        held = None
    entry, stamps = call(held)
    store.set(key, {"entry": entry, "stamps": sorted(set(stamps)), "built": version,
                    "checked": version})  # fmt: skip
    return entry


def by_content(name: str, parts, build: Callable[[], str]) -> Markup:
    """A piece of HTML keyed by a digest of `parts`, everything it renders."""
    store = caches[CACHE_ALIAS]
    key = _key(name, parts)
    html = store.get(key)
    if html is None:
        html = str(build())
        store.set(key, html)
    return Markup(html)  # noqa: S704 - rendered by our autoescaped templates


def moved_since(version: int) -> set[str]:
    """Every stamp that moved after `version`: one query (entries are checked as edits come,
    so few have moved since the last check)."""
    with _connection().cursor() as cursor:
        cursor.execute(
            f"SELECT key FROM {STAMP_TABLE} WHERE version > %s",  # noqa: S608
            [version],
        )
        return {row[0] for row in cursor.fetchall()}


# Stamps that an edit confined to some roles' rows moves besides their `role:`/`row:` stamps (a
# role's row, its sources, a link between two roles or from a starting point). A result over
# roles built before such an edit is brought up to date by asking again about those roles
# alone; anything else (synonyms, bands, entry routes, requirements, a TRUNCATE) recomputes it.
ROW_LOCAL = frozenset(
    {"directory", "graph", "table:pathways_role", "table:pathways_rolesource",
     "table:pathways_link", "table:pathways_slughistory", "table:support_resource"}
)  # fmt: skip


# Kept results live per process, not in the cache alias: a LocMemCache copies (pickles) a
# value in and out, which for 2,000 matches cost more than the search they save. The least
# recently stored go first beyond KEPT_ENTRIES query strings. Shared between threads: the
# lists are replaced, never changed.
KEPT_ENTRIES = 500
_kept_lock = threading.Lock()
_kept: OrderedDict = OrderedDict()


@dataclass
class Kept:
    """kept_result's answer: the matches, and, when they were brought up to date from those
    kept at version `since`, the roles asked about again (by pk and by slug)."""

    items: list
    since: int | None = None
    pks: set = field(default_factory=set)
    slugs: set = field(default_factory=set)


def kept_result(name: str, version: int | None, parts, first: dict, make_query: Callable) -> Kept:
    """An ordered result over roles (the directory's matches for one query string), kept
    across edits. `make_query()` gives the query: `query(pks, slugs)` gives the matching roles
    as (sort key, name, pk, slug) tuples: every match when both are None, else only among
    those pks and slugs. `first` is the first-steps map it was filtered with
    (routes.first_steps).

    Kept with the version it was built at, `first` and the query. When the version moved and
    only ROW_LOCAL stamps and roles' stamps moved, only the roles whose `row:<id>` stamp moved
    or whose first steps changed are asked about again and merged in (a role's match and rank
    depend on its own row, its flags and its first steps alone); otherwise every role is. The
    merged list is sorted in Python in both cases, by (key, name, pk), so a merge gives exactly
    the order a full query does. The query is used again while only such stamps moved and
    the first steps are the same (the bands and synonyms it was built with move other stamps):
    building it (a filter form, the ORM's expressions) cost more than running it."""
    # Nothing kept without a version, or when the cache alias is switched off (a DummyCache).
    if version is None or isinstance(caches[CACHE_ALIAS], DummyCache):
        return Kept(sorted(make_query()(None, None)))
    connection = _connection()
    key = (connection.alias, connection.settings_dict["NAME"], _key(name, parts))
    with _kept_lock:
        held = _kept.get(key)
    kept = query = None
    if held is not None and held["built"] <= version:  # below: a rolled-back world (tests)
        if held["built"] == version and held["first"] == first:
            return Kept(held["items"], since=version)
        moved = moved_since(held["built"])
        if {k for k in moved if not k.startswith(("role:", "route:", "row:"))} <= ROW_LOCAL:
            pks = {int(k[4:]) for k in moved if k.startswith("row:")}
            old = held["first"]
            slugs = set()
            if old is not first:  # the same graph's first steps are the same object
                slugs = {s for s in old.keys() | first.keys() if old.get(s) != first.get(s)}
            if not slugs:  # the same first steps: the query made with them still holds
                query = held["query"]
            items = [i for i in held["items"] if i[2] not in pks and i[3] not in slugs]
            if pks or slugs:
                query = query or make_query()
                items = sorted(items + list(query(pks, slugs)))
            kept = Kept(items, since=held["built"], pks=pks, slugs=slugs)
    if kept is None:
        query = make_query()
        kept = Kept(sorted(query(None, None)))
    with _kept_lock:
        _kept[key] = {"items": kept.items, "built": version, "first": first, "query": query}
        _kept.move_to_end(key)
        while len(_kept) > KEPT_ENTRIES:
            _kept.popitem(last=False)
    return kept


# --- The route graph: per process (too big to copy out of a cache on every request). ---

_graph_lock = threading.Lock()
_graph: dict = {}
_first_graph: dict = {}
_bands: dict = {}


def _database() -> tuple[str, str]:
    """Which database a per-process entry was built from (alias and name: tests switch)."""
    connection = _connection()
    return (connection.alias, connection.settings_dict["NAME"])


def _held(holder: dict, where: tuple[str, str], version: int | None) -> dict | None:
    """What `holder` keeps, while it was built from this database and the `graph` stamp has
    not moved since; None when it must be built again."""
    with _graph_lock:
        held = dict(holder)
    # A version below the one built at is a rolled-back world (in tests): rebuild.
    current = version is not None and held.get("where") == where and held["built"] <= version
    if current and not changed_since(["graph"], held["built"], current=version):
        return held
    return None


def _keep(holder: dict, where: tuple[str, str], version: int | None, **built) -> None:
    """Keep what was just built at `version` (nothing is kept without a version)."""
    if version is not None:
        with _graph_lock:
            holder.clear()
            holder.update(where=where, built=version, **built)


def route_graph(version: int | None = None):
    """The graph the route finder runs on (queries.build_graph), rebuilt only when something
    it reads changed (the `graph` stamp: not a role's prose or sources). One query to read
    the version and the graph's stamp, none if the caller has just read the version."""
    from pathways.queries import build_graph

    if version is None:
        version = map_version()
    where = _database()
    held = _held(_graph, where, version)
    if held is not None:
        return held["graph"]
    graph = build_graph()
    _keep(_graph, where, version, graph=graph)
    return graph


def pay_bands(version: int | None = None) -> list:
    """The pay bands in order, kept per process while the `graph` stamp (which every change to
    the pay band table moves) has not moved: the directory rebuilt after an edit to a role
    need not read them again. Shared between threads: read them, never change them."""
    from pathways.models import PayBand

    where = _database()
    held = _held(_bands, where, version)
    if held is not None:
        return held["bands"]
    bands = list(PayBand.objects.all())
    _keep(_bands, where, version, bands=bands)
    return bands


def first_steps_graph(version: int | None = None):
    """A graph that gives routes.first_steps and the starting points' names (all the
    directory needs of the route graph): the route graph itself while it is current, else
    one built with only the links from starting points (queries.build_graph(starts_only=True),
    a twentieth of the links on a big map), kept per process like the route graph. After an
    edit to a link the directory need not wait for the whole route graph to be rebuilt."""
    from pathways.queries import build_graph

    if version is None:
        version = map_version()
    where = _database()
    for holder in (_graph, _first_graph):
        held = _held(holder, where, version)
        if held is not None:
            return held["graph"]
    graph = build_graph(starts_only=True)
    _keep(_first_graph, where, version, graph=graph)
    return graph


# --- The route finder's long selects: options rendered once per route graph. ---

_options_lock = threading.Lock()
_options: dict = {}  # {"graph": graph, name: (pieces, {value: index})}


def _option(value, text, selected=False) -> str:
    mark = " selected" if selected else ""
    return f'<option value="{escape(value)}"{mark}>{escape(text)}</option>'


def _pieces(choices):
    """Each option (and optgroup tag) as its own piece of HTML, and where each value is."""
    pieces, where = [], {}
    for value, label in choices:
        if isinstance(label, list | tuple):
            pieces.append(f'<optgroup label="{escape(value)}">')
            for v, text in label:
                where.setdefault(str(v), (len(pieces), text))
                pieces.append(_option(v, text))
            pieces.append("</optgroup>")
        else:
            where.setdefault(str(value), (len(pieces), label))
            pieces.append(_option(value, label))
    return pieces, where


def select_options(bound_field, graph) -> Markup:
    """The field's options as HTML, grouped, with the field's value selected (the option
    equal to the value; the empty one when there is no value). The options are a function of
    the route graph, so their pieces are kept per graph; the chosen one is rendered with
    `selected` and the pieces joined around it."""
    with _options_lock:
        if _options.get("graph") is not graph:
            _options.clear()
            _options["graph"] = graph
        held = _options.get(bound_field.name)
    if held is None:
        held = _pieces(bound_field.field.choices)
        with _options_lock:
            if _options.get("graph") is graph:
                _options[bound_field.name] = held
    pieces, where = held
    value = bound_field.value()
    found = where.get("" if value is None else str(value))
    if found is None:
        return Markup("\n".join(pieces))  # noqa: S704 - escaped as rendered
    index, text = found
    chosen = _option("" if value is None else str(value), text, selected=True)
    return Markup("\n".join([*pieces[:index], chosen, *pieces[index + 1 :]]))  # noqa: S704
