"""The role directory at /pathways/: filters, search, pagination, query counts."""

import re

import pytest
from django.urls import reverse

from pathways.models import Role
from tests.pathways.factories import PayBandFactory, RoleFactory
from tests.responses import assert_page

URL = "/pathways/"


def names(response):
    return re.findall(
        r'<h2 class="nhsuk-heading-s"><a href="/pathways/roles/[^"]+/">([^<]+)</a>',
        response.content.decode(),
    )


def all_names(client, params):
    """Names on every page of the directory for these filters (20 roles a page)."""
    found = set()
    for page in range(1, 6):
        found |= set(names(client.get(URL, {**params, "page": page})))
    return found


def test_anyone_can_browse_the_directory(client, client_for, member, career_map):
    assert client.get(URL).status_code == 200
    response = client_for(member).get(URL)
    assert response.status_code == 200
    assert "Clinical psychologist" in names(response)


def test_a_typo_still_finds_psychologists(client, career_map):
    found = names(client.get(URL, {"q": "pyschologist"}))
    assert "Clinical psychologist" in found
    assert "Assistant psychologist" in found
    assert all("psycholog" in name.lower() for name in found)


def test_talking_therapies_finds_the_talking_therapies_roles_first(client, career_map):
    found = names(client.get(URL, {"q": "talking therapies"}))
    assert {"Psychological wellbeing practitioner", "Cognitive behavioural therapist"} <= set(
        found[:5]
    )
    assert "Counsellor" in found[:5]


def test_search_ranks_a_name_match_first(client, career_map):
    assert names(client.get(URL, {"q": "mental health nurse"}))[0] == "Mental health nurse"


@pytest.mark.parametrize(
    "text",
    ['"unclosed quote', "'; DROP TABLE pathways_role; --", "<script>alert(1)</script>", "&|!:*"],
)
def test_search_text_with_quotes_sql_or_html_is_harmless(client, career_map, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert Role.objects.count() >= 30


def test_filter_by_profession_group(client, career_map):
    found = all_names(client, {"group": ["nursing"]})
    nursing = set(
        Role.objects.published().filter(profession_group="nursing").values_list("name", flat=True)
    )
    assert {"Mental health nurse", "Learning disability nurse", "Nursing associate"} <= set(found)
    assert set(found) == nursing
    assert "Clinical psychologist" not in found


def test_filter_by_band_range_keeps_roles_overlapping_it(client, career_map):
    found = set(names(client.get(URL, {"band_from": "8c", "band_to": "9"})))
    assert "Consultant psychologist" in found
    assert "Counselling psychologist" in found  # bands 7 to 9
    assert "Assistant psychologist" not in found


def test_band_range_in_the_wrong_order_shows_a_form_error(client, career_map):
    response = client.get(URL, {"band_from": "7", "band_to": "5"})
    assert response.status_code == 200
    assert b"The highest band must be the same as or above the lowest band" in response.content
    assert b"<title>Error: " in response.content


def test_an_unknown_band_shows_a_form_error_not_a_crash(client, career_map):
    response = client.get(URL, {"band_from": "99", "setting": "mars"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_filter_by_setting(client, career_map):
    found = set(names(client.get(URL, {"setting": "schools"})))
    assert "Education mental health practitioner" in found
    assert "Psychiatrist" not in found


def test_entry_level_roles_are_those_open_from_a_starting_point(client, career_map):
    found = all_names(client, {"entry_level": "on"})
    assert {"Assistant psychologist", "Psychological wellbeing practitioner"} <= found
    assert "Consultant psychologist" not in found
    assert "Clinical psychologist" not in found


def test_salaried_training_and_regulation_filters(client, career_map):
    salaried = all_names(client, {"salaried_training": "on"})
    assert "Clinical psychologist" in salaried
    assert "Assistant psychologist" not in salaried
    unregulated = all_names(client, {"regulated": "no"})
    assert "Peer support worker" in unregulated
    assert "Clinical psychologist" not in unregulated


def test_drafts_are_not_listed(client, career_map):
    RoleFactory(name="Secret draft role", status=Role.Status.DRAFT)
    assert "Secret draft role" not in names(client.get(URL, {"q": "secret draft"}))


def test_pages_are_bookmarkable_and_keep_the_filters(client, career_map):
    groups = ["psychological", "nursing"]
    response = client.get(URL, {"group": groups})
    assert len(names(response)) == 20
    assert b"group=psychological&amp;group=nursing&amp;page=2" in response.content
    page_two = names(client.get(URL, {"group": groups, "page": "2"}))
    assert page_two and not set(page_two) & set(names(response))
    assert client.get(URL, {"page": "not-a-number"}).status_code == 200


GRAPH_QUERIES = 17


def test_directory_query_count_does_not_grow_with_roles(
    client, career_map, django_assert_max_num_queries
):
    # The directory asks the route graph which roles a starting point goes straight into; the
    # graph is built once per data version in a fixed number of queries (GRAPH_QUERIES).
    with django_assert_max_num_queries(5 + GRAPH_QUERIES):
        response = client.get(
            URL, {"q": "psychologist", "group": ["psychological"], "band_from": "4"}
        )
    assert_page(response, "Clinical psychologist")
    with django_assert_max_num_queries(5):  # the graph now cached; one query for synonyms
        assert_page(client.get(URL, {"q": "psychology", "group": ["psychological"]}), "role")
    band = PayBandFactory()
    RoleFactory.create_batch(60, band_min=band, band_max=band)
    # The matches kept for this query string by an earlier test, if any, cost one query to
    # find what moved since (cache.kept_result).
    with django_assert_max_num_queries(5 + GRAPH_QUERIES):
        response = client.get(URL)
    assert_page(response, "Assistant psychologist")
    assert reverse("pathways:index") == URL
