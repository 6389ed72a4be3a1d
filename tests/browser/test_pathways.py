"""A psychology graduate uses the career map: filters the directory, opens a role, asks for a
route and follows it on the map, with axe-core on every page."""

import re

import pytest

from tests import snapshots
from tests.browser.pages import assert_accessible, follow


@pytest.fixture
def career_map(transactional_db, career_map_copy):
    """The real reference data, committed: the run's copy of it (tests/snapshots.py)."""
    snapshots.restore(career_map_copy)


def test_graduate_finds_a_role_a_route_and_follows_it_on_the_map(page, career_map):
    page.goto("/pathways/")
    assert_accessible(page)

    page.get_by_label("Search roles (optional)").fill("pyschologist")
    page.get_by_label("Psychological professions").check()
    page.get_by_label("Salaried training available").check()
    follow(page.get_by_role("button", name="Apply filters"))
    assert "q=pyschologist" in page.url and "salaried_training=on" in page.url
    results = page.locator(".app-result-list h2 a")
    assert "Clinical psychologist" in results.all_inner_texts()
    assert "Assistant psychologist" not in results.all_inner_texts()
    assert_accessible(page)

    follow(page.get_by_role("link", name="Clinical psychologist", exact=True))
    assert page.locator("h1").inner_text() == "Clinical psychologist"
    assert page.get_by_text("Band 7 (£49,387 to £56,515 a year)").is_visible()
    assert page.locator("[data-testid=role-map] .app-map__node--current").count() == 1
    assert_accessible(page)

    follow(page.get_by_role("link", name="Find a route to this role"))
    page.get_by_label("Where are you starting from?").select_option(
        label="Psychology graduate (starting point)"
    )
    assert page.get_by_label("Which role do you want to reach?").input_value() == (
        "clinical-psychologist"
    )
    follow(page.get_by_role("button", name="Find routes"))
    assert re.search(r"from=psychology-graduate.*to=clinical-psychologist", page.url)
    assert page.get_by_role("heading", name="Route 1: at least 4 years, 2 steps").is_visible()
    assert page.get_by_text("Psychology graduate → Assistant psychologist → Clinical psychologist")
    assert page.get_by_text("2 years waiting").first.is_visible()  # the two-year rule
    assert_accessible(page)

    follow(page.get_by_role("link", name="Follow route 1 on the map"))
    assert "/pathways/map/" in page.url
    highlighted = page.locator("[data-testid=career-map] .app-map__node--route")
    assert sorted(highlighted.evaluate_all("els => els.map(e => e.dataset.slug)")) == [
        "assistant-psychologist",
        "clinical-psychologist",
        "psychology-graduate",
    ]
    assert page.locator("[data-testid=career-map] .app-map__edge--route").count() == 2
    assert page.get_by_text("Your route is highlighted in red").is_visible()
    assert_accessible(page)

    # The map's own links lead back to the roles.
    follow(page.locator("[data-testid=career-map] a[data-slug=clinical-psychologist]"))
    assert page.locator("h1").inner_text() == "Clinical psychologist"


def test_map_filters_by_profession_group_without_javascript(browser, live_server, career_map):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/pathways/map/")
    page.get_by_label("Medicine").check()
    follow(page.get_by_role("button", name="Show on the map"))
    slugs = page.locator("[data-testid=career-map] a").evaluate_all(
        "els => els.map(e => e.dataset.slug)"
    )
    # doctors, and the graduates who reach foundation training through graduate entry medicine
    assert sorted(slugs) == [
        "doctor",
        "foundation-doctor",
        "other-graduate",
        "psychiatrist",
        "psychology-graduate",
    ]
    context.close()


def test_pointing_at_or_focusing_a_role_highlights_its_links_in_and_out(page, career_map):
    page.goto("/pathways/map/")
    svg = "[data-testid=career-map]"
    pwp = page.locator(f"{svg} a[data-slug=psychological-wellbeing-practitioner]")
    pwp.hover()
    ins = page.locator(f"{svg} .app-map__edge--in").evaluate_all(
        "els => els.map(e => e.dataset.from + '>' + e.dataset.to)"
    )
    outs = page.locator(f"{svg} .app-map__edge--out").evaluate_all(
        "els => els.map(e => e.dataset.from + '>' + e.dataset.to)"
    )
    assert ins and all(link.endswith(">psychological-wellbeing-practitioner") for link in ins)
    assert "psychological-wellbeing-practitioner>cbt-therapist" in outs
    assert all(link.startswith("psychological-wellbeing-practitioner>") for link in outs)
    # Keyboard focus does the same for another role.
    page.locator(f"{svg} a[data-slug=mental-health-nurse]").focus()
    outs = page.locator(f"{svg} .app-map__edge--out").evaluate_all(
        "els => els.map(e => e.dataset.from)"
    )
    assert outs and set(outs) == {"mental-health-nurse"}
    assert page.get_by_text("A move from one role to the next").is_visible()  # the legend
    assert_accessible(page)


@pytest.mark.parametrize(
    "url",
    [
        "/pathways/map/",
        "/pathways/map/?from=other-graduate&to=clinical-psychologist",
        "/pathways/roles/clinical-psychologist/",
        "/pathways/routes/?from=other-graduate&to=clinical-psychologist",
    ],
)
def test_on_a_phone_the_page_never_scrolls_sideways(browser, live_server, career_map, url):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}, is_mobile=True
    )
    page = context.new_page()
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    if url.startswith("/pathways/map/"):
        # The text version comes before the map on a phone.
        text_top = page.locator("#text-alternative").bounding_box()["y"]
        map_top = page.locator("[data-testid=career-map]").bounding_box()["y"]
        assert text_top < map_top
    assert_accessible(page)
    context.close()
