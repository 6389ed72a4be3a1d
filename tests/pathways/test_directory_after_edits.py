"""The directory after an edit: its matches are kept across edits and only the edited roles are
asked about again (cache.kept_result), and a link edit does not wait for the whole route graph
(cache.first_steps_graph); what it serves is exactly what an uncached render gives."""

import re

from django.db import connection
from django.db.models import Q
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from pathways import cache, queries
from pathways.models import EntryRoute, Link, Role, SearchSynonym, StartingPoint
from pathways.routes import first_steps
from tests.pathways.caches import NO_CACHE
from tests.pathways.factories import RoleFactory
from tests.responses import assert_page

PAGES = [
    "/pathways/",
    "/pathways/?q=psychologist",
    "/pathways/?entry_level=on&group=psychological",
    "/pathways/?salaried_training=on&page=2",
]


def main(response):
    assert response.status_code == 200
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())
    return html[html.index('<main class="nhsuk-main-wrapper') : html.index("</main>")]


def test_every_kind_of_edit_shows_on_the_next_request_as_a_fresh_render_would(client, career_map):
    for url in PAGES:
        client.get(url)  # the matches kept for each query string
    start = StartingPoint.objects.get(slug="psychology-graduate")
    edits = [
        lambda: Role.objects.filter(slug="counsellor").update(
            summary="Works beside the team's psychologist."
        ),
        lambda: Role.objects.filter(slug="peer-support-worker").update(name="Aaa peer worker"),
        lambda: Role.objects.filter(slug="assistant-psychologist").update(status="draft"),
        lambda: Link.objects.create(
            from_start=start, to_role_id=Role.objects.get(slug="psychiatrist").pk, kind="direct"
        ),  # fmt: skip
        lambda: Link.objects.filter(to_role__slug="clinical-psychologist").delete(),
        lambda: RoleFactory(name="A new psychologist role", summary="psychologist"),
        lambda: SearchSynonym.objects.create(term="shrink", means="psychiatrist"),
        lambda: EntryRoute.objects.update(salaried=False),
    ]
    for edit in edits:
        edit()
        for url in PAGES:
            served = main(client.get(url))
            with override_settings(CACHES=NO_CACHE):
                fresh = main(client.get(url))
            assert served == fresh, (url, edit)
    assert "A new psychologist role" in main(client.get("/pathways/?q=psychologist"))


def test_after_an_edit_to_one_role_only_that_role_is_searched_again(client, career_map):
    url = "/pathways/?q=psychologist"
    assert "Counsellor" not in main(client.get(url))
    counsellor = Role.objects.get(slug="counsellor")
    Role.objects.filter(pk=counsellor.pk).update(summary="Works beside the psychologist.")
    with CaptureQueriesContext(connection) as captured:
        html = main(client.get(url))
    assert 'href="/pathways/roles/counsellor/"' in html
    searches = [q["sql"] for q in captured.captured_queries if "ts_rank" in q["sql"]]
    assert len(searches) == 1
    # The counsellor alone: its neighbours' pages show its name, but their rows did not change.
    asked = re.search(r'"pathways_role"\."id" IN \(([\d, ]+)\)', searches[0])
    assert {int(pk) for pk in asked.group(1).split(", ")} == {counsellor.pk}


def test_a_link_edit_shows_in_the_directory_without_the_whole_route_graph(client, career_map):
    graph = cache.route_graph()
    Link.objects.filter(to_role__slug="peer-support-worker", from_start__isnull=False).delete()
    html = main(client.get("/pathways/?q=peer+support"))
    row = html[html.index('href="/pathways/roles/peer-support-worker/"') :]
    assert "Reached after another role or training first." in row[: row.index("</li>")]
    assert cache._graph["graph"] is graph  # not rebuilt for the directory
    assert cache.route_graph() is not graph  # but for the route finder


def test_first_steps_need_only_the_links_from_starting_points(db, career_map):
    full, starts_only = queries.build_graph(), queries.build_graph(starts_only=True)
    assert len(starts_only.edges) < len(full.edges)
    assert first_steps(starts_only) == first_steps(full)
    assert first_steps(full)
    assert {s: starts_only.names[s] for s in starts_only.starts} == {
        s: full.names[s] for s in full.starts
    }


def test_an_edit_to_a_role_on_another_page_leaves_this_page_as_it_was(
    client, career_map, django_assert_max_num_queries
):
    url = "/pathways/?group=psychological"
    before = main(client.get(url))
    shown = set(re.findall(r'href="/pathways/roles/([a-z0-9-]+)/"', before))

    def elsewhere(role):  # not on this page, but linked to a role on it (whose page shows it)
        links = Link.objects.filter(Q(from_role=role) | Q(to_role=role))
        ends = {s for pair in links.values_list("from_role__slug", "to_role__slug") for s in pair}
        return role.slug not in shown and ends & shown

    roles = Role.objects.published().filter(profession_group="psychological")
    other = next(role for role in roles.order_by("-name") if elsewhere(role))
    Role.objects.filter(pk=other.pk).update(summary="Edited summary on another page.")
    # The version, what moved and the edited role's match: no page rendered again.
    with django_assert_max_num_queries(3):
        response = client.get(url)
    after = main(assert_page(response, "Psychological professions"))
    assert after == before
    assert "Edited summary on another page." in main(client.get(url + "&page=2"))
