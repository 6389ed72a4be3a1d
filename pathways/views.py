"""The career map's public pages and open data."""

import json

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe
from markupsafe import Markup

from careers.queries import role_aspiration_share
from config import downloads
from config.breadcrumbs import breadcrumbs, section
from config.downloads import csv_response
from config.jinja2 import field_params
from pathways import cache, queries
from pathways.forms import SLUG, MapFilterForm, RoleFilter, RouteForm
from pathways.mapsvg import MapNode, layout
from pathways.models import (
    PayBand,
    ProfessionGroup,
    Qualification,
    Requirement,
    Role,
    SearchSynonym,
    SlugHistory,
    StartingPoint,
)
from pathways.routes import find_routes, first_steps

PAGE_SIZE = 20
CAREER_MAP = section("pathways:index", "Career map")


# The directory's stamps: a role column it shows, filters or searches on; anything the route
# graph reads (first steps; links, entry routes, bands and starting points all count); synonyms.
DIRECTORY_STAMPS = ["directory", "graph", cache.table(SearchSynonym)]


@require_safe
def index(request):
    version = cache.map_version()
    built = {}

    def build(previous):
        bands = cache.pay_bands(version)
        # First steps and the starting points' names: the route graph's, or (after an edit
        # to a link, before anyone asked for a route) a graph of the starting points' links.
        graph = cache.first_steps_graph(version=version)
        first = first_steps(graph)
        filterset = RoleFilter(
            request.GET or None,
            queryset=Role.objects.published().with_flags(),
            bands=bands,
            first_steps=first,
        )
        built["form"] = form = filterset.form
        matches = _matches(filterset)
        # The matches for the query string (without its page), kept across edits: after an
        # edit to some roles only those roles are asked about again (cache.kept_result).
        params = request.GET.copy()
        params.pop("page", None)
        kept = cache.kept_result("directory-matches", version, [params.urlencode()], first, matches)
        page = Paginator(kept.items, PAGE_SIZE).get_page(request.GET.get("page"))
        shows = {"pks": [item[2] for item in page], "count": len(kept.items)}
        if (
            previous is not None
            and previous["built"] == kept.since
            and all(previous["entry"].get(k) == v for k, v in shows.items())
            and not kept.pks.intersection(shows["pks"])
            and not kept.slugs.intersection(item[3] for item in page)
        ):
            # The same roles on this page as before the edit, none of them edited: the page
            # is what it was (the bands, names of starting points and synonyms did not move,
            # or kept_result would not have brought the matches up to date).
            return previous["entry"], DIRECTORY_STAMPS
        shown = {
            role.pk: role
            for role in Role.objects.with_flags()
            .select_related("band_min", "band_max")
            .filter(pk__in=[item[2] for item in page])
        }
        # The form is a function of the query string and the bands; each row of what it
        # shows: both are kept by content, so after an edit only changed rows are rendered.
        band_rows = [(b.code, b.name, b.order) for b in bands]
        form_html = cache.by_content(
            "directory-form",
            [request.GET.urlencode(), band_rows],
            lambda: render_to_string("pathways/_index_form.jinja", {"form": form}, request),
        )
        rows = [
            _directory_row(role, first.get(role.slug), graph, request)
            for role in (shown[item[2]] for item in page if item[2] in shown)
        ]
        context = {
            "form_html": form_html,
            "rows": rows,
            "page": page,
            "pay_year": bands[0].pay_year if bands else None,
            "searching": bool(request.GET.get("q", "").strip()),
        }
        main = render_to_string("pathways/_index_main.jinja", context, request)
        # The bands come along only when the shell needs the form again for its errors.
        entry = {"main": main, "error_bands": bands if form.errors else None, **shows}
        return entry, DIRECTORY_STAMPS

    # The assembled page is a function of the whole query string (pagination links keep its
    # order) and of what DIRECTORY_STAMPS name: kept while only other things change (a
    # source, a pay note), reassembled from its kept rows when they do.
    entry = cache.tracked("directory", version, [request.GET.urlencode()], build, previous=True)
    form = built.get("form")
    if form is None and entry["error_bands"] is not None:
        form = RoleFilter(
            request.GET, queryset=Role.objects.none(), bands=entry["error_bands"]
        ).form
    return render(
        request,
        "pathways/index.jinja",
        {
            "title": "NHS mental health career map",
            "breadcrumbs": breadcrumbs(),
            # For the page shell's error summary; a form without errors adds nothing.
            "form": form if form is not None and form.errors else None,
            "main": Markup(entry["main"]),  # noqa: S704 - rendered by our autoescaped template
        },
    )


