"""A role's page: pay, entry routes, requirements, links, sources and its part of the map."""

from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe
from markupsafe import Markup

from careers.queries import ROLE_ASPIRATION_STAMPS, role_aspiration_share
from config.breadcrumbs import breadcrumbs
from pathways import cache, queries
from pathways.models import (
    PayBand,
    Qualification,
    Requirement,
    Role,
    StartingPoint,
)
from pathways.views._common import CAREER_MAP, map_layout, node_for_role, node_for_start, renamed


@require_safe
def role_detail(request, slug):
    try:
        return _role_detail(request, slug)
    except Http404:
        new = renamed(slug)
        if new and new != slug:
            return HttpResponsePermanentRedirect(reverse("pathways:role-detail", args=[new]))
        raise


def _role_detail(request, slug):
    version = cache.map_version()

    def build():
        context = _role_context(slug)
        # What pathways asks of careers: the latest published share of graduates aspiring to
        # this role (disclosure-controlled). Careers' waves and reports stamp the map too.
        context["aspiration"] = role_aspiration_share(slug)
        main = render_to_string("pathways/_role_detail_main.jinja", context, request)
        stamps = [*context["stamps"], *ROLE_ASPIRATION_STAMPS]
        return {"main": main, "title": context["role"].name}, stamps

    # Rebuilt only when the role, a neighbour, a link in or out, an entry route into it, the
    # pay bands, starting points, qualifications, support's resources or the published survey
    # waves changed.
    entry = cache.tracked("role", version, [slug], build)
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
    nodes = {role.slug: node_for_role(role)}
    edges = []
    for link in incoming:
        source = link.from_role or link.from_start
        if source.slug not in nodes:
            nodes[source.slug] = (
                node_for_role(source) if link.from_role_id else node_for_start(source)
            )
        edges.append((source.slug, role.slug))
    for link in outgoing:
        nodes.setdefault(link.to_role.slug, node_for_role(link.to_role))
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
    neighbourhood = map_layout(list(nodes.values()), edges, map_bands, highlight_nodes={role.slug})
    # What the page shows, as stamps (pathways/cache.py; the pathways migration keeps them).
    # A role's stamp moves with its links and its neighbours' rows, so the neighbours need no
    # stamps of their own.
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
