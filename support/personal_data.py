"""What the workshops hold about a member, for the account's data download, and what happens to
it when they delete their account (found by accounts.services). Places on sessions to come are
given up, through the service, so the next person waiting gets them; past bookings and feedback
ratings are kept for the workshops' figures, without the person's words."""

from __future__ import annotations

from contextlib import suppress

from config import clock
from config.member_data import REMOVED, iso
from support import services
from support.models import Booking, Feedback


def export(user) -> dict[str, list[dict]]:
    bookings = Booking.objects.filter(user=user).select_related("session__workshop")
    feedback = Feedback.objects.filter(booking__user=user).select_related(
        "booking__session__workshop"
    )
    return {
        "workshop_bookings": [
            {
                "workshop": b.session.workshop.title,
                "session_starts": iso(b.session.starts_at),
                "status": b.get_status_display(),
                "profession": b.get_profession_display(),
                "grade": b.get_grade_display(),
                "region": b.get_region_display(),
                "asked_at": iso(b.created_at),
                "booked_at": iso(b.booked_at),
                "cancelled_at": iso(b.cancelled_at),
                "attended": {True: "yes", False: "no", None: ""}[b.attended],
            }
            for b in bookings
        ],
        "workshop_feedback": [
            {
                "workshop": f.booking.session.workshop.title,
                "session_starts": iso(f.booking.session.starts_at),
                "rating": f.get_rating_display(),
                "comments": f.comments,
                "submitted_at": iso(f.submitted_at),
            }
            for f in feedback
        ],
    }


def refusals(user) -> list[str]:
    return []  # nothing in the workshops stops an account being deleted


def erase(user) -> None:
    to_come = Booking.objects.filter(
        user=user, status__in=Booking.ACTIVE, session__starts_at__gt=clock.now()
    )
    for booking in to_come:
        # Refused only if the session started a moment ago: the booking is kept, as past ones are.
        with suppress(services.RuleBroken):
            services.booking_cancel(booking=booking, by=user)
    Feedback.objects.filter(booking__user=user).exclude(comments="").update(comments=REMOVED)
