"""What each person sees about a match is built only from what that person may see.

A mentor's characteristics reach a mentee only if the mentor chose to share them; a mentee's
reach the mentor only if the mentee chose to. Checked for every combination of the
characteristics a mentee asks for and a mentor holds (pure, below), and on the match page for
the mentee, the mentor, the scheme's leader and another member, for proposed, active and
declined matches."""

import itertools

import pytest
from django.urls import reverse

from mentoring import matching, queries, vocab
from tests.factories import UserFactory
from tests.mentoring import profiles
from tests.mentoring.factories import MatchFactory, MenteeFactory, MentorFactory

CODES = [code for code, _ in vocab.CHARACTERISTICS]
LABELS = dict(vocab.CHARACTERISTICS)
SUBSETS = [
    frozenset(combo)
    for size in range(len(CODES) + 1)
    for combo in itertools.combinations(CODES, size)
]
VIEWERS = ["mentee", "mentor", "leader", "other"]


def _pair(asked, held):
    mentor = profiles.mentor(topics=frozenset(), characteristics=held)
    mentee = profiles.mentee(2, mode=vocab.ONLINE, topics=frozenset(), wanted_characteristics=asked)
    return [reason.as_dict() for reason in matching.score_pair(mentor, mentee).reasons]


def _view(reasons, viewer, mentor_shares, mentee_shares):
    return matching.reasons_visible(
        reasons,
        is_leader=viewer == "leader",
        side={"mentee": vocab.MENTEE, "mentor": vocab.MENTOR}.get(viewer),
        mentor_shares=mentor_shares,
        mentee_shares=mentee_shares,
    )


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("mentor_shares", [False, True])
@pytest.mark.parametrize("mentee_shares", [False, True])
def test_every_combination_of_asked_and_held_characteristics(viewer, mentor_shares, mentee_shares):
    may_see_mentor = viewer in ("leader", "mentor") or (viewer == "mentee" and mentor_shares)
    may_see_mentee = viewer in ("leader", "mentee") or (viewer == "mentor" and mentee_shares)
    for asked in SUBSETS:
        for held in SUBSETS:
            reasons = _pair(asked, held)
            seen = _view(reasons, viewer, mentor_shares, mentee_shares)
            text = " ".join(reason["text"] for reason in seen)
            named = {code for code in CODES if LABELS[code] in text}
            characteristic = [r for r in seen if r["factor"] == "characteristic"]
            # Whatever is shown is exactly what the pair's reasons say...
            assert all(r in reasons for r in seen)
            # ...and names nothing the viewer may not see.
            if not (may_see_mentor and may_see_mentee):
                assert not characteristic, (viewer, asked, held)
                assert not named, (viewer, asked, held)
            elif asked:
                assert characteristic and named == asked & held, (viewer, asked, held)


# --- The match page -----------------------------------------------------------------------

ALL = list(CODES)


@pytest.fixture
def people(db, scheme, leader):
    mentor = MentorFactory(scheme=scheme, user=UserFactory(), characteristics=ALL)
    mentee = MenteeFactory(
        scheme=scheme, user=UserFactory(), characteristics=ALL, wanted_shared=ALL
    )
    return {"mentor": mentor, "mentee": mentee, "leader": leader, "other": UserFactory()}


def _match(people, status, mentor_shares, mentee_shares):
    mentor, mentee = people["mentor"], people["mentee"]
    mentor.share_with_mentee, mentee.share_with_mentor = mentor_shares, mentee_shares
    mentor.save()
    mentee.save()
    pair = matching.score_pair(queries.mentor_profile(mentor), queries.mentee_profile(mentee))
    return MatchFactory(
        scheme=mentor.scheme,
        mentor=mentor,
        mentee=mentee,
        status=status,
        score=pair.score,
        reasons=[reason.as_dict() for reason in pair.reasons],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["proposed", "active", "declined"])
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("mentor_shares", [False, True])
@pytest.mark.parametrize("mentee_shares", [False, True])
def test_the_match_page_shows_characteristics_only_to_those_who_may_see_them(
    client, people, status, viewer, mentor_shares, mentee_shares
):
    match = _match(people, status, mentor_shares, mentee_shares)
    user = people[viewer] if viewer in ("leader", "other") else people[viewer].user
    client.force_login(user)
    response = client.get(reverse("mentoring:match-detail", args=[match.pk]))
    if viewer == "other":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode().replace("&#43;", "+")
    reason_shown = "Shares what the mentee asked for" in page
    mentor_block = "About the mentor (shared privately)" in page
    if viewer == "leader":
        assert reason_shown and mentor_block and "out of 100" in page
    elif viewer == "mentee":
        assert reason_shown == mentor_block == mentor_shares
        if not mentor_shares:
            # The mentee's own answers are theirs to see; nothing says what the mentor holds.
            assert "out of 100" not in page
    else:
        assert reason_shown == mentee_shares
        assert ("About the mentee (shared privately)" in page) == mentee_shares


@pytest.mark.django_db
def test_a_mentee_learns_nothing_of_a_mentor_who_holds_none_of_what_they_asked(client, people):
    """ "Does not share the characteristic" would tell the mentee about the mentor too."""
    people["mentor"].characteristics = []
    match = _match(people, "proposed", False, True)
    client.force_login(people["mentee"].user)
    page = client.get(reverse("mentoring:match-detail", args=[match.pk])).content.decode()
    assert "Does not share" not in page and "Shares what" not in page


@pytest.mark.django_db
def test_mentors_choose_to_share_on_their_application_and_it_is_off_by_default(
    client, scheme, member
):
    client.force_login(member)
    url = reverse("mentoring:apply", args=[scheme.slug, "mentor"])
    page = client.get(url).content.decode()
    assert "Share what I ticked about myself with my mentees" in page
    assert 'name="share_with_mentee" checked' not in page
    mentee_page = client.get(reverse("mentoring:apply", args=[scheme.slug, "mentee"]))
    assert "share_with_mentee" not in mentee_page.content.decode()
