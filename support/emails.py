"""The emails of workshops, written to the outbox by the services in their own transaction and
composed as every email is (accounts.mail: text and HTML, the careers team's sign-off), with the
links people need (the calendar file, their bookings, the feedback form) as full addresses. The
reminder and the feedback request are the ones a member may turn off."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts import mail
from support.models import Booking, Session


def _link(name: str, *args) -> str:
    return mail.absolute(reverse(name, args=args))


def when(session: Session) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return f"{start:%A %-d %B %Y, %H:%M} to {end:%H:%M} (UK time)"


def _where(session: Session) -> str:
    if session.is_online:
        return "Online: the joining link is on your bookings page."
    text = f"In person: {session.place}"
    if session.access_note:
        text += f"\nAccess: {session.access_note}"
    return text


def _send(booking: Booking, subject: str, body: str, category: str, key: str | None = None):
    """The email to the booker: their greeting, `body` (paragraphs between blank lines), the
    team's sign-off; unless they turned its category off."""
    mail.send_to_user(
        booking.user,
        subject=subject,
        paragraphs=[f"Dear {booking.user.full_name or booking.user.email},", *body.split("\n\n")],
        from_careers_team=True,
        category=category,
        key=key,
    )


def booked(booking: Booking, *, from_waiting_list: bool = False) -> None:
    session = booking.session
    title = session.workshop.title
    opening = (
        f"A place has come free and it is yours: you are now booked on {title}."
        if from_waiting_list
        else f"Your place on {title} is booked."
    )
    _send(
        booking,
        f"Booked: {title}, {timezone.localtime(session.starts_at):%-d %B %Y}",
        f"{opening}\n\nWhen: {when(session)}\n{_where(session)}\n\n"
        f"Add it to your calendar (an .ics file): "
        f"{_link('support:booking-calendar', booking.pk)}\n"
        f"See or cancel your bookings: {_link('support:my-bookings')}\n\n"
        "If you cannot come, please cancel so that someone on the waiting list can have the "
        "place.",
        "support.booked",
        key=f"support-booked-{booking.pk}",
    )


def waiting(booking: Booking) -> None:
    title = booking.session.workshop.title
    _send(
        booking,
        f"Waiting list: {title}",
        f"{title} on {when(booking.session)} is full, so you are on the "
        "waiting list. If a place comes free it goes to the first person waiting, and we will "
        f"email you.\n\nYour bookings: {_link('support:my-bookings')}",
        "support.waiting",
    )


def cancelled_by_booker(booking: Booking) -> None:
    title = booking.session.workshop.title
    _send(
        booking,
        f"Cancelled: {title}",
        f"Your {'place' if booking.booked_at else 'waiting-list place'} on "
        f"{title} ({when(booking.session)}) is cancelled.",
        "support.cancelled",
    )


def session_moved(booking: Booking, *, before: str) -> None:
    session = booking.session
    _send(
        booking,
        f"Changed: {session.workshop.title}",
        f"The session of {session.workshop.title} you are booked on has "
        f"changed.\n\nWas: {before}\nNow: {when(session)}\n{_where(session)}\n\n"
        f"Your place is kept. The updated calendar file: "
        f"{_link('support:booking-calendar', booking.pk)}\n"
        f"If you can no longer come, cancel here: {_link('support:my-bookings')}",
        "support.moved",
    )


def session_cancelled(booking: Booking) -> None:
    session = booking.session
    _send(
        booking,
        f"Session cancelled: {session.workshop.title}",
        f"We are sorry: the session of {session.workshop.title} on "
        f"{when(session)} is cancelled. Other dates, if any, are here: "
        f"{_link('support:workshop-detail', session.workshop.slug)}\n\n"
        f"To remove it from your calendar: {_link('support:booking-calendar', booking.pk)}",
        "support.session-cancelled",
    )


def reminder(booking: Booking) -> None:
    session = booking.session
    _send(
        booking,
        f"Reminder: {session.workshop.title}, {timezone.localtime(session.starts_at):%A %H:%M}",
        f"A reminder that you are booked on {session.workshop.title}.\n\n"
        f"When: {when(session)}\n{_where(session)}\n\n"
        f"If you cannot come, please cancel: {_link('support:my-bookings')}",
        "support.reminder",
        key=f"support-reminder-{booking.pk}-{session.sequence}",
    )


def feedback_request(booking: Booking) -> None:
    title = booking.session.workshop.title
    _send(
        booking,
        f"How was {title}?",
        f"Thank you for coming to {title}. Two questions, one minute: "
        f"{_link('support:feedback', booking.pk)}",
        "support.feedback",
        key=f"support-feedback-{booking.pk}",
    )
