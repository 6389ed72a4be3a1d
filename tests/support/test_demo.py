import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from support.models import Booking, Feedback, Resource, Session, Workshop

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def demo(whole_demo):
    """`manage.py load_demo` has been run (its copy restored: tests/snapshots.py); a test's
    own changes (a second load) are rolled back with the test."""


def test_the_demo_loads_past_and_future_workshops_and_sourced_resources_and_is_idempotent(demo):
    counts = (Workshop.objects.count(), Session.objects.count(), Booking.objects.count())

    now = timezone.now()
    assert Session.objects.filter(starts_at__lt=now).exists()
    assert Session.objects.filter(starts_at__gt=now).exists()
    assert Booking.objects.filter(status="waiting").exists()
    # A place given up on the full session went to the first person waiting.
    given_up = Booking.objects.get(status="cancelled")
    passed_on = given_up.session.bookings.filter(status="booked").order_by("-booked_at").first()
    assert passed_on.booked_at == given_up.cancelled_at > passed_on.created_at
    assert Booking.objects.filter(attended=False).exists() and Feedback.objects.count() > 10
    assert Booking.objects.filter(user__email="member@example.org").count() == 2
    links = Resource.objects.filter(kind="link")
    assert links.count() >= 10 and all(r.url.startswith("https://") and r.checked_on for r in links)
    hosts = {r.url.split("/")[2] for r in links}
    assert {"www.rcpsych.ac.uk", "www.bps.org.uk", "www.babcp.com", "www.hee.nhs.uk"} <= hosts
    assert "www.healthcareers.nhs.uk" in hosts
    document = Resource.objects.get(kind="document")
    assert bytes(document.document).startswith(b"%PDF-") and b"%%EOF" in bytes(document.document)
    assert Resource.objects.due_for_review().exists()
    load_demo()
    assert counts == (Workshop.objects.count(), Session.objects.count(), Booking.objects.count())


def test_the_demo_workshops_keep_the_rules_the_services_enforce(demo):
    """Made through support/services.py: no session over capacity and a waiting list only on
    a full one, one place per person among a workshop's dates to come, bookings on the
    restricted workshop from people it is for, feedback only from people who came, after the
    session, asked for by the schedule; and no demo email left in the outbox."""
    from outbox.models import Email
    from support import services

    now = timezone.now()
    for session in Session.objects.with_counts().select_related("workshop"):
        assert session.booked_count <= session.capacity
        if session.waiting_count:
            assert session.booked_count == session.capacity
        assert session.booking_closes_at < session.starts_at
    ahead = Booking.objects.filter(status__in=Booking.ACTIVE, session__starts_at__gt=now)
    pairs = list(ahead.values_list("user_id", "workshop_id"))
    assert len(pairs) == len(set(pairs))
    restricted = Workshop.objects.get(slug="applying-for-specialty-training")
    assert restricted.is_restricted()
    for booking in Booking.objects.filter(workshop=restricted):
        audience = services.Audience(booking.profession, booking.grade, booking.region)
        assert services.eligibility_problems(restricted, audience) == {}
    for feedback in Feedback.objects.select_related("booking__session"):
        booking = feedback.booking
        assert booking.attended is True and booking.feedback_requested_at is not None
        assert booking.session.ends_at <= feedback.submitted_at <= now
    for booking in Booking.objects.filter(attended__isnull=False):
        assert booking.session.starts_at <= now and booking.created_at < booking.session.starts_at
    assert not Email.objects.filter(category__startswith="support.").exists()


def test_the_demo_workshops_and_resources_are_written_by_the_careers_teams_services(demo):
    """Made by `workshop_create` and `resource_create` (the pages' services), the workshops
    dated before their first session."""
    first = Session.objects.order_by("starts_at").first()
    assert Workshop.objects.count() == 4
    assert all(w.created_at < first.starts_at for w in Workshop.objects.all())
    assert Resource.objects.filter(kind="document", document_name__endswith=".pdf").exists()
