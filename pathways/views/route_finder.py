"""The route finder: the routes from a starting point to a role, as a page and as JSON."""

from django import forms
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe
from markupsafe import Markup

from config import downloads
from config.breadcrumbs import breadcrumbs
from config.fields import field_params
from pathways import cache
from pathways.forms import SLUG, RouteForm
from pathways.mapsvg import MapNode
from pathways.models import (
    PayBand,
    Role,
)
from pathways.routes import find_routes
from pathways.views._common import CAREER_MAP, map_layout, node_for_role, redirect_renamed


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
            renamed = redirect_renamed(request, "pathways:route-finder")
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
            nodes.append(node_for_role(roles[slug]))
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
    return map_layout(
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
    if unknown and (renamed := redirect_renamed(request, "pathways:routes-json")):
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
