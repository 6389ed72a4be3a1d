"""Read models of workshops and resources: the staff report, the signposting choices offered
to careers staff, and the one function the career map calls (resources_for_role)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from support.models import Booking, Feedback, Resource, Session, Workshop


def resources_for_role(slug: str) -> list[Resource]:
    """Published resources tagged with the career-map role `slug`, for its role page. One
    query."""
    return list(
        Resource.objects.published()
        .filter(roles__contains=[slug])
        .defer("document", "body")
        .order_by("title")
    )


def workshops_to_suggest(now=None) -> list[tuple[str, str]]:
    """(absolute path, label) of published workshops with a future session, for careers staff
    suggesting a workshop from a referral (recorded there as a signpost)."""
    now = now or timezone.now()
    upcoming = (
        Workshop.objects.published()
        .filter(sessions__status=Session.Status.SCHEDULED, sessions__starts_at__gt=now)
        .distinct()
        .order_by("title")
    )
    return [(reverse("support:workshop-detail", args=[w.slug]), w.title) for w in upcoming]


@dataclass(frozen=True)
class Figures:
    label: str
    sessions: int
    booked: int
    attended: int
    no_shows: int
    not_recorded: int
    feedback: int
    mean_rating: float | None
    so_far: bool = False  # the month under way: its low count is not a fall

    @property
    def attendance_rate(self) -> int | None:
        """Per cent of recorded places attended."""
        recorded = self.attended + self.no_shows
        return round(100 * self.attended / recorded) if recorded else None


_BOOKED = Q(bookings__status=Booking.Status.BOOKED)


def _session_figures(sessions) -> dict:
    return sessions.aggregate(
        sessions=Count("pk", distinct=True),
        booked=Count("bookings", filter=_BOOKED),
        attended=Count("bookings", filter=_BOOKED & Q(bookings__attended=True)),
        no_shows=Count("bookings", filter=_BOOKED & Q(bookings__attended=False)),
        not_recorded=Count("bookings", filter=_BOOKED & Q(bookings__attended__isnull=True)),
    )


def _feedback_figures(feedback) -> dict:
    return feedback.aggregate(feedback=Count("pk"), mean_rating=Avg("rating"))


def workshop_figures(now=None) -> list[Figures]:
    """Per workshop, over its sessions that have taken place. Two queries."""
    now = now or timezone.now()
    past = Q(sessions__starts_at__lte=now, sessions__status=Session.Status.SCHEDULED)
    booked = past & Q(sessions__bookings__status=Booking.Status.BOOKED)
    rows = (
        Workshop.objects.annotate(
            n_sessions=Count("sessions", filter=past, distinct=True),
            n_booked=Count("sessions__bookings", filter=booked),
            n_attended=Count(
                "sessions__bookings", filter=booked & Q(sessions__bookings__attended=True)
            ),
            n_no_shows=Count(
                "sessions__bookings", filter=booked & Q(sessions__bookings__attended=False)
            ),
            n_unrecorded=Count(
                "sessions__bookings", filter=booked & Q(sessions__bookings__attended__isnull=True)
            ),
        )
        .filter(n_sessions__gt=0)
        .order_by("title")
    )
    feedback: dict[int, dict[str, Any]] = {
        row["booking__workshop"]: dict(row)
        for row in Feedback.objects.values("booking__workshop").annotate(
            n=Count("pk"), mean=Avg("rating")
        )
    }
    return [
        Figures(
            label=w.title,
            sessions=w.n_sessions,
            booked=w.n_booked,
            attended=w.n_attended,
            no_shows=w.n_no_shows,
            not_recorded=w.n_unrecorded,
            feedback=feedback.get(w.pk, {}).get("n", 0),
            mean_rating=feedback.get(w.pk, {}).get("mean"),
        )
        for w in rows
    ]


def monthly_figures(now=None, months: int = 12) -> list[Figures]:
    """Per calendar month of session starts, the last `months` months to now; the last is the
    month under way (`so_far`). Two queries."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    sessions = Session.objects.filter(
        starts_at__gte=first, starts_at__lte=now, status=Session.Status.SCHEDULED
    )
    by_month: dict[dt.date, dict[str, Any]] = {
        row["month"].date(): dict(row)
        for row in sessions.annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(
            sessions=Count("pk", distinct=True),
            booked=Count("bookings", filter=_BOOKED),
            attended=Count("bookings", filter=_BOOKED & Q(bookings__attended=True)),
            no_shows=Count("bookings", filter=_BOOKED & Q(bookings__attended=False)),
            not_recorded=Count("bookings", filter=_BOOKED & Q(bookings__attended__isnull=True)),
        )
    }
    feedback_by_month: dict[dt.date, dict[str, Any]] = {
        row["month"].date(): dict(row)
        for row in Feedback.objects.filter(booking__session__in=sessions)
        .annotate(month=TruncMonth("booking__session__starts_at"))
        .values("month")
        .annotate(n=Count("pk"), mean=Avg("rating"))
    }
    out, month = [], first.date()
    for index in range(months):
        row = by_month.get(month, {})
        fb = feedback_by_month.get(month, {})
        out.append(
            Figures(
                label=f"{month:%b %Y}",
                sessions=row.get("sessions", 0),
                booked=row.get("booked", 0),
                attended=row.get("attended", 0),
                no_shows=row.get("no_shows", 0),
                not_recorded=row.get("not_recorded", 0),
                feedback=fb.get("n", 0),
                mean_rating=fb.get("mean"),
                so_far=index == months - 1,
            )
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


FIGURE_HEADER = [
    "Period or workshop",
    "Sessions held",
    "Places booked",
    "Attended",
    "No-shows",
    "Not recorded",
    "Attendance rate (%)",
    "Feedback forms",
    "Mean usefulness (1 to 5)",
]


def figure_row(f: Figures) -> list:
    return [
        f"{f.label} (so far)" if f.so_far else f.label,
        f.sessions,
        f.booked,
        f.attended,
        f.no_shows,
        f.not_recorded,
        "" if f.attendance_rate is None else f.attendance_rate,
        f.feedback,
        "" if f.mean_rating is None else round(f.mean_rating, 1),
    ]
