"""Browser journeys through mentoring, with axe-core on every page visited: a member applies as
a mentee; a leader matches the cohort, reviews and confirms; both accept; the match ends with
feedback. And every leader and participant page of the demo scheme is accessible."""

import re

import pytest
from django.utils import timezone

from accounts import roles
from accounts.demo import DEMO_PASSWORD
from mentoring import demo
from mentoring.models import Feedback, Match, Participant
from tests.browser.pages import (
    assert_accessible,
    fieldset,
    fill_in_mentee_basics,
    follow,
    sign_in,
)
from tests.factories import PASSWORD, UserFactory
from tests.mentoring.factories import MenteeFactory, MentorFactory, SchemeFactory


def sign_out(page):
    page.goto("/accounts/sign-out/")
    follow(page.get_by_role("button", name="Sign out"))


@pytest.fixture
def scheme_world(transactional_db):
    leader = UserFactory(email="leader@example.org", roles=[roles.SCHEME_LEADERS])
    scheme = SchemeFactory(name="Psychological professions network", slug="ppn", leaders=[leader])
    mentor_user = UserFactory(email="mentor@example.org", full_name="Aisha Rahman")
    MentorFactory(scheme=scheme, user=mentor_user, capacity=1)
    # A second mentor who fits worse, so the suggestion is a real choice.
    MentorFactory(scheme=scheme, field="forensic_psychology", region="south_west")
    member = UserFactory(email="member@example.org", full_name="Morgan Lee")
    return {"scheme": scheme, "leader": leader, "mentor": mentor_user, "member": member}


def test_a_member_applies_to_a_scheme_as_a_mentee(page, scheme_world):
    sign_in(page, "member@example.org", PASSWORD)
    page.goto("/mentoring/")
    assert_accessible(page)
    follow(page.get_by_role("link", name=re.compile("Psychological professions network")))
    assert page.locator("h1").inner_text() == "Psychological professions network"
    assert_accessible(page)
    follow(page.get_by_role("button", name="Apply to be a mentee"))
    assert_accessible(page)

    # Sending it half-filled shows the error summary and keeps what was typed.
    page.get_by_label("Your goals").fill("Get an assistant psychologist post")
    follow(page.get_by_role("button", name="Send application"))
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Your goals").input_value() == "Get an assistant psychologist post"
    assert_accessible(page)

    fill_in_mentee_basics(page)
    topics = fieldset(page, "Topics you want help with")
    topics.get_by_label("Applications for jobs and training").check()
    topics.get_by_label("Interviews and selection").check()
    fieldset(page, "How you would like to meet").get_by_label("Video or phone").check()
    fieldset(page, "About you").get_by_label("First in family to go to university").check()
    fieldset(page, "I would like a mentor who shares").get_by_label(
        "First in family to go to university"
    ).check()
    follow(page.get_by_role("button", name="Send application"))

    assert "Your application to Psychological professions network is in." in page.content()
    assert page.get_by_text("First in family to go to university").first.is_visible()
    assert_accessible(page)
    participant = Participant.objects.get(user__email="member@example.org")
    assert participant.wanted_shared == ["first_in_family"]


def test_a_leader_matches_the_cohort_both_accept_and_the_match_ends_with_feedback(
    page, scheme_world
):
    MenteeFactory(scheme=scheme_world["scheme"], user=scheme_world["member"])

    sign_in(page, "leader@example.org", PASSWORD)
    page.goto("/mentoring/ppn/manage/")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Match the cohort"))
    assert_accessible(page)
    assert "Suggested: 1 pair" in page.content()
    assert page.get_by_text("Same field: Clinical psychology").first.is_visible()
    follow(page.get_by_role("button", name="Propose the ticked matches"))
    assert "1 match proposed" in page.content()
    assert_accessible(page)
    match = Match.objects.get()
    assert match.mentor.user.email == "mentor@example.org"
    sign_out(page)

    for email in ("mentor@example.org", "member@example.org"):
        sign_in(page, email, PASSWORD)
        page.goto("/mentoring/mine/")
        assert_accessible(page)
        follow(page.get_by_role("table").get_by_role("link").first)
        assert_accessible(page)
        follow(page.get_by_role("button", name="Accept or decline"))
        assert_accessible(page)
        page.get_by_label("Accept this match").check()
        follow(page.get_by_role("button", name="Send answer"))
        if email == "mentor@example.org":
            sign_out(page)
    assert "You have both accepted: the match is active." in page.content()
    assert_accessible(page)

    follow(page.get_by_role("button", name="Log a meeting"))
    assert_accessible(page)
    page.get_by_label("How long (minutes)").fill("60")
    page.get_by_label("Video or phone").check()
    follow(page.get_by_role("button", name="Log meeting"))
    assert "Meeting logged." in page.content()

    follow(page.get_by_role("link", name="End the match", exact=True))
    assert_accessible(page)
    page.get_by_label("Completed").check()
    follow(page.get_by_role("button", name="End match"))
    assert "The match has ended" in page.content()
    follow(page.get_by_role("button", name="Give feedback"))
    assert_accessible(page)
    for legend in ("The match helped", "We worked well", "I would recommend"):
        fieldset(page, legend).get_by_label("5", exact=True).check()
    page.get_by_label("Anything else").fill("Exactly what I needed.")
    follow(page.get_by_role("button", name="Send feedback"))
    assert "Thank you for your feedback." in page.content()
    assert_accessible(page)
    feedback = Feedback.objects.get()
    assert (feedback.role, feedback.rating_scheme) == ("mentee", 5)
    assert Match.objects.get().ended_on == timezone.localdate()


