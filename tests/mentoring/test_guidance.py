"""A scheme's guidance for mentors and mentees: leaders write versions (each save a new one,
the history kept), participants see the newest at the three moments (before applying, on being
matched, before the first meeting), with its version and date, and what leaders write is shown
as text, never as HTML."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.jinja2 import prose
from mentoring import posts, services
from mentoring.models import GuidanceVersion, MatchStatus
from mentoring.services import RuleBroken
from tests.responses import assert_page

pytestmark = pytest.mark.django_db


def write(scheme, by, audience="mentee", moment="apply", title="Before you apply", body="Read"):
    return posts.guidance_write(
        scheme=scheme, by=by, audience=audience, moment=moment, title=title, body=body
    )


# --- The service --------------------------------------------------------------------------


def test_each_save_is_the_next_version_and_the_newest_is_current(scheme, leader):
    first = write(scheme, leader, body="Version one")
    second = write(scheme, leader, body="Version two")
    other_slot = write(scheme, leader, audience="mentor", body="For mentors")
    assert (first.version, second.version, other_slot.version) == (1, 2, 1)
    current = GuidanceVersion.objects.current(scheme, "mentee", "apply")
    assert current == second and current.written_by == leader
    first.refresh_from_db()
    assert first.body == "Version one"  # earlier versions are kept as they were


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "Enter a title for the guidance."),
        ({"body": ""}, "Enter the guidance."),
        ({"audience": "carer"}, "Choose guidance for mentors or for mentees."),
        ({"moment": "later"}, "Choose when the guidance is shown"),
    ],
)
def test_guidance_needs_a_title_a_body_and_a_real_slot(scheme, leader, changes, message):
    arguments = {"audience": "mentee", "moment": "apply", "title": "T", "body": "B", **changes}
    with pytest.raises(RuleBroken, match=message):
        posts.guidance_write(scheme=scheme, by=leader, **arguments)
    assert not GuidanceVersion.objects.exists()


def test_only_the_schemes_leaders_write_its_guidance(scheme, other_leader, mentor, member):
    for person in (other_leader, mentor.user, member):
        with pytest.raises(RuleBroken, match="Only this scheme's leaders"):
            write(scheme, person)
    assert not GuidanceVersion.objects.exists()


def test_saving_the_same_text_again_is_refused(scheme, leader):
    write(scheme, leader, body="Same")
    with pytest.raises(RuleBroken, match="same as the current version"):
        write(scheme, leader, body="  Same  ")
    assert GuidanceVersion.objects.count() == 1


# --- Rendering ----------------------------------------------------------------------------


def test_prose_escapes_everything_and_makes_paragraphs_and_lists():
    html = str(prose("First <b>line</b>\nsame paragraph\n\n- one\n- <two>\n\n<script>x</script>"))
    assert html == (
        "<p>First &lt;b&gt;line&lt;/b&gt;<br>same paragraph</p>\n"
        '<ul class="nhsuk-list nhsuk-list--bullet"><li>one</li><li>&lt;two&gt;</li></ul>\n'
        "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    )
    assert str(prose("")) == ""


# --- The leaders' pages ---------------------------------------------------------------------


def test_a_leader_writes_a_new_version_and_sees_the_history(client_for, scheme, leader):
    write(scheme, leader, title="Before you apply", body="Old advice")
    client = client_for(leader)
    edit = reverse("mentoring:guidance-edit", args=[scheme.slug, "mentee", "apply"])
    assert_page(client.get(edit), "Old advice", "Version 1", "Save a new version")
    response = client.post(edit, {"title": "Before you apply", "body": "New advice\n\n- Be ready"})
    assert response.status_code == 302
    page = assert_page(client.get(edit), "Version 2 saved", "New advice", "Version 1")
    assert "Old advice" not in page.content.decode().split("History")[0]
    old = reverse("mentoring:guidance-version", args=[scheme.slug, "mentee", "apply", 1])
    assert_page(client.get(old), "Old advice", "An earlier version")
    listing = reverse("mentoring:guidance-list", args=[scheme.slug])
    assert_page(client.get(listing), "Before you apply (version 2", "Not written yet")


def test_an_empty_guidance_form_names_its_fields_and_keeps_what_was_typed(
    client_for, scheme, leader
):
    edit = reverse("mentoring:guidance-edit", args=[scheme.slug, "mentor", "matched"])
    response = client_for(leader).post(edit, {"title": "Kept title", "body": ""})
    page = assert_page(response, "Enter guidance", "Kept title")
    assert "<title>Error: " in page.content.decode()
    assert not GuidanceVersion.objects.exists()


def test_saving_unchanged_guidance_says_so_on_the_form(client_for, scheme, leader):
    write(scheme, leader, title="T", body="B")
    edit = reverse("mentoring:guidance-edit", args=[scheme.slug, "mentee", "apply"])
    assert_page(client_for(leader).post(edit, {"title": "T", "body": "B"}), "change something")
    assert GuidanceVersion.objects.count() == 1


def test_the_guidance_pages_are_for_the_schemes_leaders_only(
    client_for, scheme, leader, other_leader, mentor
):
    write(scheme, leader)
    urls = [
        reverse("mentoring:guidance-list", args=[scheme.slug]),
        reverse("mentoring:guidance-edit", args=[scheme.slug, "mentee", "apply"]),
        reverse("mentoring:guidance-version", args=[scheme.slug, "mentee", "apply", 1]),
    ]
    for url in urls:
        assert client_for(leader).get(url).status_code == 200
        assert client_for(other_leader).get(url).status_code == 403
        assert client_for(mentor.user).get(url).status_code == 403
        assert client_for(other_leader).post(url, {"title": "x", "body": "y"}).status_code in (
            403,
            405,
        )
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/accounts/sign-in/" in anonymous["Location"]
    unknown = reverse("mentoring:guidance-edit", args=[scheme.slug, "carers", "apply"])
    assert client_for(leader).get(unknown).status_code == 404
    assert GuidanceVersion.objects.count() == 1


def test_the_guidance_list_costs_the_same_with_more_versions(
    client_for, scheme, leader, django_assert_max_num_queries
):
    client = client_for(leader)
    url = reverse("mentoring:guidance-list", args=[scheme.slug])
    write(scheme, leader, body="1")
    with django_assert_max_num_queries(20) as few:
        assert_page(client.get(url), "Before you apply (version 1")
    for n in range(2, 8):
        write(scheme, leader, body=str(n))
        write(scheme, leader, audience="mentor", moment="matched", body=str(n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert_page(client.get(url), "Before you apply (version 7")


# --- What participants see, and when -------------------------------------------------------


def test_the_apply_page_shows_the_guidance_for_that_role_with_its_version_and_date(
    client_for, scheme, leader, outsider
):
    write(scheme, leader, audience="mentee", title="For mentees", body="Think about goals")
    write(scheme, leader, audience="mentor", title="For mentors", body="Mentors give time")
    write(scheme, leader, audience="mentee", title="For mentees", body="Think about <goals>")
    client = client_for(outsider)
    today = timezone.localdate().strftime("%-d %B %Y")
    page = assert_page(
        client.get(reverse("mentoring:apply", args=[scheme.slug, "mentee"])),
        "Before you apply: For mentees",
        "Think about &lt;goals&gt;",
        f"Version 2, updated {today}",
    )
    assert "Mentors give time" not in page.content.decode()
    assert_page(
        client.get(reverse("mentoring:apply", args=[scheme.slug, "mentor"])), "Mentors give time"
    )


def test_the_match_page_shows_each_side_its_guidance_while_the_match_is_live(
    client_for, scheme, leader, match, mentor, mentee
):
    write(scheme, leader, audience="mentee", moment="matched", body="Mentee: say hello")
    write(scheme, leader, audience="mentor", moment="matched", body="Mentor: book a call")
    url = match.get_absolute_url()
    assert_page(client_for(mentee.user).get(url), "Mentee: say hello", "Now you are matched")
    mentor_page = assert_page(client_for(mentor.user).get(url), "Mentor: book a call")
    assert "Mentee: say hello" not in mentor_page.content.decode()
    leader_page = assert_page(client_for(leader).get(url), "Why this match was suggested")
    assert "say hello" not in leader_page.content.decode()
    match.status = MatchStatus.DECLINED
    match.save()
    assert "say hello" not in client_for(mentee.user).get(url).content.decode()


def test_the_meeting_log_shows_the_first_meeting_guidance_until_a_meeting_is_logged(
    client_for, scheme, leader, match, mentee
):
    write(scheme, leader, audience="mentee", moment="first-meeting", body="Bring your goals")
    match.status = MatchStatus.ACTIVE
    match.started_on = timezone.localdate()
    match.save()
    client = client_for(mentee.user)
    url = reverse("mentoring:match-meeting", args=[match.pk])
    assert_page(client.get(url), "Before your first meeting", "Bring your goals")
    services.meeting_log(
        match=match, by=mentee.user, met_on=timezone.localdate(), duration_minutes=60, mode="online"
    )
    assert "Bring your goals" not in assert_page(client.get(url), "Log a meeting").content.decode()


def test_no_guidance_written_means_no_guidance_shown(client_for, scheme, outsider, match, mentee):
    page = client_for(outsider).get(reverse("mentoring:apply", args=[scheme.slug, "mentee"]))
    assert "mentoring-guidance" not in assert_page(page, "Send application").content.decode()
    page = client_for(mentee.user).get(match.get_absolute_url())
    assert "Now you are matched" not in page.content.decode()


def test_another_schemes_guidance_is_never_shown(
    client_for, scheme, other_scheme, other_leader, outsider
):
    write(other_scheme, other_leader, body="Forensic only")
    page = client_for(outsider).get(reverse("mentoring:apply", args=[scheme.slug, "mentee"]))
    assert "Forensic only" not in assert_page(page, "Send application").content.decode()
