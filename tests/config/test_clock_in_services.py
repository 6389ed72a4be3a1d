"""The referral and workshop services take "now" from config.clock: under `clock.at(when)`
what they write is dated `when` (the demo relies on it), and outside it, the real time."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts import roles
from config import clock
from referrals import choices, services
from referrals.models import AuditEvent
from support import services as support_services
from tests.factories import UserFactory
from tests.support.factories import SessionFactory

pytestmark = pytest.mark.django_db

PAST = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _submission(email):
    return services.Submission(
        name="Aisha Rahman",
        email=email,
        grade="foundation",
        region="london",
        reasons=["direction"],
        help_wanted="Psychiatry or general practice?",
        preferred_contact="email",
        privacy_consent=True,
    )


def test_a_referral_made_and_triaged_in_the_past_is_dated_then_with_its_audit_trail():
    staff = UserFactory(roles=[roles.CAREERS_STAFF])
    with clock.at(PAST):
        referral = services.referral_submit(
            submission=_submission("aisha@example.net"), source=choices.SELF_WEB
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
    now_made = services.referral_submit(
        submission=_submission("grace@example.net"), source=choices.SELF_WEB
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
