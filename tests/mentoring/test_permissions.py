"""Every mentoring page for each kind of visitor: a leader of this scheme, a leader of another
scheme, a participant (the mentee in the match), another member, and an anonymous visitor.
Records the visitor may not see answer 404 (they are not in the visitor's queryset); pages the
visitor may not use answer 403; anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import concerns
from mentoring.models import MatchStatus
from tests.mentoring.factories import (
    MatchFactory,
    MenteeFactory,
    SchemeFactory,
    proposal_submitted,
)

pytestmark = pytest.mark.django_db

ACTORS = ["leader", "other_leader", "participant", "outsider", "anonymous"]


def _match_in_a_scheme_of_its_own(slug, leader, member, **match):
    """A match with `member` as the mentee, in a new scheme led by `leader`."""
    scheme = SchemeFactory(name=f"{slug.title()} scheme", slug=slug, leaders=[leader])
    return MatchFactory(scheme=scheme, mentee=MenteeFactory(scheme=scheme, user=member), **match)


@pytest.fixture
def world(scheme, other_scheme, leader, other_leader, mentor, mentee, outsider, member):
    """A scheme with a proposed, an active and a completed match, a query, a concern, a
    proposal; and the other scheme, led by someone else."""
    proposed = MatchFactory(scheme=scheme, mentor=mentor, mentee=mentee)
    # One active application per role per scheme: the member's active and finished matches
    # are in two more schemes led by the same leader.
    today = timezone.localdate()
    active = _match_in_a_scheme_of_its_own(
        "second", leader, member, status=MatchStatus.ACTIVE, started_on=today, ends_on=today
    )
    finished = _match_in_a_scheme_of_its_own(
        "third", leader, member, status=MatchStatus.COMPLETED, ended_on=today
    )
    enquiry = concerns.enquiry_send(scheme=scheme, by=member, subject="Rooms", message="?")
    concern = concerns.concern_raise(match=proposed, by=member, description="Worried")
    proposal = proposal_submitted(outsider, name="New scheme")
    return {
        "scheme": scheme,
        "proposed": proposed,
        "active": active,
        "finished": finished,
        "enquiry": enquiry,
        "concern": concern,
        "proposal": proposal,
        "mentor": mentor,
        "mentee": mentee,
    }


@pytest.fixture
def visit(client, leader, other_leader, member, outsider):
    users = {
        "leader": leader,
        "other_leader": other_leader,
        "participant": member,
        "outsider": outsider,
        "anonymous": None,
    }

    def go(actor, url, method="get"):
        client.logout()
        if users[actor]:
            client.force_login(users[actor])
        return getattr(client, method)(url)

    return go


def code(response):
    if response.status_code == 302 and "/accounts/sign-in/" in response["Location"]:
        return "login"
    return response.status_code


S = "ppn"
# (name, args from the world, expected for leader, other_leader, participant, outsider, anonymous)
PAGES = [
    ("index", lambda w: [], (200, 200, 200, 200, 200)),
    ("scheme-detail", lambda w: [S], (200, 200, 200, 200, 200)),
    ("apply", lambda w: [S, "mentor"], (200, 200, 200, 200, "login")),
    ("mine", lambda w: [], (200, 200, 200, 200, "login")),
    ("proposal-create", lambda w: [], (200, 200, 200, 200, "login")),
    ("proposal-list", lambda w: [], (200, 200, 200, 200, "login")),
    ("proposal-detail", lambda w: [w["proposal"].pk], (404, 404, 404, 200, "login")),
    ("participant-detail", lambda w: [w["mentee"].pk], (200, 404, 200, 404, "login")),
    ("participant-preparation", lambda w: [w["mentor"].pk], (200, 404, 404, 404, "login")),
    ("participant-withdraw", lambda w: [w["mentee"].pk], (200, 404, 200, 404, "login")),
    ("match-detail", lambda w: [w["proposed"].pk], (200, 404, 200, 404, "login")),
    ("match-respond", lambda w: [w["proposed"].pk], (403, 404, 200, 404, "login")),
    ("match-meeting", lambda w: [w["active"].pk], (403, 404, 200, 404, "login")),
    ("match-progress", lambda w: [w["active"].pk], (403, 404, 200, 404, "login")),
    ("match-extend", lambda w: [w["active"].pk], (403, 404, 200, 404, "login")),
    ("match-end", lambda w: [w["active"].pk], (200, 404, 200, 404, "login")),
    ("match-feedback", lambda w: [w["finished"].pk], (403, 404, 200, 404, "login")),
    ("match-concern", lambda w: [w["proposed"].pk], (403, 404, 200, 404, "login")),
    ("enquiry-detail", lambda w: [w["enquiry"].pk], (200, 404, 200, 404, "login")),
    ("enquiry-create", lambda w: [S], (403, 403, 200, 403, "login")),
    ("scheme-manage", lambda w: [S], (200, 403, 403, 403, "login")),
    ("dashboard-csv", lambda w: [S], (200, 403, 403, 403, "login")),
    ("scheme-edit", lambda w: [S], (200, 403, 403, 403, "login")),
    ("participant-list", lambda w: [S], (200, 403, 403, 403, "login")),
    ("match-list", lambda w: [S], (200, 403, 403, 403, "login")),
    ("cohort", lambda w: [S], (200, 403, 403, 403, "login")),
    ("mentee-suggestions", lambda w: [S, w["mentee"].pk], (200, 403, 403, 403, "login")),
    ("enquiry-list", lambda w: [S], (200, 403, 403, 403, "login")),
    ("concern-list", lambda w: [S], (200, 403, 403, 403, "login")),
    ("concern-detail", lambda w: [S, w["concern"].pk], (200, 403, 403, 403, "login")),
    ("breach-list", lambda w: [S], (200, 403, 403, 403, "login")),
    ("breach-create", lambda w: [S], (200, 403, 403, 403, "login")),
]


@pytest.mark.parametrize(("name", "args", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_answers_each_kind_of_visitor_as_it_should(world, visit, name, args, expected):
    url = reverse(f"mentoring:{name}", args=args(world))
    got = tuple(code(visit(actor, url)) for actor in ACTORS)
    assert got == expected


# POST-only and POST actions: who may change things.
POSTS = [
    ("participant-availability", lambda w: [w["mentor"].pk], (302, 404, 404, 404, "login")),
    ("proposal-detail", lambda w: [w["proposal"].pk], (404, 404, 404, 403, "login")),
    # The leader's empty POST proposes nothing: the page again, with "Choose at least one".
    ("cohort", lambda w: [S], (200, 403, 403, 403, "login")),
    ("breach-create", lambda w: [S], (200, 403, 403, 403, "login")),
    ("match-respond", lambda w: [w["proposed"].pk], (403, 404, 200, 404, "login")),
    # The member's match there is active with no extension asked for: refused on its page.
    ("match-extension-agree", lambda w: [w["active"].pk], (403, 404, 200, 404, "login")),
]


@pytest.mark.parametrize(("name", "args", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_changes_are_refused_to_visitors_without_the_right(world, visit, name, args, expected):
    url = reverse(f"mentoring:{name}", args=args(world))
    got = tuple(code(visit(actor, url, "post")) for actor in ACTORS)
    assert got == expected


def test_admins_see_every_schemes_pages_and_records(world, client_for, superuser):
    client = client_for(superuser)
    for url in (
        reverse("mentoring:scheme-manage", args=[S]),
        reverse("mentoring:cohort", args=[S]),
        reverse("mentoring:match-detail", args=[world["proposed"].pk]),
        reverse("mentoring:participant-detail", args=[world["mentee"].pk]),
        reverse("mentoring:proposal-detail", args=[world["proposal"].pk]),
        reverse("mentoring:enquiry-detail", args=[world["enquiry"].pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_unknown_ids_and_schemes_answer_the_404_page(client_for, leader):
    client = client_for(leader)
    for url in (
        reverse("mentoring:scheme-detail", args=["no-such-scheme"]),
        reverse("mentoring:scheme-manage", args=["no-such-scheme"]),
        reverse("mentoring:match-detail", args=[999999]),
        reverse("mentoring:participant-detail", args=[999999]),
        reverse("mentoring:apply", args=["no-such-scheme", "mentee"]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Page not found" in response.content


def test_applying_in_an_unknown_role_is_not_found(client_for, member, scheme):
    assert client_for(member).get(f"/mentoring/{scheme.slug}/apply/leader/").status_code == 404