def _matches(filterset):
    """The query for the directory's matches as (sort key, name, pk, slug) tuples, for
    cache.kept_result: best matches first when searching, else by name."""
    queryset = filterset.qs.order_by()
    searching = "rank" in queryset.query.annotations

    def query(pks, slugs):
        rows = queryset
        if pks is not None:
            rows = rows.filter(Q(pk__in=pks) | Q(slug__in=slugs))
        if searching:
            return [
                (-(rank + similarity), name, pk, slug)
                for pk, slug, name, rank, similarity in rows.values_list(
                    "pk", "slug", "name", "rank", "similarity"
                )
            ]
        return [(0.0, name, pk, slug) for pk, slug, name in rows.values_list("pk", "slug", "name")]

    return query


def _directory_row(role, starts, graph, request):
    """One role in the directory, kept by everything it shows."""
    band = lambda b: (b.pk, b.name) if b else None  # noqa: E731
    starts = [graph.names[start] for start in starts or ()]
    parts = [
        role.slug, role.name, role.profession_group, role.summary, role.other_pay,
        band(role.band_min), band(role.band_max), bool(role.salaried_training),
        bool(role.regulator), starts,
    ]  # fmt: skip
    return cache.by_content(
        "directory-row",
        parts,
        lambda: render_to_string(
            "pathways/_index_row.jinja", {"role": role, "starts": starts}, request
        ),
    )


def _node_for_role(role, href=None):
    return MapNode(
        slug=role.slug,
        name=role.name,
        href=href or reverse("pathways:role-detail", args=[role.slug]),
        lane=role.profession_group,
        column=role.band_min.code if role.band_min_id else "other",
    )


def _node_for_start(start):
    return MapNode(
        slug=start.slug,
        name=start.name,
        href=reverse("pathways:route-finder") + f"?from={start.slug}",
        lane=None,
        column="start",
    )


def _layout(nodes, edges, bands, highlight_nodes=frozenset(), highlight_edges=frozenset()):
    return layout(
        nodes,
        edges,
        bands=[(band.code, band.name) for band in bands],
        lanes=list(ProfessionGroup.choices),
        highlight_nodes=set(highlight_nodes),
        highlight_edges=set(highlight_edges),
    )


def _renamed(slug: str) -> str | None:
    """The current slug of a role or starting point that used to be `slug`, if any."""
    row = (
        SlugHistory.objects.filter(old_slug=slug)
        .values_list("role__slug", "role__status", "starting_point__slug")
        .first()
    )
    if row is None:
        return None
    role_slug, status, start_slug = row
    if role_slug and status == Role.Status.PUBLISHED:
        return role_slug
    return start_slug


def _redirect_renamed(request, view_name, **kwargs):
    """A permanent redirect to the same query with renamed slugs replaced, or None."""
    params = request.GET.copy()
    changed = False
    for key in ("from", "to"):
        value = params.get(key, "")
        if value and SLUG.match(value):
            new = _renamed(value)
            if new:
                params[key] = new
                changed = True
    if not changed:
        return None
    return HttpResponsePermanentRedirect(
        reverse(view_name, kwargs=kwargs) + "?" + params.urlencode()
    )


