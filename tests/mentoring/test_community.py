"""The mentor community of a scheme: its leaders announce, its active mentors discuss and
reply; nobody else may read it (mentees, other members, other schemes' leaders: 403; visitors
sign in; another scheme's post: 404); every read and write is audited; no page is stored."""

import pytest
from django.test import Client
from django.urls import reverse

from mentoring import posts
from mentoring.models import CommunityAccess, CommunityPost
from mentoring.services import RuleBroken
from tests.mentoring.factories import MentorFactory
from tests.responses import assert_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcement(scheme, leader):
    return posts.community_post(
        scheme=scheme, by=leader, kind="announcement", title="Welcome", body="Hello, mentors."
    )


def urls(scheme, post):
    return [
        reverse("mentoring:community", args=[scheme.slug]),
        reverse("mentoring:community-post-create", args=[scheme.slug]),
        reverse("mentoring:community-post", args=[scheme.slug, post.pk]),
    ]


# --- The services ---------------------------------------------------------------------------


def test_leaders_announce_and_mentors_discuss_and_reply(scheme, leader, mentor, announcement):
    discussion = posts.community_post(
        scheme=scheme, by=mentor.user, kind="discussion", title="First meetings", body="Tips?"
    )
    reply = posts.community_reply(post=discussion, by=leader, body="Agree goals early.")
    posts.community_reply(post=announcement, by=mentor.user, body="Thank you.")
    assert (announcement.kind, discussion.kind) == ("announcement", "discussion")
    assert reply.reply_to == discussion and reply.kind == "discussion"
    assert list(
        CommunityPost.objects.filter(scheme=scheme).threads().values_list("title", "reply_count")
    ) == [("First meetings", 1), ("Welcome", 1)]
    assert CommunityAccess.objects.filter(action="post").count() == 2
    assert CommunityAccess.objects.filter(action="reply").count() == 2


def test_only_leaders_post_announcements(scheme, mentor):
    with pytest.raises(RuleBroken, match="Only the scheme's leaders post announcements"):
        posts.community_post(
            scheme=scheme, by=mentor.user, kind="announcement", title="T", body="B"
        )
    assert not CommunityPost.objects.exists()


def test_mentees_other_members_and_other_schemes_leaders_cannot_take_part(
    scheme, mentee, outsider, other_leader, announcement
):
    withdrawn = MentorFactory(scheme=scheme, status="withdrawn")
    for person in (mentee.user, outsider, other_leader, withdrawn.user):
        with pytest.raises(RuleBroken, match="Only this scheme's mentors and leaders"):
            posts.community_post(scheme=scheme, by=person, kind="discussion", title="T", body="B")
        with pytest.raises(RuleBroken, match="Only this scheme's mentors and leaders"):
            posts.community_reply(post=announcement, by=person, body="B")
        with pytest.raises(RuleBroken):
            posts.community_read(scheme=scheme, by=person)
    assert CommunityPost.objects.count() == 1
    assert not CommunityAccess.objects.exclude(action="post").exists()


def test_replies_are_to_a_post_not_to_a_reply_and_are_not_blank(scheme, mentor, announcement):
    reply = posts.community_reply(post=announcement, by=mentor.user, body="Yes")
    with pytest.raises(RuleBroken, match="not to a reply"):
        posts.community_reply(post=reply, by=mentor.user, body="Again")
    with pytest.raises(RuleBroken, match="Enter your reply"):
        posts.community_reply(post=announcement, by=mentor.user, body="   ")


# --- The pages ------------------------------------------------------------------------------


def test_the_community_is_seen_by_its_mentors_and_leaders_only(
    client_for, scheme, leader, mentor, mentee, outsider, other_leader, superuser, announcement
):
    for url in urls(scheme, announcement):
        for person in (leader, mentor.user, superuser):
            response = client_for(person).get(url)
            assert response.status_code == 200, (url, person)
            assert "no-store" in response["Cache-Control"]
        for person in (mentee.user, outsider, other_leader):
            assert client_for(person).get(url).status_code == 403, (url, person)
            assert client_for(person).post(url, {"title": "x", "body": "y"}).status_code in (
                403,
                405,
            )
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/accounts/sign-in/" in anonymous["Location"]
    assert CommunityPost.objects.count() == 1


def test_a_post_of_another_scheme_is_not_found_under_this_one(
    client_for, scheme, other_scheme, other_leader, leader, announcement
):
    theirs = posts.community_post(
        scheme=other_scheme, by=other_leader, kind="announcement", title="Theirs", body="B"
    )
    url = reverse("mentoring:community-post", args=[scheme.slug, theirs.pk])
    assert client_for(leader).get(url).status_code == 404
    reply = posts.community_reply(post=announcement, by=leader, body="A reply")
    url = reverse("mentoring:community-post", args=[scheme.slug, reply.pk])
    assert client_for(leader).get(url).status_code == 404


