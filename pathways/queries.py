"""Read models that span several tables: the open-data export, the route graph, the map."""

import threading

from django.db import connections, router
from django.db.models import Q

from pathways.models import (
    EntryRoute,
    Link,
    PayBand,
    Role,
    StartingPoint,
    WaitingRule,
)
from pathways.pagecache import map_version
from pathways.routes import Edge, Graph, WaitRule
from pathways.services import FORMAT


def _iso(value):
    return value.isoformat() if value else None


def published_links():
    """Links whose both ends are on the public map."""
    return Link.objects.filter(to_role__status=Role.Status.PUBLISHED).filter(
        Q(from_start__isnull=False) | Q(from_role__status=Role.Status.PUBLISHED)
    )


def export_data() -> dict:
    """Everything public on the map, in the format reference_data_load reads."""
    bands = list(PayBand.objects.all())
    pay_year = bands[0].pay_year if bands else None
    roles = (
        Role.objects.published()
        .select_related("band_min", "band_max", "trainee_band")
        .prefetch_related("sources")
        .order_by("slug")
    )
    links = published_links().select_related("from_role", "from_start", "to_role", "entry_route")
    rules = WaitingRule.objects.prefetch_related("after_routes", "before_routes")
    code = lambda band: band.code if band else None  # noqa: E731
    return {
        "format": FORMAT,
        "pay_year": pay_year,
        "pay_bands": [
            {
                "code": b.code,
                "name": b.name,
                "order": b.order,
                "min_pay": b.min_pay,
                "max_pay": b.max_pay,
                "pay_year": b.pay_year,
                "source_url": b.source_url,
                "checked_on": _iso(b.checked_on),
            }
            for b in bands
        ],
        "starting_points": [
            {"slug": s.slug, "name": s.name, "description": s.description, "order": s.order}
            for s in StartingPoint.objects.all()
        ],
        "entry_routes": [
            {
                "slug": r.slug,
                "name": r.name,
                "kind": r.kind,
                "length_months": r.length_months,
                "salaried": r.salaried,
                "funding": r.funding,
                "training_band": code(r.training_band),
                "training_pay_note": r.training_pay_note,
                "requirements": r.requirements,
                "academic_level": r.academic_level,
                "source_url": r.source_url,
                "checked_on": _iso(r.checked_on),
            }
            for r in EntryRoute.objects.select_related("training_band").order_by("slug")
        ],
        "roles": [
            {
                "slug": r.slug,
                "name": r.name,
                "status": r.status,
                "profession_group": r.profession_group,
                "also_known_as": r.also_known_as,
                "summary": r.summary,
                "work": r.work,
                "settings": list(r.settings),
                "band_min": code(r.band_min),
                "band_max": code(r.band_max),
                "trainee_band": code(r.trainee_band),
                "other_pay": r.other_pay,
                "pay_note": r.pay_note,
                "regulator": r.regulator,
                "registration": r.registration,
                "entry_requirements": r.entry_requirements,
                "unchecked": r.unchecked,
                "reviewed_on": _iso(r.reviewed_on),
                "sources": [
                    {"title": s.title, "url": s.url, "checked_on": _iso(s.checked_on)}
                    for s in r.sources.all()
                ],
            }
            for r in roles
        ],
        "links": [
            {
                "from": (link.from_role or link.from_start).slug,
                "from_kind": "role" if link.from_role_id else "start",
                "to": link.to_role.slug,
                "kind": link.kind,
                "entry_route": link.entry_route.slug if link.entry_route else None,
                "min_experience_months": link.min_experience_months,
                "note": link.note,
                "source_url": link.source_url,
            }
            for link in links
        ],
        "rules": [
            {
                "name": rule.name,
                "description": rule.description,
                "after_routes": sorted(r.slug for r in rule.after_routes.all()),
                "before_routes": sorted(r.slug for r in rule.before_routes.all()),
                "wait_months": rule.wait_months,
                "active": rule.active,
                "source_url": rule.source_url,
                "checked_on": _iso(rule.checked_on),
            }
            for rule in rules
        ],
    }


# --- The route graph, cached per process until the map's data version changes. ---

_graph_lock = threading.Lock()
_graph_cache: dict = {}


def _graph_key(version):
    if version is None:
        return None
    connection = connections[router.db_for_read(Role)]
    return (connection.alias, connection.settings_dict["NAME"], version)


def build_graph() -> Graph:
    names, groups = {}, {}
    for slug, name, group in Role.objects.published().values_list(
        "slug", "name", "profession_group"
    ):
        names[slug] = name
        groups[slug] = group
    starts = dict(StartingPoint.objects.values_list("slug", "name"))
    names.update(starts)
    edges = []
    rows = published_links().values_list(
        "from_role__slug",
        "from_start__slug",
        "to_role__slug",
        "kind",
        "min_experience_months",
        "entry_route__slug",
        "entry_route__name",
        "entry_route__length_months",
        "entry_route__salaried",
        "entry_route__funding",
        "entry_route__training_band__name",
        "entry_route__training_pay_note",
    )
    funded = {"nhs", "employer", "public"}
    for (
        from_role,
        from_start,
        to_role,
        kind,
        experience,
        route,
        route_name,
        length,
        salaried,
        funding,
        band,
        pay_note,
    ) in rows:
        edges.append(
            Edge(
                source=from_role or from_start,
                target=to_role,
                kind=kind,
                route=route,
                route_name=route_name,
                training_months=length or 0,
                min_experience_months=experience,
                funded=route is None or bool(salaried) or funding in funded,
                salaried=bool(salaried),
                funding=funding or "",
                training_pay=band or pay_note or "",
            )
        )
    rules = [
        WaitRule(
            name=rule.name,
            after=frozenset(r.slug for r in rule.after_routes.all()),
            before=frozenset(r.slug for r in rule.before_routes.all()),
            months=rule.wait_months,
        )
        for rule in WaitingRule.objects.filter(active=True).prefetch_related(
            "after_routes", "before_routes"
        )
    ]
    return Graph(names=names, edges=edges, rules=rules, groups=groups, starts=frozenset(starts))


def route_graph(version: int | None = None) -> Graph:
    """The graph the route finder runs on, rebuilt when the map's data version (pagecache.py)
    changes: one primary-key lookup to check it is current, none if the caller has just read
    the version."""
    key = _graph_key(map_version() if version is None else version)
    with _graph_lock:
        if key is not None and _graph_cache.get("key") == key:
            return _graph_cache["graph"]
    graph = build_graph()
    with _graph_lock:
        _graph_cache["key"] = key
        _graph_cache["graph"] = graph
    return graph


def published_role_choices() -> list[tuple[str, str]]:
    """(slug, name) of every published role, by name: the one way other apps (mentoring's
    current and target roles) read the career map's roles."""
    return list(Role.objects.published().order_by("name").values_list("slug", "name"))
