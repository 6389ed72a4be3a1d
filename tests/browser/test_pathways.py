"""A psychology graduate uses the career map: filters the directory, opens a role, asks for a
route and follows it on the map, with axe-core on every page."""

import re

import pytest

from pathways import services
from tests.browser.pages import assert_accessible


@pytest.fixture
def career_map(transactional_db):
    services.reference_data_load_file()


def test_graduate_finds_a_role_a_route_and_follows_it_on_the_map(page, career_map):
    page.goto("/pathways/")
    assert_accessible(page)

    page.get_by_label("Search roles (optional)").fill("pyschologist")
    page.get_by_label("Psychological professions").check()
    page.get_by_label("Salaried training available").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "q=pyschologist" in page.url and "salaried_training=on" in page.url
    results = page.locator(".app-result-list h2 a")
    assert "Clinical psychologist" in results.all_inner_texts()
    assert "Assistant psychologist" not in results.all_inner_texts()
    assert_accessible(page)

    page.get_by_role("link", name="Clinical psychologist", exact=True).click()
    assert page.locator("h1").inner_text() == "Clinical psychologist"
    assert page.get_by_text("Band 7 (£47,810 to £54,710 a year)").is_visible()
    assert page.locator("[data-testid=role-map] .app-map__node--current").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Find a route to this role").click()
    page.get_by_label("Where are you starting from?").select_option(
        label="Psychology graduate (starting point)"
    )
    assert page.get_by_label("Which role do you want to reach?").input_value() == (
        "clinical-psychologist"
    )
    page.get_by_role("button", name="Find routes").click()
    assert re.search(r"from=psychology-graduate.*to=clinical-psychologist", page.url)
    assert page.get_by_role("heading", name="Route 1: 4 years, 2 steps").is_visible()
    assert page.get_by_text("Psychology graduate → Assistant psychologist → Clinical psychologist")
    assert page.get_by_text("2 years waiting").first.is_visible()  # the two-year rule
    assert_accessible(page)

    page.get_by_role("link", name="Follow route 1 on the map").click()
    assert "/pathways/map/" in page.url
    highlighted = page.locator("[data-testid=career-map] .app-map__node--route")
    assert sorted(highlighted.evaluate_all("els => els.map(e => e.dataset.slug)")) == [
        "assistant-psychologist",
        "clinical-psychologist",
        "psychology-graduate",
    ]
    assert page.locator(".app-map__edge--route").count() == 2
    assert page.get_by_text("Your route is highlighted in red").is_visible()
    assert_accessible(page)

    # The map's own links lead back to the roles.
    page.locator("[data-testid=career-map] a[data-slug=clinical-psychologist]").click()
    assert page.locator("h1").inner_text() == "Clinical psychologist"


def test_map_filters_by_profession_group_without_javascript(browser, live_server, career_map):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/pathways/map/")
    page.get_by_label("Medicine").check()
    page.get_by_role("button", name="Show on the map").click()
    slugs = page.locator("[data-testid=career-map] a").evaluate_all(
        "els => els.map(e => e.dataset.slug)"
    )
    assert sorted(slugs) == ["doctor", "foundation-doctor", "psychiatrist"]
    context.close()
