"""Role page, map and route finder pages."""

import re

from django.template.loader import render_to_string
from django.test import RequestFactory

from pathways.models import Role
from tests.pathways.factories import LinkFactory, PayBandFactory, RoleFactory
from tests.responses import assert_page

ROLE = "/pathways/roles/clinical-psychologist/"


def test_role_page_shows_pay_routes_links_sources_and_a_map(client, client_for, member, career_map):
    for c in (client, client_for(member)):
        response = c.get(ROLE)
        assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Clinical psychologist</h1>" in html
    assert "Band 7 (£49,387 to £56,515 a year)" in html
    assert "Band 6 (£39,959 to £48,117 a year)" in html  # trainee band
    assert "Doctorate in Clinical Psychology" in html
    assert "Assistant psychologist" in html and "1 year" in html  # from, with experience
    assert "Consultant psychologist" in html  # where it leads
    assert "Health and Care Professions Council" in html
    assert "clearing-house.org.uk" in html
    assert "Last reviewed: 1 December 2026" in html
    assert "Agenda for Change pay scales for 2026/27" in html
    assert 'data-testid="role-map"' in html and "app-map__node--current" in html
    assert "What graduates aspire to" not in html  # no aspiration figures yet


def test_role_page_shows_aspiration_figures_when_given(rf, career_map):
    role = Role.objects.get(slug="clinical-psychologist")
    request = RequestFactory().get(ROLE)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.csp_nonce = "x"
    from pathways.mapsvg import MapLayout

    html = render_to_string(
        "pathways/role_detail.jinja",
        {
            "title": role.name,
            "role": role,
            "incoming": [],
            "outgoing": [],
            "entry_routes": [],
            "map": MapLayout(width=10, height=10, columns=[], lanes=[], nodes=[], edges=[]),
            "aspiration": {
                "wave": "2026 wave",
                "percent": 34,
                "respondents": 1250,
                "url": "/careers/waves/2026/",
            },
        },
        request=request,
    )
    assert "What graduates aspire to" in html
    assert "<strong>34%</strong> of the\n1,250" in html
    assert 'href="/careers/waves/2026/"' in html