@require_safe
def role_detail(request, slug):
    try:
        return _role_detail(request, slug)
    except Http404:
        new = _renamed(slug)
        if new and new != slug:
            return HttpResponsePermanentRedirect(reverse("pathways:role-detail", args=[new]))
        raise


def _role_detail(request, slug):
    version = cache.map_version()
    # The one query pathways asks of careers: the latest published share of graduates
    # aspiring to this role (disclosure-controlled). Not career map data, so it is part of
    # the cache key rather than of the stamps.
    aspiration = role_aspiration_share(slug)

    def build():
        context = _role_context(slug)
        context["aspiration"] = aspiration
        main = render_to_string("pathways/_role_detail_main.jinja", context, request)
        return {"main": main, "title": context["role"].name}, context["stamps"]

    # Rebuilt only when the role, a neighbour, a link in or out, an entry route into it, the
    # pay bands, starting points, qualifications or support's resources changed.
    entry = cache.tracked("role", version, [slug, aspiration], build)
    return render(
        request,
        "pathways/role_detail.jinja",
        {
            "title": entry["title"],
            "breadcrumbs": breadcrumbs(CAREER_MAP),
            "main": Markup(entry["main"]),  # noqa: S704 - rendered by our autoescaped template
        },
    )


def _role_context(slug):
    role = get_object_or_404(
        Role.objects.published()
        .select_related("band_min", "band_max", "trainee_band")
        .prefetch_related("sources"),
        slug=slug,
    )
    incoming = list(
        queries.published_links()
        .filter(to_role=role)
        .select_related("from_role__band_min", "from_start", "entry_route__training_band")
        .order_by("from_start__order", "from_role__name")
    )
    outgoing = list(
        queries.published_links()
        .filter(from_role=role)
        .select_related("to_role__band_min", "entry_route__training_band")
        .order_by("to_role__name")
    )
    nodes = {role.slug: _node_for_role(role)}
    edges = []
    for link in incoming:
        source = link.from_role or link.from_start
        if source.slug not in nodes:
            nodes[source.slug] = (
                _node_for_role(source) if link.from_role_id else _node_for_start(source)
            )
        edges.append((source.slug, role.slug))
    for link in outgoing:
        nodes.setdefault(link.to_role.slug, _node_for_role(link.to_role))
        edges.append((role.slug, link.to_role.slug))
    entry_routes = {}
    for link in incoming:
        if link.entry_route_id:
            entry_routes.setdefault(link.entry_route.slug, link.entry_route)
    # Every band the neighbourhood uses is already loaded with the roles.
    band_rows = [b for b in (role.band_min, role.band_max, role.trainee_band) if b]
    band_rows += [link.from_role.band_min for link in incoming if link.from_role_id]
    band_rows += [link.to_role.band_min for link in outgoing]
    map_bands = _bands_for(nodes.values(), [b for b in band_rows if b])
    route_ids = {link.entry_route_id for link in incoming if link.entry_route_id}
    requirements = list(
        Requirement.objects.filter(Q(role=role) | Q(entry_route_id__in=route_ids))
        .select_related("entry_route")
        .prefetch_related("options__qualification")
        .order_by("entry_route__name", "pk")
    )
    neighbourhood = _layout(list(nodes.values()), edges, map_bands, highlight_nodes={role.slug})
    # What the page shows, as stamps (pathways/cache.py, migration 0010). A role's stamp moves
    # with its links and its neighbours' rows, so the neighbours need no stamps of their own.
    stamps = [cache.role(role.pk), *(cache.route(pk) for pk in route_ids)]
    stamps += [cache.table(m) for m in (PayBand, StartingPoint, Qualification)]
    stamps.append("table:support_resource")  # templates/support/_role_resources.jinja
    return {
        "stamps": stamps,
        "title": role.name,
        "role": role,
        "incoming": incoming,
        "outgoing": outgoing,
        "entry_routes": list(entry_routes.values()),
        "requirements": requirements,
        "map": neighbourhood,
    }


