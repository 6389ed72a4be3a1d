"""What mentoring gives a member's data download, and what it removes when they delete their
account, seen through the pages: here, the mentor community's posts (applications, matches and
the rest are in tests/accounts/test_self_service.py)."""

import json

import pytest
from django.urls import reverse

from mentoring import posts
from tests.factories import PASSWORD
from tests.responses import assert_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(scheme, leader, mentor):
    announcement = posts.community_post(
        scheme=scheme, by=leader, kind="announcement", title="Welcome", body="Hello, mentors."
    )
    posts.community_reply(post=announcement, by=mentor.user, body="Glad to be here, from Leeds")
    discussion = posts.community_post(
        scheme=scheme,
        by=mentor.user,
        kind="discussion",
        title="Mentoring while on night shifts",
        body="I work nights on the ward; how do others fit meetings in?",
    )
    posts.community_reply(post=discussion, by=leader, body="Evenings suit most mentees.")
    return announcement, discussion


def test_the_download_holds_the_members_own_community_posts_and_no_one_elses(
    client_for, mentor, thread
):
    client = client_for(mentor.user)
    data = json.loads(client.get(reverse("accounts:data-download", args=["json"])).content)
    mine = data["mentoring_community_posts"]
    assert {post["body"] for post in mine} == {
        "Glad to be here, from Leeds",
        "I work nights on the ward; how do others fit meetings in?",
    }
    assert {post["reply_to"] for post in mine} == {"Welcome", ""}


def test_deleting_the_account_removes_the_members_words_and_keeps_the_thread(
    client_for, scheme, leader, mentor, thread
):
    announcement, discussion = thread
    response = client_for(mentor.user).post(
        reverse("accounts:account-delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    leaders_view = client_for(leader)
    page = leaders_view.get(reverse("mentoring:community-post", args=[scheme.slug, discussion.pk]))
    assert_page(page, "Evenings suit most mentees.")  # another person's reply stays
    text = page.content.decode()
    assert "night shifts" not in text and "I work nights" not in text
    assert "removed when the member deleted their account" in text
    assert "A deleted account" in text and "mentor@example.org" not in text
    page = leaders_view.get(
        reverse("mentoring:community-post", args=[scheme.slug, announcement.pk])
    )
    assert_page(page, "Hello, mentors.")  # the leader's announcement stays
    assert "from Leeds" not in page.content.decode()
    listing = leaders_view.get(reverse("mentoring:community", args=[scheme.slug])).content
    assert b"night shifts" not in listing
