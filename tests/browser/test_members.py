"""Browser journeys of members running their own accounts, with axe-core on every page: create
an account, confirm it from the emailed link, sign in, apply to a scheme with the roles from a
route-finder link; reset a forgotten password; a used link says so and offers a new one."""

import re

import pytest

from mentoring.models import Participant
from outbox.models import Email
from tests.browser.pages import assert_accessible, follow, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.mentoring.factories import MentorFactory, SchemeFactory
from tests.pathways.factories import RoleFactory

NEW_PASSWORD = "a-long-unusual-passphrase-42"


def emailed_link(address) -> str:
    email = Email.objects.filter(to=address).order_by("-pk").first()
    return re.search(r"https?://[^/\s]+(/\S+)", email.text_body).group(1)


@pytest.fixture
def world(transactional_db):
    RoleFactory(slug="assistant-psychologist", name="Assistant psychologist")
    RoleFactory(slug="clinical-psychologist", name="Clinical psychologist")
    scheme = SchemeFactory(name="Psychological professions network", slug="ppn")
    MentorFactory(
        scheme=scheme, current_role="clinical-psychologist", past_roles=["assistant-psychologist"]
    )
    return scheme


def test_a_member_creates_an_account_confirms_it_and_applies_from_a_route(page, world):
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    follow(page.get_by_role("link", name="Create an account"))
    assert_accessible(page)
    follow(page.get_by_role("button", name="Create account"))
    assert page.title().startswith("Error: ")
    assert page.locator(".nhsuk-error-summary").get_by_text("Enter your name").is_visible()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Nia Okoye")
    page.get_by_label("Email address").fill("nia@example.net")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password again").fill(NEW_PASSWORD)
    follow(page.get_by_role("button", name="Create account"))
    assert page.locator("h1").inner_text() == "Check your email"
    assert_accessible(page)

    link = emailed_link("nia@example.net")
    page.goto(link)
    assert "Your email address is confirmed" in page.content()
    page.goto(link)  # used twice: says so, offers a new link
    assert page.locator("h1").inner_text() == "This link does not work"
    assert page.get_by_role("link", name="Send a new confirmation link").is_visible()
    assert_accessible(page)

    sign_in(page, "nia@example.net", NEW_PASSWORD)
    page.goto("/mentoring/find-a-mentor/?from=assistant-psychologist&to=clinical-psychologist")
    assert_accessible(page)
    follow(page.get_by_role("link", name=re.compile("apply as a mentee")))
    assert page.get_by_label("The role you aim for").input_value() == "clinical-psychologist"
    assert_accessible(page)
    page.goto("/accounts/account/")
    assert_accessible(page)
    follow(page.get_by_role("link", name="Choose which emails you get"))
    assert_accessible(page)


def test_a_member_resets_a_forgotten_password(page, transactional_db):
    UserFactory(email="morgan@example.net")
    page.goto("/accounts/sign-in/")
    follow(page.get_by_role("link", name="Reset your password"))
    assert_accessible(page)
    page.get_by_label("Email address").fill("morgan@example.net")
    follow(page.get_by_role("button", name="Send reset link"))
    assert page.locator("h1").inner_text() == "Check your email"
    page.goto(emailed_link("morgan@example.net"))
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    follow(page.get_by_role("button", name="Save password"))
    assert "Your password has been reset" in page.content()
    sign_in(page, "morgan@example.net", NEW_PASSWORD)
    assert page.get_by_role("link", name="morgan@example.net").is_visible()
    assert not Participant.objects.exists()
    assert PASSWORD != NEW_PASSWORD