def _bands_for(nodes, known_bands):
    """The PayBand rows for the columns the nodes use, without another query when the rows
    are already loaded; falls back to one query."""
    codes = {node.column for node in nodes} - {"start", "other"}
    known = {band.code: band for band in known_bands}
    if codes - set(known):
        return list(PayBand.objects.all())
    return sorted((known[code] for code in codes), key=lambda band: band.order)


def _route_from_request(request, graph):
    """The highlighted route asked for on the map page, if any: (route, error)."""
    start, goal = request.GET.get("from", ""), request.GET.get("to", "")
    if not start and not goal:
        return None, None
    if not (SLUG.match(start) and SLUG.match(goal)):
        return None, "Choose a starting point and a role on the route finder to see a route."
    if start not in graph.names or goal not in graph.names:
        raise Http404("No such role")
    result = find_routes(graph, start, goal, funded_only=request.GET.get("funded") == "on")
    if not result.routes:
        return None, result.reason
    try:
        index = max(1, int(request.GET.get("route", "1"))) - 1
    except ValueError:
        index = 0
    return result.routes[min(index, len(result.routes) - 1)], None


@require_safe
def map_view(request):
    """The whole map. Its main content is cached like the directory's: under the map's data
    version and the re-encoded query string (pathways/cache.py)."""
    version = cache.map_version()
    form = MapFilterForm(request.GET or None)
    groups = form.cleaned_data["group"] if form.is_valid() else []

    def build():
        html = render_to_string(
            "pathways/_map_main.jinja", _map_context(request, form, groups, version), request
        )
        # Stored encoded: on the 2,000-role map the fragment is about 3 MB, and bytes are
        # cheap to copy out of the cache and into the response.
        return {"main": html.encode("utf-8")}

    try:
        entry = cache.cached("map", version, [request.GET.urlencode()], build)
    except Http404:
        renamed = _redirect_renamed(request, "pathways:map")
        if renamed:
            return renamed
        raise
    return _shell_around(
        request,
        "pathways/map.jinja",
        {
            "title": "Map of NHS mental health roles",
            "breadcrumbs": breadcrumbs(CAREER_MAP),
            "form": form,
        },
        entry["main"],
    )


MAIN_MARK = "<!--pathways-main-->"


def _shell_around(request, template, context, main: bytes):
    """The page shell (per request: CSP nonce, user, messages) rendered around cached main
    content given as bytes, without passing the big fragment through the templates: the
    shell is rendered with a marker where the main content goes, and the bytes spliced in."""
    marker = Markup(MAIN_MARK)  # noqa: S704 - a fixed comment
    shell = render_to_string(template, {**context, "main": marker}, request)
    head, _, tail = shell.partition(MAIN_MARK)
    return HttpResponse(b"".join((head.encode("utf-8"), main, tail.encode("utf-8"))))