def test_every_read_is_audited_with_who_and_what(client_for, scheme, mentor, announcement):
    client = client_for(mentor.user)
    client.get(reverse("mentoring:community", args=[scheme.slug]))
    client.get(reverse("mentoring:community-post", args=[scheme.slug, announcement.pk]))
    reads = CommunityAccess.objects.filter(user=mentor.user).order_by("at", "pk")
    assert [(a.action, a.post_id) for a in reads] == [
        ("read-list", None),
        ("read-post", announcement.pk),
    ]


def test_a_mentor_starts_a_discussion_and_a_leader_replies(
    client_for, scheme, leader, mentor, announcement
):
    client = client_for(mentor.user)
    new = reverse("mentoring:community-post-create", args=[scheme.slug])
    form = assert_page(client.get(new), "Your post")
    assert "An announcement to the scheme" not in form.content.decode()  # mentors discuss
    # A mentor who sends kind=announcement anyway posts a discussion.
    response = client.post(
        new, {"kind": "announcement", "title": "Boundaries", "body": "How do you <b>end</b>?"}
    )
    post = CommunityPost.objects.get(title="Boundaries")
    assert post.kind == "discussion"
    assert response.status_code == 302
    page = assert_page(client.get(response["Location"]), "How do you &lt;b&gt;end&lt;/b&gt;?")
    assert "<b>end</b>" not in page.content.decode()

    leader_client = client_for(leader)
    url = reverse("mentoring:community-post", args=[scheme.slug, post.pk])
    response = leader_client.post(url, {"body": "Agree an ending at the start."})
    assert response.status_code == 302 and response["Location"].endswith("?page=1#replies")
    assert_page(leader_client.get(url), "Agree an ending at the start.", "Reply posted.")


def test_empty_forms_name_their_fields_and_keep_what_was_typed(
    client_for, scheme, leader, announcement
):
    client = client_for(leader)
    new = reverse("mentoring:community-post-create", args=[scheme.slug])
    page = assert_page(client.post(new, {"title": "Kept", "body": ""}), "Enter your post", "Kept")
    assert "Select whether this is an announcement or a discussion" in page.content.decode()
    url = reverse("mentoring:community-post", args=[scheme.slug, announcement.pk])
    assert_page(client.post(url, {"body": ""}), "Enter your reply")
    assert CommunityPost.objects.count() == 1


def test_the_list_pages_and_filters_and_costs_the_same_with_more_posts(
    client_for, scheme, leader, mentor, django_assert_max_num_queries
):
    client = client_for(mentor.user)
    url = reverse("mentoring:community", args=[scheme.slug])
    posts.community_post(scheme=scheme, by=leader, kind="announcement", title="A0", body="B")
    with django_assert_max_num_queries(30) as few:
        assert_page(client.get(url), "A0")
    for n in range(1, 25):
        post = posts.community_post(
            scheme=scheme, by=mentor.user, kind="discussion", title=f"D{n}", body="B"
        )
        posts.community_reply(post=post, by=leader, body="R")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = assert_page(client.get(url), "D24", "Showing 1 to 20 of 25")
    assert "A0" not in page.content.decode()
    assert_page(client.get(url + "?page=2"), "A0")
    announcements = assert_page(client.get(url + "?kind=announcement"), "A0")
    assert "D24" not in announcements.content.decode()


def test_an_announcement_is_emailed_to_the_schemes_active_mentors_who_want_it(
    scheme, leader, mentor, mentee
):
    from outbox.models import Email

    second = MentorFactory(scheme=scheme)
    MentorFactory(scheme=scheme, status="withdrawn")
    opted_out = MentorFactory(scheme=scheme)
    opted_out.user.email_opt_outs = ["mentoring-community"]
    opted_out.user.save()
    post = posts.community_post(
        scheme=scheme, by=leader, kind="announcement", title="Spring sessions", body="B"
    )
    posts.community_post(scheme=scheme, by=mentor.user, kind="discussion", title="D", body="B")
    sent = Email.objects.filter(category="mentoring-community")
    assert sorted(sent.values_list("to", flat=True)) == sorted(
        [mentor.user.email, second.user.email]
    )
    email = sent.get(to=mentor.user.email)
    assert "Spring sessions" in email.text_body
    assert f"/mentoring/{scheme.slug}/community/{post.pk}/" in email.text_body
    assert email.html_body
