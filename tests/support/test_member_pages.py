"""A member's own workshop pages as they use them: their bookings (coming up, past and
cancelled), cancelling, feedback, booking a workshop's next date, and the way there from the
account page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from support.models import Booking, Feedback
from tests.responses import assert_page
from tests.support.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_a_place_on_a_date_that_has_passed_does_not_stop_booking_the_next(client, person):
    now = timezone.now()
    past = SessionFactory(
        starts_at=now - dt.timedelta(days=20), booking_closes_at=now - dt.timedelta(days=21)
    )
    BookingFactory(session=past, user=person, attended=True)
    SessionFactory(workshop=past.workshop)
    client.force_login(person)
    response = client.get(reverse("support:workshop-detail", args=[past.workshop.slug]))
    body = response.content.decode()
    assert "You have a place on" not in body
    assert "Book a place" in body and 'name="session"' in body


def test_my_bookings_does_not_link_to_a_workshop_taken_off_the_site(client, person):
    booking = BookingFactory(user=person, session__workshop__is_published=False)
    workshop = booking.session.workshop
    client.force_login(person)
    body = client.get(reverse("support:my-bookings")).content.decode()
    assert workshop.title in body
    assert f'href="{workshop.get_absolute_url()}"' not in body
    assert client.get(workshop.get_absolute_url()).status_code == 404


def test_my_bookings_lists_what_is_coming_up_soonest_first(client, person):
    now = timezone.now()
    later = BookingFactory(user=person, session__starts_at=now + dt.timedelta(days=30))
    sooner = BookingFactory(user=person, session__starts_at=now + dt.timedelta(days=3))
    client.force_login(person)
    body = client.get(reverse("support:my-bookings")).content.decode()
    assert body.index(f'id="booking-{sooner.pk}"') < body.index(f'id="booking-{later.pk}"')


def test_the_feedback_link_opened_again_after_giving_feedback_says_so_without_a_form(
    client, person
):
    now = timezone.now()
    booking = BookingFactory(
        user=person,
        attended=True,
        session__starts_at=now - dt.timedelta(days=2),
        session__booking_closes_at=now - dt.timedelta(days=3),
    )
    Feedback.objects.create(booking=booking, rating=5)
    client.force_login(person)
    response = client.get(reverse("support:feedback", args=[booking.pk]), follow=True)
    assert_page(response, "You have already given feedback on this session. Thank you.")
    assert response.redirect_chain[-1][0] == reverse("support:my-bookings")
    assert 'name="rating"' not in response.content.decode()


def test_cancelling_a_waiting_list_place_does_not_speak_of_giving_up_a_place(client, person):
    waiting = BookingFactory(user=person, status=Booking.Status.WAITING, booked_at=None)
    client.force_login(person)
    response = client.get(reverse("support:booking-cancel", args=[waiting.pk]))
    assert_page(response, "Cancel your waiting-list place", "Cancel my waiting-list place")
    assert "your place goes to them" not in response.content.decode()
    booked = BookingFactory(user=person)
    response = client.get(reverse("support:booking-cancel", args=[booked.pk]))
    assert_page(response, "Cancel my place", "If someone is waiting, your place goes to them.")


def test_my_bookings_says_what_became_of_a_past_waiting_list_place(client, person):
    now = timezone.now()
    BookingFactory(
        user=person,
        status=Booking.Status.WAITING,
        booked_at=None,
        session__starts_at=now - dt.timedelta(days=5),
        session__booking_closes_at=now - dt.timedelta(days=6),
    )
    client.force_login(person)
    response = client.get(reverse("support:my-bookings"))
    assert_page(response, "No place came free")
    assert "On the waiting list" not in response.content.decode()


def test_a_session_under_way_offers_no_cancel_link(client, person):
    now = timezone.now()
    booking = BookingFactory(
        user=person,
        session__starts_at=now - dt.timedelta(minutes=30),
        session__booking_closes_at=now - dt.timedelta(days=1),
    )
    client.force_login(person)
    response = client.get(reverse("support:my-bookings"))
    assert_page(response, "The session has started.")
    assert reverse("support:booking-cancel", args=[booking.pk]) not in response.content.decode()


def test_the_account_page_leads_to_the_members_mentoring_and_workshop_bookings(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:account"))
    assert_page(response, "Your workshop bookings")
    body = response.content.decode()
    assert f'href="{reverse("support:my-bookings")}"' in body
    assert f'href="{reverse("mentoring:mine")}"' in body
