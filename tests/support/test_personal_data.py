"""A member's workshop bookings and feedback are in their data download, and deleting the
account gives up their places to come (to the next person waiting) and removes their words."""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.models import Email
from support.models import Booking, Feedback
from tests.factories import PASSWORD, UserFactory
from tests.responses import assert_page
from tests.support.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(member):
    past = SessionFactory(starts_at=timezone.now() - dt.timedelta(days=7))
    booking = BookingFactory(session=past, user=member, attended=True, profession="psychology")
    Feedback.objects.create(booking=booking, rating=4, comments="The panel on interviews helped me")
    return booking


def test_the_data_download_holds_the_members_bookings_and_feedback(client_for, member, attended):
    BookingFactory(user=member, status=Booking.Status.WAITING, booked_at=None)
    client = client_for(member)
    data = json.loads(client.get(reverse("accounts:data-download", args=["json"])).content)
    bookings = {b["status"]: b for b in data["workshop_bookings"]}
    assert set(bookings) == {"Booked", "On the waiting list"}
    assert bookings["Booked"]["workshop"] == attended.session.workshop.title
    assert bookings["Booked"]["attended"] == "yes"
    assert bookings["Booked"]["profession"] != ""
    [feedback] = data["workshop_feedback"]
    assert feedback["rating"] == "Useful"
    assert feedback["comments"] == "The panel on interviews helped me"
    csv = client.get(reverse("accounts:data-download", args=["csv"])).content.decode()
    assert "workshop_feedback,1,comments,The panel on interviews helped me" in csv


def test_another_members_bookings_are_not_in_the_download(client_for, member, attended):
    other = UserFactory()
    data = json.loads(
        client_for(other).get(reverse("accounts:data-download", args=["json"])).content
    )
    assert data["workshop_bookings"] == [] and data["workshop_feedback"] == []


def test_deleting_the_account_gives_up_places_to_come_and_removes_feedback_words(
    client_for, member, careers_staff, attended
):
    to_come = SessionFactory(capacity=1)
    place = BookingFactory(session=to_come, user=member)
    waiting = BookingFactory(session=to_come, status=Booking.Status.WAITING, booked_at=None)
    response = client_for(member).post(
        reverse("accounts:account-delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    place.refresh_from_db()
    waiting.refresh_from_db()
    assert place.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.BOOKED  # the next person waiting has the place
    assert Email.objects.filter(to=waiting.user.email, subject__startswith="Booked").exists()
    attended.refresh_from_db()
    assert attended.status == Booking.Status.BOOKED and attended.attended  # kept for figures
    assert attended.feedback.rating == 4
    assert "interviews" not in attended.feedback.comments
    # Careers staff see the past session's list without the old address.
    session_page = client_for(careers_staff).get(
        reverse("support:session-detail", args=[attended.session.pk])
    )
    assert_page(session_page, "A deleted account")
    assert "deleted.invalid" not in session_page.content.decode()
    attendance = client_for(careers_staff).get(
        reverse("support:attendance", args=[attended.session.pk])
    )
    assert_page(attendance, "A deleted account")
    assert "deleted.invalid" not in attendance.content.decode()


def test_a_deleted_account_left_waiting_on_a_past_session_is_not_shown_by_its_old_address(
    client_for, member, careers_staff
):
    past = SessionFactory(starts_at=timezone.now() - dt.timedelta(days=7))
    BookingFactory(session=past, user=member, status=Booking.Status.WAITING, booked_at=None)
    client_for(member).post(
        reverse("accounts:account-delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    page = client_for(careers_staff).get(reverse("support:session-detail", args=[past.pk]))
    assert_page(page, "Waiting list (1)", "A deleted account")
    assert "deleted.invalid" not in page.content.decode()


def test_the_privacy_notice_says_what_the_workshops_keep_and_what_deletion_does(client):
    page = client.get(reverse("privacy"))
    assert_page(page, "whether you came, and any feedback you give")
    assert "places on workshops to come are given up" in page.content.decode()


def test_a_session_that_starts_while_the_account_is_deleted_does_not_stop_the_deletion(
    client_for, member, monkeypatch
):
    starting = SessionFactory(starts_at=timezone.now() + dt.timedelta(seconds=1))
    place = BookingFactory(session=starting, user=member)
    # The deletion looks for places to come a moment before the session starts, and cancels
    # them after: the cancellation is refused, and the deletion goes on.
    moment_before = starting.starts_at - dt.timedelta(minutes=1)
    monkeypatch.setattr("support.personal_data.clock", SimpleNamespace(now=lambda: moment_before))
    monkeypatch.setattr("config.clock.now", lambda: starting.starts_at)
    response = client_for(member).post(
        reverse("accounts:account-delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    place.refresh_from_db()
    assert member.deleted_at and place.status == Booking.Status.BOOKED
