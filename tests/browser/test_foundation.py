import pytest

from accounts import demo
from tests.browser.pages import assert_accessible, follow, sign_in

LANDING_PAGES = [
    ("/", "Mental health careers in the NHS"),
    ("/pathways/", "career map"),
    ("/careers/", "aspirations"),
    ("/mentoring/", "Mentoring"),
    ("/referrals/", "careers support"),
]


@pytest.fixture
def demo_users(transactional_db):
    demo.load()
    return demo.DEMO_USERS


def test_visitor_sees_home_and_every_landing_page_accessibly(page):
    for path, heading in LANDING_PAGES:
        page.goto(path)
        assert heading.lower() in page.locator("h1").inner_text().lower()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("header").get_by_text("Mental health careers").is_visible()
        assert_accessible(page)


def test_pages_work_with_javascript_off(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    follow(page.get_by_role("link", name="Career map").first)
    assert page.url.endswith("/pathways/")
    context.close()


def test_every_demo_role_signs_in_and_the_header_shows_who(page, demo_users):
    for email, name, _group, _superuser in demo_users:
        if name is None:
            continue  # created by an app demo, not loaded here
        sign_in(page, email, demo.DEMO_PASSWORD)
        assert page.locator(".nhsuk-header__account").get_by_text(email).is_visible()
        assert_accessible(page)
        page.goto("/accounts/sign-out/")
        assert_accessible(page)
        follow(page.get_by_role("button", name="Sign out"))
        assert page.locator(".nhsuk-header__account").get_by_text("Sign in").is_visible()


def test_sign_in_errors_show_the_error_summary_accessibly(page, demo_users):
    page.goto("/accounts/sign-in/")
    follow(page.get_by_role("button", name="Sign in"))
    assert page.title().startswith("Error: ")
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_username"
    assert_accessible(page)


def test_not_found_page_keeps_the_look_and_is_accessible(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)
