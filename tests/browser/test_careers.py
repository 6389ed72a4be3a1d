"""Graduate aspirations in a real browser: an analyst uploads a survey file, watches the
background import finish, and opens the report; a visitor reads the published report."""

import os
import re

import pytest
from django.core.management import call_command

from accounts import demo as accounts_demo
from careers.demo import REQUIRED_ROLES, write_survey_csv
from tests.browser.pages import assert_accessible, follow, sign_in
from tests.careers.factories import RoleFactory

SHOTS = os.environ.get("CAREERS_SCREENSHOTS")  # a folder, to look at the pages


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def survey_world(transactional_db, settings, tmp_path):
    accounts_demo.load()
    for slug, name in REQUIRED_ROLES.items():
        RoleFactory(slug=slug, name=name)
    settings.CAREERS_BACKGROUND_IMPORT_BYTES = 1024  # this file goes to the background worker
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    return write_survey_csv(tmp_path / "aspirations-2026.csv", respondents=1500, seed=3, year=2026)


def test_an_analyst_uploads_a_file_watches_it_finish_and_opens_the_report(page, survey_world):
    sign_in(page, "analyst@example.org", accounts_demo.DEMO_PASSWORD)
    page.goto("/careers/")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Import a survey file"))
    assert page.locator("h1").inner_text() == "Import a survey file"
    assert_accessible(page)

    # Nothing chosen: the error summary, accessibly.
    follow(page.get_by_role("button", name="Import the file"))
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.get_by_label("Wave name").fill("Graduate aspirations survey 2026")
    page.locator("input[type=file]").set_input_files(str(survey_world))
    follow(page.get_by_role("button", name="Import the file"))

    # The job page waits for the worker and refreshes itself.
    assert page.locator("h1").inner_text() == "Import of aspirations-2026.csv"
    assert page.get_by_text("Waiting for the background worker").is_visible()
    assert_accessible(page)
    shot(page, "import-waiting")

    # The background worker takes the job (in this process: its signal handlers need the
    # main thread); the page, polling meanwhile, shows the summary when it is done.
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    page.get_by_text("1,500 rows stored.").wait_for(timeout=15_000)
    assert page.get_by_text("Stored", exact=True).is_visible()
    assert_accessible(page)
    shot(page, "import-done")

    follow(page.get_by_role("link", name=re.compile("Open the report")))
    assert page.locator("h1").inner_text() == "Graduate aspirations survey 2026"
    # Not published on import: the analyst previews it with disclosure control, then publishes.
    assert page.get_by_text("Not published").first.is_visible()
    assert_accessible(page)
    follow(page.get_by_role("button", name="Preview with disclosure control"))
    assert page.get_by_text("The preview is ready").is_visible()
    assert page.get_by_text("1,500 psychology graduates answered").is_visible()
    assert_accessible(page)
    shot(page, "preview")
    follow(page.get_by_role("button", name="Publish this wave"))
    assert page.get_by_text("is published.").first.is_visible()
    assert page.get_by_text("1,500 psychology graduates answered").is_visible()
    assert page.locator("svg[role=img]").count() >= 3
    assert_accessible(page)
    shot(page, "report")

    # A breakdown by ethnic group, then the unrounded page for analysts.
    page.locator("summary").filter(has_text="Choose a group").click()
    page.get_by_label("Break the tables down by").select_option("ethnic_group")
    follow(page.get_by_role("button", name="Show figures"))
    assert "by=ethnic_group" in page.url
    assert page.get_by_text("by ethnic group: percent within each group").first.is_visible()
    assert_accessible(page)
    shot(page, "report-by")

    follow(page.get_by_role("link", name="Unrounded figures (not for publication)"))
    assert page.get_by_text("Not for publication").first.is_visible()
    assert_accessible(page)

    page.goto("/careers/imports/")
    assert_accessible(page)
    page.goto("/careers/waves/graduate-aspirations-survey-2026/responses/")
    assert_accessible(page)
    shot(page, "responses")

    # The waves as an analyst sees them (a status column more than the public's) fit a phone.
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/careers/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_a_visitor_reads_the_report_and_trends_and_a_role_links_to_the_career_map(
    page, survey_world
):
    from careers.services import survey_import
    from tests.careers.surveys import publish

    publish(
        survey_import(
            wave_name="Survey 2025",
            path=write_survey_csv(
                survey_world.parent / "a.csv", respondents=800, seed=1, year=2025
            ),
        ).wave
    )
    publish(survey_import(wave_name="Survey 2026", path=survey_world).wave)
    page.goto("/careers/")
    follow(page.get_by_role("link", name="Survey 2026"))
    assert_accessible(page)
    follow(page.get_by_role("link", name="See trends across all waves"))
    assert page.locator("h1").inner_text() == "Trends across survey waves"
    assert_accessible(page)
    shot(page, "trends")
    follow(page.get_by_role("link", name="Clinical psychologist").first)
    assert page.url.endswith("/pathways/roles/clinical-psychologist/")
