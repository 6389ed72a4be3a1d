"""The whole career map, with a route drawn on it when one is asked for."""

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe
from markupsafe import Markup

from config.breadcrumbs import breadcrumbs
from pathways import cache, queries
from pathways.forms import SLUG, MapFilterForm
from pathways.models import (
    PayBand,
    ProfessionGroup,
    Role,
    StartingPoint,
)
from pathways.routes import find_routes
from pathways.views._common import (
    CAREER_MAP,
    map_layout,
    node_for_role,
    node_for_start,
    redirect_renamed,
)


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
        renamed = redirect_renamed(request, "pathways:map")
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
    nodes = [node_for_start(s) for s in starts] + [node_for_role(r) for r in roles]
    highlight_nodes, highlight_edges, route_names = set(), set(), []
    if route:
        start = request.GET["from"]
        highlight_nodes = set(route.path(start))
        highlight_edges = set(route.links(start))
        route_names = [graph.names[start]] + [
            step.via if step.is_study else graph.names[step.role] for step in route.steps
        ]
    bands = list(PayBand.objects.all())
    the_map = map_layout(nodes, edges, bands, highlight_nodes, highlight_edges)
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
