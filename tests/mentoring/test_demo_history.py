"""Every demo match came through the services: its status is one the workflow reaches, its
dates are in the past and in the order the rules give them, meetings and progress fall while
the match was active, feedback only once it had finished (after its meetings), and loading the
demo again leaves the same history (and no emails behind)."""

import pytest
from django.utils import timezone

from mentoring import demo, emails, workflow
from mentoring.models import (
    Concern,
    Enquiry,
    Feedback,
    Match,
    MatchStatus,
    Meeting,
    Participant,
    ProgressUpdate,
    SchemeProposal,
)
from outbox.models import Email

pytestmark = pytest.mark.django_db

MODELS = (
    Participant,
    Match,
    Meeting,
    ProgressUpdate,
    Feedback,
    Concern,
    Enquiry,
    SchemeProposal,
)


def _history():
    return [model.objects.count() for model in MODELS] + [
        sorted(Match.objects.values_list("mentee__user__email", "status", "mentor_slot"))
    ]


def _live_from(match):
    """The moment the match became active: the later of the two acceptances."""
    return max(match.mentor_accepted_at, match.mentee_accepted_at)


def test_the_demo_matches_have_the_history_the_rules_give_them():
    demo.load()
    first = _history()
    demo.load()
    assert _history() == first
    assert not Email.objects.filter(category__in=demo.DEMO_EMAIL_CATEGORIES).exists()
    assert emails.STEPS in demo.DEMO_EMAIL_CATEGORIES

    now, today = timezone.now(), timezone.localdate()
    matches = list(Match.objects.select_related("mentor", "mentee", "scheme"))
    expected = {(m[1], m[2], m[4]) for m in demo.MATCHES}
    assert {(m.mentee.user.email, m.status, m.mentor_slot) for m in matches} == expected
    for match in matches:
        who = match.mentee.user.email
        assert match.status in workflow.MATCH_LABELS, who
        assert match.mentee.applied_at < match.proposed_at <= now, who
        assert match.mentor.preparation_completed_on <= timezone.localdate(match.proposed_at)
        assert match.proposed_by.email == "leader@example.org"
        accepted = [at for at in (match.mentor_accepted_at, match.mentee_accepted_at) if at]
        assert all(match.proposed_at < at <= now for at in accepted), who
        if match.status in (MatchStatus.PROPOSED, MatchStatus.DECLINED):
            assert match.started_on is None and match.ended_on is None, who
            assert len(accepted) < 2, who
            assert bool(match.declined_by) == (match.status == MatchStatus.DECLINED), who
            continue
        assert len(accepted) == 2, who
        assert match.started_on == timezone.localdate(_live_from(match)), who
        assert match.ends_on > match.started_on
        finished = match.status in workflow.FINISHED
        assert (match.ended_on is not None) == finished, who
        assert match.started_on < (match.ended_on or today) <= today, who

        last_day = match.ended_on or today
        meetings = list(Meeting.objects.filter(match=match))
        assert meetings, who
        for meeting in meetings:
            assert match.started_on <= meeting.met_on <= last_day, who
            assert timezone.localdate(meeting.created_at) == meeting.met_on
            assert meeting.logged_by in (match.mentor.user, match.mentee.user)
        for update in ProgressUpdate.objects.filter(match=match):
            assert _live_from(match) <= update.created_at <= now, who
            assert timezone.localdate(update.created_at) <= last_day, who
        for concern in Concern.objects.filter(match=match):
            assert match.proposed_at <= concern.raised_at <= now, who
        for feedback in Feedback.objects.filter(match=match):
            assert finished, who
            assert timezone.localdate(feedback.given_at) >= match.ended_on, who
            assert all(feedback.given_at > m.created_at for m in meetings), who
            assert feedback.given_at <= now

    # Feedback only on finished matches, meetings only on matches that were active.
    assert not Feedback.objects.exclude(match__status__in=workflow.FINISHED).exists()
    assert not Meeting.objects.filter(match__started_on__isnull=True).exists()
    assert Feedback.objects.count() == 3 and Concern.objects.count() == 1

    for enquiry in Enquiry.objects.all():
        assert enquiry.sent_at <= now and enquiry.due_on > timezone.localdate(enquiry.sent_at)
        if enquiry.answered_at:
            assert enquiry.sent_at < enquiry.answered_at <= now
    assert Enquiry.objects.filter(due_on__lt=today, answered_at__isnull=True).exists()
    proposal = SchemeProposal.objects.get()
    assert proposal.status == "submitted" and proposal.submitted_at < now


def test_the_demo_schemes_were_set_up_by_the_admin_and_opened_by_their_leaders():
    from mentoring.models import Scheme

    demo.load()
    first_application = Participant.objects.order_by("applied_at").first().applied_at
    for scheme in Scheme.objects.prefetch_related("leaders"):
        assert scheme.created_at < first_application
        assert scheme.status == "open"
        assert [leader.in_group("Scheme leaders") for leader in scheme.leaders.all()] == [True]
    ppn = Scheme.objects.get(slug=demo.PPN)
    assert (ppn.match_length_months, ppn.default_mentor_capacity, ppn.minimum_score) == (12, 2, 40)
    assert Scheme.objects.get(slug=demo.FORENSIC).match_length_months == 9