def test_unknown_and_draft_roles_get_the_404_page(client, career_map):
    assert client.get("/pathways/roles/no-such-role/").status_code == 404
    draft = RoleFactory(status=Role.Status.DRAFT)
    response = client.get(f"/pathways/roles/{draft.slug}/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_role_page_query_count_does_not_grow_with_links(client, db, django_assert_max_num_queries):
    band = PayBandFactory()
    role = RoleFactory(band_min=band, band_max=band)
    LinkFactory(to_role=role)
    # 7 for the page (2 for its entry requirements), 1 for which careers report is current and
    # 2 for its aspiration share (read only when the page is built), 1 for support's resources
    with django_assert_max_num_queries(11):
        assert_page(client.get(f"/pathways/roles/{role.slug}/"), role.name)
    for _ in range(15):
        LinkFactory(to_role=role, from_role=RoleFactory(band_min=band))
        LinkFactory(from_role=role)
    # 7 for the page (2 for its entry requirements), 1 for which careers report is current and
    # 2 for its aspiration share (read only when the page is built), 1 for support's resources
    with django_assert_max_num_queries(11):
        response = client.get(f"/pathways/roles/{role.slug}/")
    assert_page(response, role.name)
    assert response.content.count(b'class="app-map__node') == 32


def test_map_shows_every_published_role_as_a_link_with_a_text_alternative(client, career_map):
    response = client.get("/pathways/map/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="app-map__node') == 55 + 7  # roles and starting points
    assert 'href="/pathways/roles/psychiatrist/"' in html
    assert "marker-end=" in html and "style=" not in html.split('data-testid="career-map"')[1]
    assert "The map as text" in html
    assert "Psychological wellbeing practitioner</a>: leads to" in html


def test_map_filters_by_profession_group(client, career_map):
    html = client.get("/pathways/map/", {"group": ["medicine"]}).content.decode()
    slugs = set(re.findall(r'class="app-map__node[^"]*" data-slug="([^"]+)"', html))
    # doctors, and the graduates who reach foundation training through graduate entry medicine
    assert slugs == {
        "doctor",
        "foundation-doctor",
        "psychiatrist",
        "psychology-graduate",
        "other-graduate",
    }
    bad = client.get("/pathways/map/", {"group": ["astrology"]})
    assert bad.status_code == 200 and b"Select a valid choice" in bad.content


def test_map_highlights_a_route(client, career_map):
    html = client.get(
        "/pathways/map/",
        {"from": "psychology-graduate", "to": "clinical-psychologist", "route": "1"},
    ).content.decode()
    routed = set(re.findall(r'app-map__node--route" data-slug="([^"]+)"', html))
    assert routed == {"psychology-graduate", "assistant-psychologist", "clinical-psychologist"}
    routed_links = re.findall(
        r'class="app-map__edge app-map__edge--route" d="[^"]+" marker-end="[^"]+" '
        r'data-from="([^"]+)" data-to="([^"]+)"',
        html,
    )
    assert sorted(routed_links) == [
        ("assistant-psychologist", "clinical-psychologist"),
        ("psychology-graduate", "assistant-psychologist"),
    ]
    assert "Psychology graduate → Assistant psychologist → Clinical psychologist" in html
    assert 'class="app-map-legend"' in html


def test_map_highlights_a_route_with_a_study_step_by_its_real_links(client, career_map):
    params = {"from": "other-graduate", "to": "clinical-psychologist"}
    routes = client.get("/pathways/routes.json", params).json()["routes"]
    number, route = next(
        (n, r)
        for n, r in enumerate(routes, start=1)
        if r["steps"][0]["kind"] == "study" and r["steps"][1]["role"] == "assistant-psychologist"
    )
    html = client.get("/pathways/map/", {**params, "route": number}).content.decode()
    highlighted = set(
        re.findall(
            r'app-map__edge--route" d="[^"]+" marker-end="[^"]+" '
            r'data-from="([^"]+)" data-to="([^"]+)"',
            html,
        )
    )
    assert highlighted == {
        ("psychology-graduate", "assistant-psychologist"),
        ("assistant-psychologist", "clinical-psychologist"),
    }
    assert "Graduate in another subject → BPS-accredited psychology conversion course" in html


def test_map_page_is_cached_and_shows_edits_on_the_next_request(client, career_map):
    first = client.get("/pathways/map/").content.decode()
    again = client.get("/pathways/map/").content.decode()
    strip = lambda html: re.sub(r'nonce="[^"]+"', "", html)  # noqa: E731
    assert strip(first) == strip(again)
    Role.objects.filter(slug="counsellor").update(name="Counsellor (NHS Talking Therapies)")
    assert "Counsellor (NHS Talking" in client.get("/pathways/map/").content.decode()


def test_map_query_count_is_fixed(client, career_map, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert_page(client.get("/pathways/map/"), "Clinical psychologist")
    with django_assert_max_num_queries(1):  # cached: the data version only
        assert_page(client.get("/pathways/map/"), "app-map__svg")
    added = RoleFactory.create_batch(20)
    with django_assert_max_num_queries(5):
        assert_page(client.get("/pathways/map/"), "Clinical psychologist", added[-1].name)
    params = {"from": "psychology-graduate", "to": "psychiatrist"}
    client.get("/pathways/map/", params)  # builds the cached route graph
    with django_assert_max_num_queries(1):
        assert_page(client.get("/pathways/map/", params), "Psychiatrist")


def test_route_finder_ranks_routes_with_steps_and_a_map(client, career_map):
    response = client.get(
        "/pathways/routes/", {"from": "psychology-graduate", "to": "clinical-psychologist"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Route 1: at least 4 years, 2 steps" in html
    assert "Route 5: at least 6 years, 2 steps" in html  # PWP: the two-year rule
    assert "2 years waiting: NHS England&#39;s two-year psychological professions" in html
    # A need's note is a sentence; inside the time's list it loses its full stop.
    assert "waiting: Relevant clinical experience; some courses ask for at least a year; 3" in html
    # What each step needs and gives, and the doctorate's competition figure with its source.
    assert "Graduate Basis for Chartered Membership (GBC)" in html
    assert "About 1 applicant in 4 or 5 is accepted" in html
    assert "equal-opportunities-data" in html
    assert "Band 6" in html  # pay while training
    assert 'data-testid="route-map"' in html
    assert "route=2" in html  # follow a route on the map


def test_route_finder_funded_only_option(client, career_map):
    html = client.get(
        "/pathways/routes/",
        {"from": "psychology-graduate", "to": "counselling-psychologist", "funded": "on"},
    ).content.decode()
    assert "No route found" in html
    assert "self-funded" in html
    assert "Roles you can reach from here" in html


def test_route_finder_explains_bad_input_on_the_page(client, career_map):
    empty = client.get("/pathways/routes/")
    assert empty.status_code == 200 and b"Error:" not in empty.content
    same = client.get("/pathways/routes/", {"from": "psychiatrist", "to": "psychiatrist"})
    assert same.status_code == 200
    assert b"Choose a role different from where you are starting" in same.content
    missing = client.get("/pathways/routes/", {"to": ""})
    assert b"Choose where you are starting from" in missing.content
    malformed = client.get("/pathways/routes/", {"from": "../etc", "to": "<b>"})
    assert malformed.status_code == 200 and b"Select a valid choice" in malformed.content
    assert (
        client.get("/pathways/routes/", {"from": "nobody", "to": "psychiatrist"}).status_code == 404
    )


def test_route_finder_query_count_is_fixed(client, career_map, django_assert_max_num_queries):
    params = {"from": "school-leaver", "to": "mental-health-nurse"}
    client.get("/pathways/routes/", params)  # builds the cached graph
    with django_assert_max_num_queries(3):
        assert_page(client.get("/pathways/routes/", params), "Mental health nurse")


def test_role_page_shows_the_latest_published_aspiration_share(client, career_map, tmp_path):
    """The wiring between the career map and the survey reports, end to end."""
    from careers.services import survey_import, wave_preview, wave_publish

    header = "respondent_id,graduation_year,degree_route,current_status,aspired_roles\n"
    rows = [f"r{i},2024,undergraduate,further_study,clinical-psychologist\n" for i in range(23)]
    rows += [f"s{i},2024,undergraduate,further_study,counsellor\n" for i in range(77)]
    path = tmp_path / "spring.csv"
    path.write_text(header + "".join(rows))
    job = survey_import(wave_name="Spring 2026", path=path, filename="spring.csv")
    wave_publish(wave=wave_preview(wave=job.wave))  # only published waves reach role pages
    html = client.get("/pathways/roles/clinical-psychologist/").content.decode()
    # 23 of 100 -> published 25 of 100 -> 25%
    assert "<strong>25%</strong>" in html
    assert "Spring 2026" in html