def test_every_demo_leader_and_participant_page_is_accessible(page, transactional_db, whole_demo):
    # `whole_demo`: as `manage.py load_demo` leaves it, mentoring's demo and the accounts it
    # uses among the rest (tests/snapshots.py).
    sign_in(page, "leader@example.org", DEMO_PASSWORD)
    base = f"/mentoring/{demo.PPN}/manage/"
    for path in (
        "",
        "people/",
        "matches/",
        "cohort/",
        "queries/",
        "concerns/",
        "breaches/",
        "breaches/new/",
        "edit/",
    ):
        page.goto(base + path)
        assert page.locator("h1").is_visible()
        assert_accessible(page)
    page.goto(base + "concerns/")
    follow(page.get_by_role("table").get_by_role("link").first)
    assert_accessible(page)
    page.goto(base + "cohort/")
    follow(page.get_by_role("link", name=re.compile("Choose another mentor")).first)
    assert "Mentors with a free place" in page.content()
    assert_accessible(page)
    # The other scheme's pages are refused to this leader.
    response = page.goto(f"/mentoring/{demo.FORENSIC}/manage/")
    assert response.status == 403
    sign_out(page)

    sign_in(page, "admin@example.org", DEMO_PASSWORD)
    page.goto("/mentoring/proposals/")
    assert_accessible(page)
    follow(page.get_by_role("table").get_by_role("link").first)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "member@example.org", DEMO_PASSWORD)
    page.goto("/mentoring/mine/")
    follow(page.get_by_role("table").get_by_role("link").first)
    for label in ("Record progress", "Log a meeting"):
        follow(page.get_by_role("button", name=label))
        assert_accessible(page)
        page.go_back()
    for label in (
        "Ask to extend the match",
        "Raise a concern about this match",
        "Send a query to the scheme's leaders",
    ):
        follow(page.get_by_role("link", name=label))
        assert_accessible(page)
        page.go_back()
    page.goto("/mentoring/propose/")
    assert_accessible(page)


def test_a_leader_writes_guidance_and_announces_and_a_mentor_discusses(page, scheme_world):
    scheme = scheme_world["scheme"]
    MenteeFactory(scheme=scheme, user=scheme_world["member"])
    sign_in(page, "leader@example.org", PASSWORD)
    page.goto("/mentoring/ppn/manage/")
    follow(page.get_by_role("link", name="Guidance for mentors and mentees"))
    assert_accessible(page)
    follow(page.get_by_role("link", name="Write the guidance for mentees, before applying"))
    assert_accessible(page)
    follow(page.get_by_role("button", name="Save the guidance"))
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Title").fill("Before you apply")
    page.get_by_label("Guidance").fill("Think about your goals.\n\n- One\n- Two")
    follow(page.get_by_role("button", name="Save the guidance"))
    assert "Version 1 saved" in page.content()
    page.get_by_label("Guidance").fill("Think about two goals.")
    follow(page.get_by_role("button", name="Save a new version"))
    assert "Version 2 saved" in page.content()
    assert_accessible(page)
    follow(page.get_by_role("link", name="Version 1"))
    assert "An earlier version" in page.content()
    assert_accessible(page)

    page.goto("/mentoring/ppn/manage/")
    follow(page.get_by_role("link", name="Mentor community"))
    assert_accessible(page)
    follow(page.get_by_role("button", name="Write a post"))
    assert_accessible(page)
    page.get_by_label("An announcement to the scheme's mentors").check()
    page.get_by_label("Title").fill("Preparation sessions")
    page.get_by_label("Your post").fill("First Tuesday of each month.")
    follow(page.get_by_role("button", name="Post"))
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "mentor@example.org", PASSWORD)
    page.goto("/mentoring/ppn/")
    follow(page.get_by_role("link", name="The scheme's mentor community"))
    assert page.get_by_text("Announcement").first.is_visible()
    follow(page.get_by_role("link", name="Preparation sessions"))
    page.get_by_label("Your reply").fill("I will come to the next one.")
    follow(page.get_by_role("button", name="Post reply"))
    assert "Reply posted." in page.content()
    assert page.get_by_text("I will come to the next one.").is_visible()
    assert_accessible(page)
    follow(page.get_by_role("link", name="Back to the mentor community"))
    assert "1 reply" in page.content()
    assert_accessible(page)
    sign_out(page)

    # A mentee is refused the community, and their scheme page does not link to it.
    sign_in(page, "member@example.org", PASSWORD)
    assert page.goto("/mentoring/ppn/community/").status == 403
    assert "The scheme's mentor community" not in page.goto("/mentoring/ppn/").text()


def test_pairs_the_service_refuses_come_back_on_the_cohort_page_ticked_as_they_were(
    page, scheme_world
):
    """The one action pattern (issue 16) in the browser: the refusal is in the error summary
    on the same page, the boxes stay as the leader ticked them, and the page is accessible."""
    scheme = scheme_world["scheme"]
    for name in ("Sam Patel", "Jo Evans"):
        MenteeFactory(scheme=scheme, user=UserFactory(full_name=name))
    sign_in(page, "leader@example.org", PASSWORD)
    page.goto(f"/mentoring/{scheme.slug}/manage/cohort/")
    boxes = page.locator('input[name="pair"]')
    assert boxes.count() == 2
    kept, dropped = boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")
    boxes.nth(1).uncheck()
    scheme.status = "paused"
    scheme.save()
    follow(page.get_by_role("button", name="Propose the ticked matches"))
    assert page.title().startswith("Error: ")
    summary = page.locator(".nhsuk-error-summary")
    assert "A pair was not proposed: This scheme is paused" in summary.inner_text()
    assert page.locator(f'input[name="pair"][value="{kept}"]').is_checked()
    assert not page.locator(f'input[name="pair"][value="{dropped}"]').is_checked()
    assert_accessible(page)
    assert not Match.objects.exists()
