"""The referral, workshop and mentoring services take "now" from config.clock: under
`clock.at(when)` what they write is dated `when` (the demo relies on it), and outside it, the
real time."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts import roles
from config import clock
from referrals import choices, services, submissions
from referrals.models import AuditEvent
from support import services as support_services
from tests.factories import UserFactory
from tests.referrals.factories import submission
from tests.support.factories import SessionFactory

pytestmark = pytest.mark.django_db

PAST = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def test_a_referral_made_and_triaged_in_the_past_is_dated_then_with_its_audit_trail():
    staff = UserFactory(roles=[roles.CAREERS_STAFF])
    with clock.at(PAST):
        referral = submissions.referral_submit(
            **submission(email="aisha@example.net"), source=choices.SELF_WEB
        )
    with clock.at(PAST + dt.timedelta(days=1)):
        referral = services.referral_triage(
            by=staff, referral=referral, version=referral.version, priority="routine"
        )
    assert referral.received_at == PAST and referral.triaged_at == PAST + dt.timedelta(days=1)
    assert [s.at for s in referral.steps.all()] == [PAST, PAST + dt.timedelta(days=1)]
    events = AuditEvent.objects.filter(referral=referral).order_by("at")
    assert [e.at for e in events] == [PAST, PAST + dt.timedelta(days=1)]

    before = timezone.now()
    now_made = submissions.referral_submit(
        **submission(email="grace@example.net"), source=choices.SELF_WEB
    )
    assert now_made.received_at >= before


def test_the_workshop_services_read_the_clock_when_no_now_is_given():
    session = SessionFactory(starts_at=PAST + dt.timedelta(days=20))
    staff = UserFactory(roles=[roles.CAREERS_STAFF])
    with pytest.raises(support_services.RuleBroken, match="already taken place"):
        support_services.booking_create(session=session, by=staff)
    with clock.at(PAST):
        booking = support_services.booking_create(session=session, by=staff)
    assert booking.created_at == PAST and booking.booked_at == PAST


def test_the_mentoring_services_date_a_match_s_life_by_the_clock(scheme_leader):
    from mentoring import services as mentoring_services
    from tests.mentoring.factories import MenteeFactory, MentorFactory, SchemeFactory

    scheme = SchemeFactory(leaders=[scheme_leader])
    mentor, mentee = MentorFactory(scheme=scheme), MenteeFactory(scheme=scheme)
    with clock.at(PAST):
        match = mentoring_services.match_propose(mentor=mentor, mentee=mentee, by=scheme_leader)
    with clock.at(PAST + dt.timedelta(days=1)):
        mentoring_services.match_respond(match=match, by=mentor.user, accept=True)
    with clock.at(PAST + dt.timedelta(days=2)):
        match = mentoring_services.match_respond(match=match, by=mentee.user, accept=True)
    assert match.proposed_at == PAST and match.mentee_accepted_at == PAST + dt.timedelta(days=2)
    assert match.started_on == dt.date(2026, 3, 4) and match.ends_on > match.started_on

    later = dt.date(2026, 3, 20)
    with (
        clock.at(PAST + dt.timedelta(days=10)),
        pytest.raises(mentoring_services.RuleBroken, match="once it has happened"),
    ):
        mentoring_services.meeting_log(
            match=match, by=mentee.user, met_on=later, duration_minutes=60, mode="online"
        )
    with clock.at(PAST + dt.timedelta(days=20)):
        meeting = mentoring_services.meeting_log(
            match=match, by=mentee.user, met_on=later, duration_minutes=60, mode="online"
        )
    assert meeting.created_at == PAST + dt.timedelta(days=20)

    before = timezone.now()
    match = mentoring_services.match_end(match=match, by=mentee.user, completed=True)
    assert match.ended_on == timezone.localdate(before)
    feedback = mentoring_services.feedback_give(
        match=match,
        by=mentee.user,
        ratings={"rating_goals": 5, "rating_relationship": 5, "rating_scheme": 4},
    )
    assert feedback.given_at >= before
