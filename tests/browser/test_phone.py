"""On a phone: after a search or filter, the page lands on the results heading, which takes
focus so that a screen reader announces the count."""

from accounts import roles
from tests.browser.pages import assert_accessible, follow, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.pathways.factories import RoleFactory
from tests.referrals.factories import ReferralFactory

PHONE = {"width": 375, "height": 740}


def landed_on_results(page) -> tuple[str, float]:
    """The focused element's text and how far below the top of the screen it is."""
    return page.evaluate(
        """() => [document.activeElement.textContent.trim(),
                  document.activeElement.getBoundingClientRect().top]"""
    )


def test_a_directory_search_on_a_phone_lands_on_the_announced_count(page, transactional_db):
    RoleFactory(slug="clinical-psychologist", name="Clinical psychologist")
    RoleFactory(slug="forensic-psychologist", name="Forensic psychologist")
    RoleFactory(slug="mental-health-nurse", name="Mental health nurse")
    page.set_viewport_size(PHONE)
    page.goto("/pathways/")
    page.get_by_label("Search roles (optional)").fill("psychologist")
    follow(page.get_by_role("button", name="Apply filters"))
    assert page.url.endswith("#results-heading")
    text, top = landed_on_results(page)
    assert text.startswith("2 roles")
    assert 0 <= top < PHONE["height"] / 2
    assert_accessible(page)


def test_filtering_the_caseload_on_a_phone_lands_on_the_count(page, transactional_db):
    UserFactory(email="careers@example.org", roles=[roles.CAREERS_STAFF])
    ReferralFactory(name="Ada Lovelace")
    ReferralFactory(name="Grace Hopper")
    page.set_viewport_size(PHONE)
    sign_in(page, "careers@example.org", PASSWORD)
    page.goto("/referrals/")
    page.get_by_label("Name, email or reference (optional)").fill("Ada")
    follow(page.get_by_role("button", name="Apply filters"))
    text, top = landed_on_results(page)
    assert text == "1 referral"
    assert 0 <= top < PHONE["height"] / 2
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= PHONE["width"]
