"""Browser journeys of members running their own accounts, with axe-core on every page: create
an account, confirm it from the emailed link, sign in, apply to a scheme with the roles from a
route-finder link; reset a forgotten password; a used link says so and offers a new one; and a
member's whole journey from sign-up to feedback, seeing the scheme's guidance at each moment."""

import re

import pytest

from accounts import roles
from mentoring import posts, services
from mentoring.models import Feedback, Match, Meeting, Participant
from outbox.models import Email
from tests.browser.pages import (
    assert_accessible,
    fieldset,
    fill_in_mentee_basics,
    follow,
    sign_in,
)
from tests.factories import PASSWORD, UserFactory
from tests.mentoring.factories import MentorFactory, SchemeFactory
from tests.pathways.factories import RoleFactory

NEW_PASSWORD = "a-long-unusual-passphrase-42"


def emailed_link(address, subject="") -> str:
    email = Email.objects.filter(to=address, subject__contains=subject).order_by("-pk").first()
    return re.search(r"https?://[^/\s]+(/\S+)", email.text_body).group(1)


def create_account(page, name, email, password):
    """Fill in and send the create-an-account form; the answer asks to check the email."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    follow(page.get_by_role("button", name="Create account"))
    assert page.locator("h1").inner_text() == "Check your email"
    assert_accessible(page)


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
    create_account(page, "Nia Okoye", "nia@example.net", NEW_PASSWORD)

    link = emailed_link("nia@example.net")
    page.goto(link)  # opening the link only asks for the press (mail scanners open links)
    assert page.locator("h1").inner_text() == "Confirm your email address"
    assert_accessible(page)
    follow(page.get_by_role("button", name="Confirm my email address"))
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


def guidance(page) -> str:
    return page.locator(".mentoring-guidance").inner_text()


@pytest.fixture
def scheme_with_guidance(transactional_db):
    leader = UserFactory(email="leader@example.org", roles=[roles.SCHEME_LEADERS])
    scheme = SchemeFactory(name="Psychological professions network", slug="ppn", leaders=[leader])
    mentor = MentorFactory(scheme=scheme, user=UserFactory(email="mentor@example.org"))
    for moment, title, body in (
        ("apply", "Before you apply", "Think of <b>two</b> goals for the year."),
        ("matched", "You have been matched", "Read why the scheme suggests your mentor."),
        ("first-meeting", "Your first meeting", "Agree how often you will meet.\n\n- Goals"),
    ):
        posts.guidance_write(
            scheme=scheme, by=leader, audience="mentee", moment=moment, title=title, body=body
        )
    posts.guidance_write(
        scheme=scheme, by=leader, audience="mentor", moment="apply", title="M", body="Mentors only"
    )
    return {"scheme": scheme, "leader": leader, "mentor": mentor}


def test_a_members_whole_journey_from_sign_up_to_feedback(page, scheme_with_guidance):
    world = scheme_with_guidance
    # Sign up, confirm from the emailed link, sign in.
    page.goto("/accounts/sign-in/")
    follow(page.get_by_role("link", name="Create an account"))
    assert_accessible(page)
    create_account(page, "Nia Okoye", "nia@example.net", NEW_PASSWORD)
    page.goto(emailed_link("nia@example.net"))
    follow(page.get_by_role("button", name="Confirm my email address"))
    assert "Your email address is confirmed" in page.content()
    assert_accessible(page)
    sign_in(page, "nia@example.net", NEW_PASSWORD)
    assert_accessible(page)

    # Apply as a mentee, reading the scheme's guidance first (as text, never as markup).
    page.goto("/mentoring/ppn/")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Apply to be a mentee"))
    text = guidance(page)
    assert "Before you apply: Before you apply" in text
    assert "Think of <b>two</b> goals for the year." in text
    assert "Version 1, updated" in text and "Mentors only" not in page.content()
    assert_accessible(page)
    fill_in_mentee_basics(page)
    fieldset(page, "Topics you want help with").get_by_label("Interviews and selection").check()
    fieldset(page, "How you would like to meet").get_by_label("Video or phone").check()
    page.get_by_label("Your goals").fill("Get an assistant psychologist post")
    follow(page.get_by_role("button", name="Send application"))
    assert "Your application to Psychological professions network is in." in page.content()
    assert_accessible(page)
    mentee = Participant.objects.get(user__email="nia@example.net")

    # The leader proposes the match and the mentor accepts (through the services).
    match = services.match_propose(mentor=world["mentor"], mentee=mentee, by=world["leader"])
    services.match_respond(match=match, by=world["mentor"].user, accept=True)

    # The proposal email's link opens the match page, with the guidance for a new match.
    page.goto(emailed_link("nia@example.net", subject="proposed"))
    assert "You have been matched" in guidance(page)
    assert_accessible(page)
    follow(page.get_by_role("button", name="Accept or decline"))
    assert_accessible(page)
    page.get_by_label("Accept this match").check()
    follow(page.get_by_role("button", name="Send answer"))
    assert "You have both accepted: the match is active." in page.content()
    assert "Read why the scheme suggests your mentor." in guidance(page)
    assert_accessible(page)

    # Before the first meeting, the meeting log shows that guidance; then it is gone.
    follow(page.get_by_role("button", name="Log a meeting"))
    assert "Before your first meeting: Your first meeting" in guidance(page)
    assert page.locator(".mentoring-guidance li").inner_text() == "Goals"
    assert_accessible(page)
    page.get_by_label("How long (minutes)").fill("60")
    page.get_by_label("Video or phone").check()
    follow(page.get_by_role("button", name="Log meeting"))
    assert "Meeting logged." in page.content()
    assert_accessible(page)
    follow(page.get_by_role("button", name="Log a meeting"))
    assert page.locator(".mentoring-guidance").count() == 0
    page.go_back()

    # The match ends; the member gives feedback.
    follow(page.get_by_role("link", name="End the match", exact=True))
    assert_accessible(page)
    page.get_by_label("Completed").check()
    follow(page.get_by_role("button", name="End match"))
    assert "The match has ended" in page.content()
    assert page.locator(".mentoring-guidance").count() == 0
    assert_accessible(page)
    follow(page.get_by_role("button", name="Give feedback"))
    assert_accessible(page)
    for legend in ("The match helped", "We worked well", "I would recommend"):
        fieldset(page, legend).get_by_label("4", exact=True).check()
    follow(page.get_by_role("button", name="Send feedback"))
    assert "Thank you for your feedback." in page.content()
    assert_accessible(page)

    feedback = Feedback.objects.get()
    assert (feedback.author.email, feedback.role, feedback.rating_goals) == (
        "nia@example.net",
        "mentee",
        4,
    )
    assert Match.objects.get().status == "completed"
    assert Meeting.objects.count() == 1
