"""The cohort page: each waiting mentee's true reason, the suggestion stored once per state of
the cohort (recomputed when a participant, capacity or weight changes), and a mentor who has
made the move rewarded with a reason in words."""

import pytest
from django.urls import reverse

from mentoring import queries
from mentoring.models import Match, SuggestionCache
from tests.factories import UserFactory
from tests.mentoring.factories import MenteeFactory, MentorFactory
from tests.responses import assert_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_place(scheme):
    """One mentor with one place; two mentees who both reach the minimum, one better."""
    mentor = MentorFactory(scheme=scheme, capacity=1)
    strong = MenteeFactory(
        scheme=scheme, topics=["applications", "interviews", "clinical_training"]
    )
    weaker = MenteeFactory(scheme=scheme, topics=["applications"], region="north_west")
    return mentor, strong, weaker


def test_a_mentee_who_lost_the_only_place_is_told_the_truth_on_the_cohort_page(
    client_for, leader, scheme, one_place
):
    mentor, strong, weaker = one_place
    client = client_for(leader)
    response = client.get(reverse("mentoring:cohort", args=[scheme.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    result = queries.cohort(scheme)
    assert [(s.mentor, s.mentee) for s in result.suggestions] == [(mentor, strong)]
    (waiting, reason) = result.waiting_reasons[0]
    assert waiting == weaker
    assert "given to other mentees" in reason
    assert reason in html.replace("&#39;", "'")
    assert "No mentor reaches the minimum" not in html


def test_the_suggestion_is_computed_once_per_cohort_state_and_again_after_a_change(
    scheme, one_place
):
    mentor, _strong, _weaker = one_place
    first = queries.cohort(scheme)
    assert not first.from_cache
    assert queries.cohort(scheme).from_cache
    state = SuggestionCache.objects.get(scheme=scheme).state

    mentor.capacity = 2  # a capacity change
    mentor.save()
    again = queries.cohort(scheme)
    assert not again.from_cache and len(again.suggestions) == 2
    assert SuggestionCache.objects.get(scheme=scheme).state != state

    scheme.career_weight = 5  # a weight change
    scheme.save()
    assert not queries.cohort(scheme).from_cache
    MenteeFactory(scheme=scheme)  # a new participant
    assert not queries.cohort(scheme).from_cache


# Signed-in user and scheme (5), state and summary, rows, people (the session is not written
# again within 30 seconds of the first request).
STORED_PAGE_QUERIES = 7


def test_the_cohort_page_costs_the_same_queries_from_the_stored_suggestion(
    client_for, leader, scheme, one_place, django_assert_num_queries
):
    client = client_for(leader)
    url = reverse("mentoring:cohort", args=[scheme.slug])
    client.get(url)
    with django_assert_num_queries(STORED_PAGE_QUERIES):
        response = client.get(url)
    assert_page(response, "Suggested: 1 pair", "given to other mentees")


def test_a_big_cohort_is_paginated_and_costs_the_same_queries_on_any_page(
    client_for, leader, scheme, django_assert_num_queries
):
    mentors = [MentorFactory(scheme=scheme, capacity=1) for _ in range(23)]
    mentees = [MenteeFactory(scheme=scheme) for _ in range(25)]
    client = client_for(leader)
    url = reverse("mentoring:cohort", args=[scheme.slug])
    first = assert_page(client.get(url), "Suggested: 23 pairs", "Showing 1 to 20 of 23")
    assert first.content.decode().count('name="pair"') == 20
    stored = queries.cohort(scheme)
    assert stored.from_cache and len(stored.suggestions) == 23 and len(stored.waiting) == 2
    with django_assert_num_queries(STORED_PAGE_QUERIES):
        second = assert_page(client.get(url + "?page=2"), "Showing 21 to 23 of 23")
    html = second.content.decode()
    assert html.count('name="pair"') == 3
    for suggestion in stored.suggestions[20:]:
        assert f'value="{suggestion.mentor.pk}-{suggestion.mentee.pk}"' in html
    for suggestion in stored.suggestions[:20]:
        assert f'value="{suggestion.mentor.pk}-{suggestion.mentee.pk}"' not in html
    # Each row's reasons add up to the score it shows.
    for suggestion in stored.suggestions:
        assert sum(r.points for r in suggestion.pair.reasons) == suggestion.pair.score
    assert len(mentors) == 23 and len(mentees) == 25


def test_propose_all_proposes_every_suggested_pair_not_only_the_first_page(
    client_for, leader, scheme
):
    for _ in range(22):
        MentorFactory(scheme=scheme, capacity=1)
        MenteeFactory(scheme=scheme)
    client = client_for(leader)
    url = reverse("mentoring:cohort", args=[scheme.slug])
    assert_page(client.get(url), "Suggested: 22 pairs")
    response = client.post(url, {"all": "yes"})
    assert response.status_code == 302
    assert Match.objects.filter(scheme=scheme).count() == 22


def test_a_mentor_who_has_made_the_move_is_preferred_and_the_leader_sees_why(
    client_for, leader, scheme
):
    from pathways.models import Role  # noqa: F401 - the roles are the career map's

    moved = MentorFactory(
        scheme=scheme,
        capacity=1,
        user=UserFactory(full_name="Dr Ama Mensah"),
        current_role="clinical-psychologist",
        past_roles=["assistant-psychologist"],
        region="east_of_england",
    )
    MentorFactory(
        scheme=scheme, capacity=1, user=UserFactory(full_name="Sam Other"), region="east_of_england"
    )
    mentee = MenteeFactory(
        scheme=scheme,
        current_role="assistant-psychologist",
        target_role="clinical-psychologist",
        region="east_of_england",
    )
    result = queries.cohort(scheme)
    assert [(s.mentor, s.mentee) for s in result.suggestions] == [(moved, mentee)]
    career = [r for r in result.suggestions[0].pair.reasons if r.factor == "career"]
    assert career[0].points == scheme.career_weight
    assert career[0].text.startswith("Has moved from")
    page = client_for(leader).get(reverse("mentoring:cohort", args=[scheme.slug]))
    assert "Has moved from" in page.content.decode()


def test_clashes_read_as_minus_points_on_a_mentees_ranked_mentors(client_for, leader, scheme):
    MentorFactory(scheme=scheme, region="north_west", meeting_mode="in_person")
    mentee = MenteeFactory(scheme=scheme, meeting_mode="online")
    url = reverse("mentoring:mentee-suggestions", args=[scheme.slug, mentee.pk])
    page = assert_page(client_for(leader).get(url), "Clash: different regions", "(-10)", "(-5)")
    assert "+-" not in page.content.decode()


def test_a_new_release_of_the_scoring_makes_the_stored_suggestion_stale(
    scheme, one_place, monkeypatch
):
    queries.cohort(scheme)
    assert queries.cohort(scheme).from_cache
    monkeypatch.setattr(queries, "VERSION", "another-release")
    assert not queries.cohort(scheme).from_cache
    assert SuggestionCache.objects.get(scheme=scheme).state.endswith(":another-release")
