"""Each kind of edit a cached career map page depends on shows on the next request, and an
edit to one role leaves the other roles' cached pages alone (pathways/cache.py, and the stamps
the pathways migration keeps)."""

from pathways import cache
from pathways.models import (
    EntryRoute,
    Link,
    PayBand,
    Qualification,
    RequirementOption,
    Role,
    RoleSource,
    StartingPoint,
    WaitingRule,
)
from tests.responses import assert_page

ROLE = "/pathways/roles/clinical-psychologist/"


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_neighbours_rename_unpublishing_and_publishing_show_on_the_role_page(client, career_map):
    assert "Assistant psychologist" in text(client, ROLE)
    Role.objects.filter(slug="assistant-psychologist").update(name="Psychology assistant")
    assert "Psychology assistant" in text(client, ROLE)
    Role.objects.filter(slug="assistant-psychologist").update(status=Role.Status.DRAFT)
    assert 'href="/pathways/roles/assistant-psychologist/"' not in text(client, ROLE)
    Role.objects.filter(slug="assistant-psychologist").update(status=Role.Status.PUBLISHED)
    assert 'href="/pathways/roles/assistant-psychologist/"' in text(client, ROLE)


def test_a_source_an_entry_route_and_a_requirement_show_on_the_role_page(client, career_map):
    role = Role.objects.get(slug="clinical-psychologist")
    assert "A new source title" not in text(client, ROLE)
    RoleSource.objects.create(
        role=role, title="A new source title", url="https://www.nhs.uk/", checked_on="2026-12-01"
    )
    assert "A new source title" in text(client, ROLE)
    EntryRoute.objects.filter(slug="dclinpsy").update(requirements="Edited route requirements.")
    assert "Edited route requirements." in text(client, ROLE)
    option = RequirementOption.objects.filter(requirement__entry_route__slug="dclinpsy").first()
    RequirementOption.objects.filter(pk=option.pk).update(months=30)
    assert "(at least 30 months)" in text(client, ROLE)


def test_a_starting_point_qualification_and_pay_band_show_on_the_role_page(client, career_map):
    url = "/pathways/roles/peer-support-worker/"
    start = StartingPoint.objects.get(slug="lived-experience")
    assert f"{start.name} (starting point)" in text(client, url)
    StartingPoint.objects.filter(pk=start.pk).update(name="Own lived experience")
    assert "Own lived experience (starting point)" in text(client, url)
    Qualification.objects.filter(slug="gbc").update(name="Graduate Basis (edited)")
    assert "Graduate Basis (edited)" in text(client, ROLE)
    PayBand.objects.filter(code="7").update(name="Band 7 (edited)")
    assert "Band 7 (edited) (£" in text(client, ROLE)


def test_an_edit_to_one_role_leaves_another_roles_page_cached(
    client, career_map, django_assert_max_num_queries
):
    other = "/pathways/roles/peer-support-worker/"
    client.get(other)
    Role.objects.filter(slug="clinical-psychologist").update(summary="Edited summary.")
    # The version, which careers report is current and the one look at the page's stamps.
    with django_assert_max_num_queries(3):
        response = client.get(other)
    assert_page(response, "Peer support worker")
    assert "Edited summary." in text(client, ROLE)


def test_the_route_graph_is_kept_for_prose_and_rebuilt_for_names_and_rules(db, career_map):
    graph = cache.route_graph()
    Role.objects.filter(slug="counsellor").update(summary="Edited summary.")
    assert cache.route_graph() is graph
    RoleSource.objects.create(
        role=Role.objects.get(slug="counsellor"), title="S", url="https://www.nhs.uk/",
        checked_on="2026-12-01",
    )  # fmt: skip
    assert cache.route_graph() is graph
    Role.objects.filter(slug="counsellor").update(name="Counsellor (NHS)")
    renamed = cache.route_graph()
    assert renamed is not graph and renamed.names["counsellor"] == "Counsellor (NHS)"
    WaitingRule.objects.update(active=False)
    assert cache.route_graph() is not renamed


def test_the_directory_shows_an_edited_row_and_a_new_first_step(client, career_map):
    url = "/pathways/?q=counsellor"
    assert "Edited counsellor summary." not in text(client, url)
    Role.objects.filter(slug="counsellor").update(summary="Edited counsellor summary.")
    assert "Edited counsellor summary." in text(client, url)

    def peer_row():
        html = text(client, "/pathways/?q=peer+support")
        row = html[html.index('href="/pathways/roles/peer-support-worker/"') :]
        return row[: row.index("</li>")]

    assert "Can be a first NHS job for: " in peer_row()
    Link.objects.filter(to_role__slug="peer-support-worker", from_start__isnull=False).delete()
    assert "Reached after another role or training first." in peer_row()
