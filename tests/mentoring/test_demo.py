"""The demo data loads, twice without duplicates, and shows the feature working."""

import pytest

from mentoring import demo, queries
from mentoring.models import Match, Participant, Scheme

pytestmark = pytest.mark.django_db


def test_the_demo_loads_idempotently_with_matches_in_every_state(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    counts = (Scheme.objects.count(), Participant.objects.count(), Match.objects.count())
    demo.load()
    assert (Scheme.objects.count(), Participant.objects.count(), Match.objects.count()) == counts
    ppn = Scheme.objects.get(slug=demo.PPN)
    assert [u.email for u in ppn.leaders.all()] == ["leader@example.org"]
    assert set(Match.objects.values_list("status", flat=True)) == {
        "proposed",
        "active",
        "declined",
        "completed",
        "ended_early",
    }
    member_match = Match.objects.get(mentee__user__email="member@example.org")
    assert member_match.status == "active"
    forensic = Scheme.objects.get(slug=demo.FORENSIC)
    assert [u.email for u in forensic.leaders.all()] == ["forensic-leader@example.org"]
    cohort = queries.cohort(ppn)
    assert cohort.suggestions and cohort.total >= cohort.greedy_total
    # A pair that did not work out is never suggested again.
    assert ("Tomasz Nowak", "Cerys Jones") not in {
        (str(s.mentor.user), str(s.mentee.user)) for s in cohort.suggestions
    }


def test_the_match_cohort_command_shows_and_proposes_the_suggestions(scheme, leader):
    from io import StringIO

    from django.core.management import call_command

    from tests.mentoring.factories import MenteeFactory, MentorFactory

    MentorFactory(scheme=scheme, capacity=2)
    MenteeFactory(scheme=scheme)
    MenteeFactory(scheme=scheme)
    out = StringIO()
    call_command("match_cohort", scheme.slug, stdout=out)
    assert "2 pairs" in out.getvalue() and not Match.objects.exists()
    call_command("match_cohort", scheme.slug, propose_as=leader.email, stdout=out)
    assert "Proposed 2; refused 0" in out.getvalue()
    assert Match.objects.filter(status="proposed").count() == 2


def test_the_demo_has_members_with_target_roles_and_a_mentor_who_has_made_the_move(
    settings, career_map_copy
):
    from tests import snapshots

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    snapshots.restore(career_map_copy)  # what pathways' demo loads (tests/snapshots.py)
    demo.load()
    aiming = Participant.objects.filter(role="mentee").exclude(target_role="")
    assert aiming.count() >= 2
    match = Match.objects.get(mentee__user__email="member@example.org")
    career = [r for r in match.reasons if r["factor"] == "career"]
    assert career and career[0]["text"].startswith("Has moved from Assistant psychologist")


def test_the_demo_has_guidance_for_both_audiences_and_a_mentor_community(settings):
    from mentoring.models import CommunityPost, GuidanceVersion

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    demo.load()  # once only
    ppn = Scheme.objects.get(slug=demo.PPN)
    versions = GuidanceVersion.objects.filter(scheme=ppn)
    assert set(versions.values_list("audience", flat=True)) == {"mentor", "mentee"}
    assert GuidanceVersion.objects.current(ppn, "mentee", "apply").version == 2
    assert versions.count() == 7
    threads = CommunityPost.objects.filter(scheme=ppn).threads()
    assert {post.kind for post in threads} == {"announcement", "discussion"}
    assert sum(post.reply_count for post in threads) == 3
