"""What the career map's pages share: the breadcrumb home, map nodes and their layout, and
the redirect from a role's old address."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from config.breadcrumbs import section
from pathways.forms import SLUG
from pathways.mapsvg import MapNode, layout
from pathways.models import (
    ProfessionGroup,
    Role,
    SlugHistory,
)

CAREER_MAP = section("pathways:index", "Career map")


def node_for_role(role, href=None):
    return MapNode(
        slug=role.slug,
        name=role.name,
        href=href or reverse("pathways:role-detail", args=[role.slug]),
        lane=role.profession_group,
        column=role.band_min.code if role.band_min_id else "other",
    )


def node_for_start(start):
    return MapNode(
        slug=start.slug,
        name=start.name,
        href=reverse("pathways:route-finder") + f"?from={start.slug}",
        lane=None,
        column="start",
    )


def map_layout(nodes, edges, bands, highlight_nodes=frozenset(), highlight_edges=frozenset()):
    return layout(
        nodes,
        edges,
        bands=[(band.code, band.name) for band in bands],
        lanes=list(ProfessionGroup.choices),
        highlight_nodes=set(highlight_nodes),
        highlight_edges=set(highlight_edges),
    )


def renamed(slug: str) -> str | None:
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


def redirect_renamed(request, view_name, **kwargs):
    """A permanent redirect to the same query with renamed slugs replaced, or None."""
    params = request.GET.copy()
    changed = False
    for key in ("from", "to"):
        value = params.get(key, "")
        if value and SLUG.match(value):
            new = renamed(value)
            if new:
                params[key] = new
                changed = True
    if not changed:
        return None
    return HttpResponsePermanentRedirect(
        reverse(view_name, kwargs=kwargs) + "?" + params.urlencode()
    )
