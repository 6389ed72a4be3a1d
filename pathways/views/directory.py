"""The directory of roles: search, filters and pages, reassembled from kept rows."""

from functools import cache as cache_result

from django.db.models import Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe
from markupsafe import Markup

from config.breadcrumbs import breadcrumbs
from config.paging import page_of
from pathways import cache
from pathways.forms import RoleFilter
from pathways.models import (
    Role,
    SearchSynonym,
)
from pathways.routes import first_steps

PAGE_SIZE = 20


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

        data = request.GET or None  # not the request: the kept query outlives it

        @cache_result  # one filter a request, made only when needed
        def role_filter():
            return RoleFilter(
                data,
                queryset=Role.objects.published().with_flags(),
                bands=bands,
                first_steps=first,
            )

        # The matches for the query string (without its page), kept across edits with their
        # query: after an edit to some roles only those roles are asked about again, and no
        # filter is built when the kept one serves (cache.kept_result).
        params = request.GET.copy()
        params.pop("page", None)
        kept = cache.kept_result(
            "directory-matches",
            version,
            [params.urlencode()],
            first,
            lambda: _matches(role_filter()),
        )
        page = page_of(request, kept.items, PAGE_SIZE)
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
        built["form"] = form = role_filter().form
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