def _map_context(request, form, groups, version):
    wants_route = bool(request.GET.get("from") or request.GET.get("to"))
    graph = cache.route_graph(version=version) if wants_route else None
    route, route_error = _route_from_request(request, graph) if wants_route else (None, None)
    roles = Role.objects.published().select_related("band_min")
    if groups:
        roles = roles.filter(profession_group__in=groups)
    roles = list(roles)
    shown = {role.slug for role in roles}
    rows = list(
        queries.published_links().values_list(
            "from_role__slug", "from_start__slug", "to_role__slug"
        )
    )
    edges = []
    used_starts = set()
    for from_role, from_start, to_role in rows:
        if to_role not in shown or (from_role and from_role not in shown):
            continue
        edges.append((from_role or from_start, to_role))
        if from_start:
            used_starts.add(from_start)
    starts = [s for s in StartingPoint.objects.all() if s.slug in used_starts]
    nodes = [_node_for_start(s) for s in starts] + [_node_for_role(r) for r in roles]
    highlight_nodes, highlight_edges, route_names = set(), set(), []
    if route:
        start = request.GET["from"]
        highlight_nodes = set(route.path(start))
        highlight_edges = set(route.links(start))
        route_names = [graph.names[start]] + [
            step.via if step.is_study else graph.names[step.role] for step in route.steps
        ]
    bands = list(PayBand.objects.all())
    the_map = _layout(nodes, edges, bands, highlight_nodes, highlight_edges)
    lanes = []
    names = {n.slug: n.name for n in nodes}
    outgoing = {}
    for source, target in edges:
        outgoing.setdefault(source, []).append(names[target])
    for key, label in ProfessionGroup.choices:
        members = [n for n in the_map.nodes if n.lane == key]
        if members:
            lanes.append(
                {
                    "label": label,
                    "roles": [
                        {"node": n, "leads_to": sorted(outgoing.get(n.slug, []))}
                        for n in sorted(members, key=lambda n: n.name)
                    ],
                }
            )
    return {
        "form": form,
        "map": the_map,
        "lanes": lanes,
        "starts": [
            {"node": n, "leads_to": sorted(outgoing.get(n.slug, []))}
            for n in the_map.nodes
            if n.is_start
        ],
        "route_names": route_names,
        "route_error": route_error,
        "pay_year": bands[0].pay_year if bands else None,
        "hidden": [
            (key, request.GET.get(key))
            for key in ("from", "to", "funded", "route")
            if request.GET.get(key)
        ],
    }


def _named(graph, slugs):
    return [{"slug": slug, "name": graph.name_of(slug)} for slug in slugs]


def _need_payload(graph, need):
    return {
        "any_of": [
            {"slug": slug, "name": graph.name_of(slug), "months": months}
            for slug, months in need.options
        ],
        "note": need.note,
        "source_url": need.source or None,
    }


def _route_payload(result, graph):
    routes = []
    for route in result.routes:
        steps = []
        for step in route.steps:
            # Every slug a step needs (any one option of each requirement would do).
            requires = []
            for need in step.requires:
                for slug, _ in need.options:
                    if slug not in [r["slug"] for r in requires]:
                        requires.append({"slug": slug, "name": graph.name_of(slug)})
            steps.append(
                {
                    "kind": "study" if step.is_study else "role",
                    "name": step.via if step.is_study else graph.names[step.role],
                    "role": step.role,
                    "via": step.via,
                    "months": step.months,
                    "at_least": True,
                    "move": step.kind,
                    "entry_route": None if step.is_study else step.via_slug,
                    "study_step": step.via_slug if step.is_study else None,
                    "at": step.node,
                    "experience_months": step.experience_months,
                    "waiting_months": step.waiting_months,
                    "training_months": step.training_months,
                    "funded": step.funded,
                    "salaried": step.salaried,
                    "funding": step.funding or None,
                    "pay_while_training": step.training_pay or None,
                    "rule": step.rule,
                    "rules": [
                        {"rule": a.rule, "months": a.months, "source_url": a.source or None}
                        for a in step.added
                    ],
                    "requires": requires,
                    "requirements": [_need_payload(graph, need) for need in step.requires],
                    "gains": _named(graph, step.gains),
                    "competition": step.competition or None,
                    "competition_source_url": step.competition_source or None,
                }
            )
        routes.append(
            {
                "total_months": route.total_months,
                "holds": _named(graph, sorted(route.holds)),
                "steps": steps,
            }
        )
    return routes


