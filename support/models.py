"""Workshops people book, and the resource library. Not referral data: booking a workshop
never makes anyone a referral, and nothing here points into the referrals app."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from support import vocab

TEXT_SHORT = 200


def _choices_array(choices, **kwargs):
    return ArrayField(models.CharField(max_length=30, choices=choices), default=list, **kwargs)


# --- Workshops ------------------------------------------------------------------------------


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Workshop(models.Model):
    title = models.CharField(max_length=TEXT_SHORT)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(max_length=3000)
    facilitator = models.CharField(max_length=TEXT_SHORT)
    open_to_all = models.BooleanField(
        default=True, help_text="Untick to restrict to the professions, grades and regions below."
    )
    professions = _choices_array(vocab.PROFESSIONS, blank=True)
    grades = _choices_array(vocab.GRADES, blank=True)
    regions = _choices_array(vocab.REGIONS, blank=True)
    is_published = models.BooleanField("published", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:workshop-detail", args=[self.slug])

    def audience_text(self) -> str:
        if self.open_to_all:
            return "Open to all"
        parts = []
        if self.professions:
            parts.append(", ".join(vocab.label(vocab.PROFESSIONS, p) for p in self.professions))
        if self.grades:
            parts.append(", ".join(vocab.label(vocab.GRADES, g) for g in self.grades))
        if self.regions:
            parts.append(", ".join(vocab.label(vocab.REGIONS, r) for r in self.regions))
        return "; ".join(parts) or "Open to all"

    def is_restricted(self) -> bool:
        return not self.open_to_all and bool(self.professions or self.grades or self.regions)


class SessionQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            booked_count=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waiting_count=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
        )

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now(), status=Session.Status.SCHEDULED)


class Session(models.Model):
    """One date of a workshop (a series is one workshop with several sessions)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField("starts")
    minutes = models.PositiveSmallIntegerField("length in minutes")
    format = models.CharField(max_length=20, choices=vocab.FORMATS)
    place = models.CharField(max_length=TEXT_SHORT, blank=True, help_text="For in person.")
    access_note = models.TextField(
        "accessible-venue note",
        max_length=1000,
        blank=True,
        help_text="Step-free access, hearing loop, accessible toilets, parking.",
    )
    joining_link = models.URLField(
        blank=True, help_text="For online sessions: shown only to people with a place."
    )
    capacity = models.PositiveSmallIntegerField()
    booking_closes_at = models.DateTimeField("booking deadline")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    # Bumped when the time or place changes, for calendar updates (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="support_session_capacity"),
            models.CheckConstraint(
                condition=Q(minutes__gte=15) & Q(minutes__lte=600), name="support_session_minutes"
            ),
        ]

    def __str__(self):
        return f"{self.workshop.title}, {timezone.localtime(self.starts_at):%-d %b %Y, %H:%M}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)

    @property
    def attendance_opens_at(self) -> dt.datetime:
        """Attendance is taken at the door: from an hour before the start."""
        return self.starts_at - dt.timedelta(hours=1)

    @property
    def is_online(self) -> bool:
        return self.format == vocab.ONLINE

    def where_text(self) -> str:
        return "Online" if self.is_online else self.place

    def places_left(self) -> int:
        """Needs `with_counts()`."""
        return max(self.capacity - self.booked_count, 0)


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.BOOKED, Status.WAITING)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    # The workshop again, for the rule of one place per person on a workshop's dates to come.
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_bookings"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    profession = models.CharField(max_length=30, choices=vocab.PROFESSIONS, blank=True)
    grade = models.CharField(max_length=30, choices=vocab.GRADES, blank=True)
    region = models.CharField(max_length=30, choices=vocab.REGIONS, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    booked_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Attendance on the day: None until recorded.
    attended = models.BooleanField(null=True, blank=True)
    reminder_sent_for = models.PositiveIntegerField(
        null=True, blank=True, help_text="The session sequence the reminder was sent for."
    )
    feedback_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # A person never holds two places on one session; one place among a workshop's
            # dates to come is the service's rule, under a lock on the workshop row.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["booked", "waiting"]),
                name="support_one_active_booking_per_session",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} – {self.session} ({self.get_status_display()})"

    def outcome(self) -> str:
        """What became of a past or cancelled booking, in the booker's words."""
        if self.status == self.Status.CANCELLED or self.session.status == Session.Status.CANCELLED:
            return "Cancelled"
        if self.status == self.Status.WAITING:
            return "No place came free"
        if self.attended is not None:
            return "Attended" if self.attended else "Did not attend"
        return "Booked"


class Feedback(models.Model):
    RATINGS = [
        (5, "Very useful"),
        (4, "Useful"),
        (3, "Neither useful nor not useful"),
        (2, "Not very useful"),
        (1, "Not useful at all"),
    ]

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(choices=RATINGS)
    comments = models.TextField(max_length=2000, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="support_feedback_rating"
            )
        ]

    def __str__(self):
        return f"Feedback {self.rating} on {self.booking_id}"


# --- Resources ------------------------------------------------------------------------------


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def due_for_review(self, today=None):
        return self.filter(review_on__lte=today or timezone.localdate())

    def search(self, text: str):
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, search_type="websearch", config="english")
        # Computed per query: the library is hundreds of items, not millions.
        return (
            self.annotate(
                search_vector=RESOURCE_SEARCH_VECTOR,
                rank=SearchRank(RESOURCE_SEARCH_VECTOR, query),
            )
            .filter(search_vector=query)
            .order_by("-rank", "title")
        )


RESOURCE_SEARCH_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("summary", weight="B", config="english")
    + SearchVector("body", weight="C", config="english")
    + SearchVector("publisher", weight="B", config="english")
)


class Resource(models.Model):
    kind = models.CharField(max_length=12, choices=vocab.RESOURCE_KINDS)
    title = models.CharField(max_length=TEXT_SHORT)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(max_length=1000)
    body = models.TextField(
        "guide text", max_length=20000, blank=True, help_text="For a guide: paragraphs."
    )
    url = models.URLField("address", max_length=500, blank=True, help_text="For a link.")
    publisher = models.CharField(max_length=TEXT_SHORT, blank=True)
    checked_on = models.DateField("link checked on", null=True, blank=True)
    document = models.BinaryField("PDF document", null=True, blank=True, editable=False)
    document_name = models.CharField(max_length=TEXT_SHORT, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    accessibility_note = models.TextField(
        max_length=1000,
        blank=True,
        help_text="For a document: tagged headings, alternative text, whether it works with a "
        "screen reader, how to ask for another format.",
    )
    audiences = _choices_array(vocab.RESOURCE_AUDIENCES)
    topics = _choices_array(vocab.TOPICS)
    roles = ArrayField(
        models.SlugField(max_length=80),
        default=list,
        blank=True,
        help_text="Career-map roles (slugs) whose pages show this resource.",
    )
    review_on = models.DateField("review date")
    owner = models.CharField(max_length=TEXT_SHORT, help_text="Who keeps it up to date.")
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [GinIndex(fields=["roles"], name="support_resource_roles")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:resource-detail", args=[self.slug])

    def topic_labels(self) -> str:
        return ", ".join(vocab.label(vocab.TOPICS, t) for t in self.topics)

    def audience_labels(self) -> str:
        return ", ".join(vocab.label(vocab.RESOURCE_AUDIENCES, a) for a in self.audiences)

    def is_due_for_review(self, today=None) -> bool:
        return self.review_on <= (today or timezone.localdate())
