"""Equity of entry and progression in a real browser: a visitor reads the entry report, the
trends, staff by band, plans, the pipeline and the recommendations; an analyst imports a file
with a bad row and sees every problem. axe on every page; nothing wider than the screen at
375 px."""

import os

import pytest

from accounts import demo as accounts_demo
from careers.demo import REQUIRED_ROLES, write_survey_csv
from careers.equity import demo
from careers.services import survey_import
from tests.browser.pages import assert_accessible, follow, sign_in
from tests.careers.factories import RoleFactory

SHOTS = os.environ.get("EQUITY_SCREENSHOTS")  # a folder, to look at the pages
PAGES = [
    ("entry-report", "/careers/equity/entry/clinical-psychology/2018/ethnicity/"),
    ("entry-trends", "/careers/equity/entry/clinical-psychology/trends/ethnicity/?measure=rl"),
    ("workforce", "/careers/equity/workforce/?role=clinical-psychologist"),
    ("plans", "/careers/equity/plans/"),
    ("pipeline", "/careers/equity/pipeline/clinical-psychology/"),
    ("recommendations", "/careers/equity/recommendations/"),
    ("index", "/careers/equity/"),
    ("programme", "/careers/equity/entry/clinical-psychology/"),
]


@pytest.fixture
def equity_site(transactional_db, tmp_path):
    accounts_demo.load()
    for slug, name in REQUIRED_ROLES.items():
        RoleFactory(slug=slug, name=name)
    path = write_survey_csv(tmp_path / "wave.csv", respondents=1200, seed=5, year=2025)
    survey_import(wave_name="Graduate aspirations survey 2025", path=path)
    demo.load()


def _no_horizontal_overflow(page):
    """True, or the elements that reach past the right edge of the screen."""
    if page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"):
        return True
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 8).map(e => e.tagName + "." + e.className + "#" + e.id + ":"
                             + Math.round(e.getBoundingClientRect().right))"""
    )


def test_a_visitor_reads_every_equity_page_accessibly_at_both_widths(page, equity_site):
    # Each page is loaded once, at the narrow width, and then widened (the layout follows the
    # CSS media queries); axe and the overflow check run at each width.
    for name, url in PAGES:
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            if width == 375:
                page.goto(url)
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            fits = _no_horizontal_overflow(page)
            assert fits is True, f"{url} is wider than {width} px: {fits}"
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(PAGES[0][1])
    chart = page.get_by_role("img", name="Acceptance rate by ethnicity, 2018")
    assert chart.count() == 1
    assert page.get_by_role("cell", name="16.7% (15.4 to 18.0)").count() == 1


def test_the_filters_are_bookmarkable(page, equity_site):
    page.goto("/careers/equity/entry/clinical-psychology/2018/ethnicity/")
    page.get_by_text("Change the reference group or the rows shown").click()
    page.get_by_label("Reference group").select_option("white-british")
    page.get_by_label("Rows").select_option("totals")
    follow(page.get_by_role("button", name="Show figures"))
    assert "reference=white-british" in page.url and "rows=totals" in page.url
    assert page.get_by_text("White British (reference)").count() == 1
    assert_accessible(page)


def test_an_analyst_imports_a_file_and_sees_every_bad_row(page, equity_site, tmp_path):
    bad = tmp_path / "entry-2025.csv"
    bad.write_text(
        "Year,Section,Category,applicants_n,accepted_n,note,source\n"
        "2025,ETHNICITY,White,100,120,,\n"
        "2025,NATIONALITY,British,10,1,,\n"
    )
    sign_in(page, "analyst@example.org", accounts_demo.DEMO_PASSWORD)
    page.goto("/careers/equity/import/")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Import the file"))
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_label("Programme").select_option("clinical-psychology")
    follow(page.get_by_role("button", name="Import the file"))
    assert page.get_by_text("Nothing was stored").count() >= 1
    assert page.get_by_role("cell", name="More accepted than applied.").count() == 1
    assert page.get_by_role("cell", name="NATIONALITY").count() == 1
    assert_accessible(page)