@require_safe
def route_finder(request):
    version = cache.map_version()
    graph = cache.route_graph(version=version)
    params = {"start": request.GET.get("from", ""), "goal": request.GET.get("to", "")}
    for value in params.values():
        if value and SLUG.match(value) and value not in graph.names:
            renamed = _redirect_renamed(request, "pathways:route-finder")
            if renamed:
                return renamed
            raise Http404("No such role or starting point")
    bound = bool(params["start"] and params["goal"]) or "to" in request.GET
    form = RouteForm(request.GET if bound else None, graph=graph, initial=params)
    results = None
    if bound and form.is_valid():
        start, goal = form.cleaned_data["start"], form.cleaned_data["goal"]
        funded = form.cleaned_data["funded"]

        def build():
            html = render_to_string(
                "pathways/_route_results.jinja",
                _route_results_context(graph, start, goal, funded),
                request,
            )
            return {"main": html}

        entry = cache.cached("routes", version, [start, goal, funded], build)
        results = Markup(entry["main"])  # noqa: S704 - rendered by our autoescaped template
    return render(
        request,
        "pathways/routes.jinja",
        {
            "title": "Find a route into a role",
            "breadcrumbs": breadcrumbs(CAREER_MAP),
            "form": form,
            "results": results,
            "start_select": _long_select(form["start"], graph),
            "goal_select": _long_select(form["goal"], graph),
        },
    )


def _long_select(bound_field, graph):
    """What pathways/_long_select.jinja needs for a select of every role: the bridge's params
    (label, hint, error, attributes) and the grouped options, kept per route graph. The bridge
    is given the same field without its choices (it would list 2,000 items only to drop them)."""
    original = bound_field.field
    bare = forms.ChoiceField(
        label=original.label, help_text=original.help_text, required=original.required
    )
    _, params = field_params(forms.BoundField(bound_field.form, bare, bound_field.name))
    params.pop("items", None)
    return {"params": params, "options": cache.select_options(bound_field, graph)}


def _route_results_context(graph, start, goal, funded):
    result = find_routes(graph, start, goal, funded_only=funded)
    routes = []
    for number, route in enumerate(result.routes, start=1):
        names = [graph.names[start]]
        for step in route.steps:
            names.append(step.via if step.is_study else graph.names[step.role])
        routes.append(
            {
                "number": number,
                "route": route,
                "names": names,
                "holds": [graph.name_of(slug) for slug in sorted(route.holds)],
                "steps": [
                    {
                        "step": step,
                        "name": step.via if step.is_study else graph.names[step.role],
                        "needs": [
                            [
                                graph.name_of(slug)
                                + (f" (at least {months} months)" if months else "")
                                for slug, months in need.options
                            ]
                            for need in step.requires
                        ],
                        "gains": [graph.name_of(slug) for slug in step.gains],
                    }
                    for step in route.steps
                ],
            }
        )
    return {
        "start": start,
        "goal": goal,
        "funded": funded,
        "result": result,
        "routes": routes,
        "names": graph.names,
        "missing": [graph.name_of(slug) for slug in result.missing],
        "map": _route_map(graph, start, result.routes) if result.routes else None,
    }


def _route_map(graph, start, routes):
    """A small map of the roles on the routes found, with the first route highlighted."""
    slugs = {start}
    edges = set()
    for route in routes:
        slugs.update(route.path(start))
        edges.update(route.links(start))
    roles = {
        role.slug: role
        for role in Role.objects.published().filter(slug__in=slugs).select_related("band_min")
    }
    nodes = []
    for slug in slugs:
        if slug in roles:
            nodes.append(_node_for_role(roles[slug]))
        else:
            nodes.append(
                MapNode(
                    slug=slug,
                    name=graph.names[slug],
                    href=reverse("pathways:route-finder") + f"?from={slug}",
                    lane=None,
                    column="start",
                )
            )
    return _layout(
        nodes,
        sorted(edges),
        list(PayBand.objects.all()),
        highlight_nodes=set(routes[0].path(start)),
        highlight_edges=set(routes[0].links(start)),
    )


def _json_error(message, status):
    return JsonResponse({"error": message}, status=status)


@require_safe
@downloads.open_data
def routes_json(request):
    start, goal = request.GET.get("from", ""), request.GET.get("to", "")
    if not start or not goal:
        return _json_error("Give both from and to, as role or starting point slugs.", 400)
    if not SLUG.match(start) or not SLUG.match(goal):
        return _json_error("from and to must be slugs (lower-case letters, digits, hyphens).", 400)
    if start == goal:
        return _json_error("from and to must be different.", 400)
    graph = cache.route_graph()
    unknown = [slug for slug in (start, goal) if slug not in graph.names]
    if unknown and (renamed := _redirect_renamed(request, "pathways:routes-json")):
        return renamed
    if unknown:
        return _json_error(f"Unknown slug: {', '.join(unknown)}", 404)
    if goal in graph.starts:
        return _json_error("to must be a role, not a starting point.", 400)
    funded = request.GET.get("funded", "") in ("1", "true", "on", "yes")
    lacks = frozenset(s for s in request.GET.get("lacks", "").split(",") if SLUG.match(s))
    result = find_routes(graph, start, goal, funded_only=funded, lacks=lacks)
    payload = {
        "from": start,
        "to": goal,
        "funded_only": funded,
        "routes": _route_payload(result, graph),
    }
    if lacks:
        payload["lacks"] = sorted(lacks)
    if not result.routes:
        payload["reason"] = result.reason
        payload["missing"] = _named(graph, result.missing)
        payload["missing_for"] = result.missing_for
        payload["nearest"] = [
            {"role": slug, "total_months": months} for slug, months in result.nearest
        ]
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_safe
@downloads.open_data
def export_json(request):
    response = JsonResponse(
        queries.export_data(), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = 'inline; filename="career-map.json"'
    return response


CSV_FILES = {
    "pay-bands": (
        "pay_bands",
        ["code", "name", "order", "min_pay", "max_pay", "pay_year", "source_url", "checked_on"],
    ),
    "starting-points": ("starting_points", ["slug", "name", "description", "order"]),
    "entry-routes": (
        "entry_routes",
        [
            "slug",
            "name",
            "kind",
            "length_months",
            "salaried",
            "funding",
            "training_band",
            "training_pay_note",
            "requirements",
            "academic_level",
            "source_url",
            "checked_on",
        ],
    ),
    "roles": (
        "roles",
        [
            "slug",
            "name",
            "status",
            "profession_group",
            "also_known_as",
            "summary",
            "work",
            "settings",
            "band_min",
            "band_max",
            "trainee_band",
            "other_pay",
            "pay_note",
            "regulator",
            "registration",
            "entry_requirements",
            "unchecked",
            "reviewed_on",
            "sources",
        ],
    ),
    "links": (
        "links",
        [
            "from",
            "from_kind",
            "to",
            "kind",
            "entry_route",
            "min_experience_months",
            "note",
            "source_url",
        ],
    ),
    "rules": (
        "rules",
        [
            "name",
            "description",
            "after_routes",
            "before_routes",
            "wait_months",
            "active",
            "source_url",
            "checked_on",
        ],
    ),
}


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return ";".join(value)
    return value


@require_safe
@downloads.open_data
def export_csv(request, name):
    if name not in CSV_FILES:
        raise Http404("No such file")
    key, header = CSV_FILES[name]
    data = queries.export_data()
    rows = ([_cell(row.get(column)) for column in header] for row in data[key])
    return csv_response(f"career-map-{name}.csv", header, rows)


@require_safe
def open_data(request):
    return render(
        request,
        "pathways/open_data.jinja",
        {
            "title": "Open data: the career map",
            "breadcrumbs": breadcrumbs(CAREER_MAP),
            "csv_files": list(CSV_FILES),
            "licence": settings.OPEN_DATA_LICENCE,
            "pay_year": PayBand.objects.values_list("pay_year", flat=True).first(),
            "counts": {
                "roles": Role.objects.published().count(),
                "links": queries.published_links().count(),
            },
            "example": reverse("pathways:routes-json")
            + "?from=psychology-graduate&to=clinical-psychologist",
        },
    )
