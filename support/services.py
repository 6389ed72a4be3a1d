"""Every write of workshops with a rule in it. Each function is one transaction and enforces
its rules whatever calls it (a view, a command, a test). Places are counted under a row lock
on the session (SELECT ... FOR UPDATE), so simultaneous bookings queue on that row and the
capacity is never exceeded; the database's partial unique constraint stops a second active
booking by the same person on the same workshop. Emails go to the outbox in the same
transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from config import clock, rules
from support import emails, vocab
from support.models import Booking, Feedback, Resource, Session, Workshop


class RuleBroken(rules.RuleBroken):
    """A workshop request that the rules refuse."""


class SessionFull(RuleBroken):
    """No places left: the person may join the waiting list instead."""


def is_careers_staff(user: User | AnonymousUser | None) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.in_group(roles.CAREERS_STAFF)
    )


def _require_staff(by) -> None:
    if not is_careers_staff(by):
        raise RuleBroken("Only careers staff can do that.")


def _lock_session(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("workshop")
        .get(pk=session.pk)
    )


def _booked_count(session: Session) -> int:
    return session.bookings.filter(status=Booking.Status.BOOKED).count()


@dataclass(frozen=True)
class Audience:
    profession: str = ""
    grade: str = ""
    region: str = ""


def eligibility_problems(workshop: Workshop, audience: Audience) -> dict[str, str]:
    """{field: why} for each audience rule the person does not meet (empty: eligible)."""
    if not workshop.is_restricted():
        return {}
    problems = {}
    checks = [
        ("profession", workshop.professions, vocab.PROFESSIONS, "professions"),
        ("grade", workshop.grades, vocab.GRADES, "grades"),
        ("region", workshop.regions, vocab.REGIONS, "regions"),
    ]
    for name, allowed, choices, plural in checks:
        value = getattr(audience, name)
        if allowed and not value:
            problems[name] = f"Select your {name}"
        elif allowed and value not in allowed:
            names = ", ".join(vocab.label(choices, v) for v in allowed)
            problems[name] = f"This workshop is for these {plural} only: {names}"
    return problems


def _check_open(session: Session, now: dt.datetime) -> None:
    if session.status == Session.Status.CANCELLED:
        raise RuleBroken("This session is cancelled: choose another date.")
    if session.starts_at <= now:
        raise RuleBroken("This session has already taken place: choose a future date.")
    if session.booking_closes_at <= now:
        closed = timezone.localtime(session.booking_closes_at)
        raise RuleBroken(f"Booking for this session closed on {closed:%-d %B %Y at %H:%M}.")
    if not session.workshop.is_published:
        raise RuleBroken("This workshop is not open for booking.")


def booking_create(
    *,
    session: Session,
    by: User,
    audience: Audience = Audience(),  # noqa: B008 - frozen dataclass
    join_waiting_list: bool = False,
) -> Booking:
    """Book a place for `by`; when the session is full, SessionFull, or with
    `join_waiting_list` a place on the waiting list."""
    now = clock.now()
    if not getattr(by, "is_authenticated", False):
        raise RuleBroken("Sign in to book a place.")
    with transaction.atomic():
        # The workshop row first (one booking at a time per workshop, so "one place among its
        # dates to come" holds under simultaneous requests), then the session's.
        workshop_id = Session.objects.values_list("workshop_id", flat=True).get(pk=session.pk)
        list(Workshop.objects.select_for_update().filter(pk=workshop_id).values_list("pk"))
        session = _lock_session(session)
        _check_open(session, now)
        problems = eligibility_problems(session.workshop, audience)
        rules.refuse_all([RuleBroken(why, field=name) for name, why in problems.items()])
        existing = (
            Booking.objects.filter(
                workshop=session.workshop,
                user=by,
                status__in=Booking.ACTIVE,
                session__starts_at__gt=now,
                session__status=Session.Status.SCHEDULED,
            )
            .select_related("session")
            .first()
        )
        if existing:
            what = "a place" if existing.status == Booking.Status.BOOKED else "a waiting-list place"
            raise RuleBroken(
                f"You already have {what} on this workshop "
                f"({timezone.localtime(existing.session.starts_at):%-d %B %Y}): cancel it first "
                "to choose another date."
            )
        full = _booked_count(session) >= session.capacity
        if full and not join_waiting_list:
            raise SessionFull("This session is full. You can join the waiting list instead.")
        booking = Booking(
            session=session,
            workshop=session.workshop,
            user=by,
            status=Booking.Status.WAITING if full else Booking.Status.BOOKED,
            profession=audience.profession,
            grade=audience.grade,
            region=audience.region,
            created_at=now,
            booked_at=None if full else now,
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as error:  # the same person twice at once
            raise RuleBroken("You already have a place on this workshop.") from error
        if full:
            emails.waiting(booking)
        else:
            emails.booked(booking)
        return booking


def _promote_waiting(session: Session, now: dt.datetime) -> list[Booking]:
    """Give free places to the first people waiting (the session row is locked)."""
    promoted: list[Booking] = []
    free = session.capacity - _booked_count(session)
    if free <= 0 or session.status != Session.Status.SCHEDULED or session.starts_at <= now:
        return promoted
    waiting = (
        session.bookings.select_for_update(of=("self",))
        .filter(status=Booking.Status.WAITING)
        .select_related("user", "session__workshop")
        .order_by("created_at", "pk")[:free]
    )
    for booking in waiting:
        booking.status = Booking.Status.BOOKED
        booking.booked_at = now
        booking.save(update_fields=["status", "booked_at"])
        emails.booked(booking, from_waiting_list=True)
        promoted.append(booking)
    return promoted


def booking_cancel(*, booking: Booking, by: User) -> Booking:
    """The booker (or careers staff) cancels a place or a waiting-list place; a freed place
    goes to the first person waiting, who is emailed."""
    now = clock.now()
    with transaction.atomic():
        session = _lock_session(booking.session)
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=booking.pk)
        )
        if booking.user_id != by.pk and not is_careers_staff(by):
            raise RuleBroken("Only the person who booked can cancel this place.")
        if booking.status == Booking.Status.CANCELLED:
            raise RuleBroken("This booking is already cancelled.")
        if session.starts_at <= now:
            raise RuleBroken("This session has already started: it cannot be cancelled now.")
        was_booked = booking.status == Booking.Status.BOOKED
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        booking.session = session
        emails.cancelled_by_booker(booking)
        if was_booked:
            _promote_waiting(session, now)
        return booking


# --- Staff: workshops and sessions ------------------------------------------------------------

SESSION_FIELDS = (
    "starts_at",
    "minutes",
    "format",
    "place",
    "access_note",
    "joining_link",
    "capacity",
    "booking_closes_at",
)
MOVING_FIELDS = ("starts_at", "minutes", "format", "place", "joining_link")


def _session_problems(data: dict, now: dt.datetime, *, new: bool) -> list[RuleBroken]:
    """What is wrong with a session's fields, all of it, so that the form shows every problem
    at once."""
    problems = []
    if data["format"] == vocab.IN_PERSON and not data.get("place"):
        problems.append(RuleBroken("Enter the place for an in-person session.", field="place"))
    if data["format"] == vocab.ONLINE and not data.get("joining_link"):
        problems.append(
            RuleBroken("Enter the joining link for an online session.", field="joining_link")
        )
    if new and data["starts_at"] <= now:
        problems.append(RuleBroken("The session must start in the future.", field="starts_at"))
    if data["booking_closes_at"] > data["starts_at"]:
        problems.append(
            RuleBroken(
                "The booking deadline must be before the session starts.",
                field="booking_closes_at",
            )
        )
    return problems


def session_create(
    *,
    workshop: Workshop,
    by: User,
    starts_at: dt.datetime,
    minutes: int,
    format: str,  # noqa: A002 - the session's field
    place: str = "",
    access_note: str = "",
    joining_link: str = "",
    capacity: int,
    booking_closes_at: dt.datetime,
) -> Session:
    """A new session of a workshop."""
    given = locals()
    data = {name: given[name] for name in SESSION_FIELDS}  # the session's fields, as given
    now = clock.now()
    _require_staff(by)
    with transaction.atomic():
        problems = _session_problems(data, now, new=True)
        deadline_refused = any(p.field == "booking_closes_at" for p in problems)
        if not deadline_refused and data["booking_closes_at"] <= now:  # nobody could book it
            problems.append(
                RuleBroken("The booking deadline must be in the future.", field="booking_closes_at")
            )
        rules.refuse_all(problems)
        return Session.objects.create(workshop=workshop, **data)


def session_update(
    *,
    session: Session,
    by: User,
    starts_at: dt.datetime,
    minutes: int,
    format: str,  # noqa: A002 - the session's field
    place: str = "",
    access_note: str = "",
    joining_link: str = "",
    capacity: int,
    booking_closes_at: dt.datetime,
) -> Session:
    """Change a session. Capacity may not fall below the places already booked; a move (time,
    length, place or link) tells everyone booked and bumps the calendar SEQUENCE; more places
    go to the people waiting."""
    given = locals()
    data = {name: given[name] for name in SESSION_FIELDS}  # the session's fields, as given
    now = clock.now()
    _require_staff(by)
    with transaction.atomic():
        session = _lock_session(session)
        if session.status == Session.Status.CANCELLED:
            raise RuleBroken("This session is cancelled and cannot be changed.")
        if session.ends_at <= now:
            raise RuleBroken("This session has taken place and cannot be changed.")
        problems = _session_problems(data, now, new=data["starts_at"] != session.starts_at)
        booked = _booked_count(session)
        if data["capacity"] < booked:
            problems.append(
                RuleBroken(
                    f"{booked} places are booked already: the capacity cannot be lower than "
                    f"{booked}. Cancel bookings first, or keep the capacity.",
                    field="capacity",
                )
            )
        rules.refuse_all(problems)
        before = emails.when(session) + ", " + session.where_text()
        moved = any(getattr(session, k) != data[k] for k in MOVING_FIELDS)
        for name in SESSION_FIELDS:
            setattr(session, name, data[name])
        if moved:
            session.sequence += 1
        session.save()
        if moved:
            for booking in session.bookings.filter(status=Booking.Status.BOOKED).select_related(
                "user"
            ):
                booking.session = session
                emails.session_moved(booking, before=before)
        _promote_waiting(session, now)
        return session


def session_cancel(*, session: Session, by: User) -> Session:
    """Cancel a session: everyone booked or waiting is told; nobody keeps a place."""
    now = clock.now()
    _require_staff(by)
    with transaction.atomic():
        session = _lock_session(session)
        if session.status == Session.Status.CANCELLED:
            raise RuleBroken("This session is already cancelled.")
        if session.starts_at <= now:
            raise RuleBroken("This session has already started: it cannot be cancelled.")
        session.status = Session.Status.CANCELLED
        session.sequence += 1
        session.save(update_fields=["status", "sequence"])
        active = list(
            session.bookings.select_for_update(of=("self",))
            .filter(status__in=Booking.ACTIVE)
            .select_related("user")
        )
        for booking in active:
            booking.session = session
            emails.session_cancelled(booking)
        session.bookings.filter(pk__in=[b.pk for b in active]).update(
            status=Booking.Status.CANCELLED, cancelled_at=now
        )
        return session


def attendance_record(*, session: Session, by: User, attended: dict[int, bool]) -> int:
    """Record who came ({booking id: came?}); only booked places, from the session's start."""
    now = clock.now()
    _require_staff(by)
    with transaction.atomic():
        session = _lock_session(session)
        if session.attendance_opens_at > now:
            raise RuleBroken("Attendance can be taken from an hour before the session starts.")
        bookings = {
            b.pk: b
            for b in session.bookings.select_for_update().filter(status=Booking.Status.BOOKED)
        }
        unknown = set(attended) - set(bookings)
        if unknown:
            raise RuleBroken("Some of those people are not booked on this session.")
        for pk, came in attended.items():
            bookings[pk].attended = came
        Booking.objects.bulk_update([bookings[pk] for pk in attended], ["attended"])
        return len(attended)


# The refusal of a second feedback form, which the feedback page also says when it opens again.
FEEDBACK_GIVEN = "You have already given feedback on this session. Thank you."


def feedback_submit(*, booking: Booking, by: User, rating: int, comments: str = "") -> Feedback:
    now = clock.now()
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("session")
            .get(pk=booking.pk)
        )
        if booking.user_id != by.pk:
            raise RuleBroken("Only the person who attended can give this feedback.")
        if booking.session.ends_at > now:
            raise RuleBroken("Feedback opens when the session has finished.")
        if booking.status != Booking.Status.BOOKED or booking.attended is False:
            raise RuleBroken("Feedback is for people who came to the session.")
        if Feedback.objects.filter(booking=booking).exists():
            raise RuleBroken(FEEDBACK_GIVEN)
        if rating not in dict(Feedback.RATINGS):
            raise RuleBroken("Select how useful the session was.")
        return Feedback.objects.create(
            booking=booking, rating=rating, comments=comments.strip(), submitted_at=now
        )


# --- The schedule -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderResult:
    reminders: int
    feedback_requests: int


def workshop_send_reminders() -> ReminderResult:
    """Run by the schedule (every few minutes): remind everyone booked on a session that starts
    within SUPPORT_REMINDER_HOURS (once per session time: a moved session is reminded again),
    and ask people marked as attended for feedback once the session has ended. Idempotent:
    each email has an outbox key, and the booking remembers what was sent."""
    now = clock.now()
    window = dt.timedelta(hours=settings.SUPPORT_REMINDER_HOURS)
    reminders = feedback = 0
    with transaction.atomic():
        due = (
            Booking.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=Booking.Status.BOOKED,
                session__status=Session.Status.SCHEDULED,
                session__starts_at__gt=now,
                session__starts_at__lte=now + window,
            )
            .select_related("user", "session__workshop")
        )
        for booking in due:
            if booking.reminder_sent_for == booking.session.sequence:
                continue
            emails.reminder(booking)
            booking.reminder_sent_for = booking.session.sequence
            booking.save(update_fields=["reminder_sent_for"])
            reminders += 1
        ended = (
            Booking.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=Booking.Status.BOOKED,
                attended=True,
                feedback_requested_at__isnull=True,
                session__starts_at__lte=now,
                session__starts_at__gte=now - dt.timedelta(days=14),
            )
            .select_related("user", "session__workshop")
        )
        for booking in ended:
            if booking.session.ends_at > now:
                continue
            emails.feedback_request(booking)
            booking.feedback_requested_at = now
            booking.save(update_fields=["feedback_requested_at"])
            feedback += 1
    return ReminderResult(reminders=reminders, feedback_requests=feedback)


# --- Workshops and resources (the careers team's pages) -------------------------------------

# Web address names that are pages of their own (support/urls.py), not a workshop or resource.
RESERVED_WORKSHOP_SLUGS = frozenset({"mine", "manage", "sessions", "bookings"})
RESERVED_RESOURCE_SLUGS = frozenset({"for-trainers", "review", "new"})


class SlugTaken(RuleBroken):
    """The web address name is a page of its own; the message belongs on the slug field."""

    field = "slug"


def _check_slug(slug: str, reserved: frozenset[str]) -> None:
    if slug in reserved:
        raise SlugTaken("This web address name is taken by a page of its own")


# The fields workshop_create and workshop_update take (besides the workshop and `by`), in the
# order the workshop form shows them.
WORKSHOP_FIELDS = (
    "title",
    "slug",
    "summary",
    "facilitator",
    "open_to_all",
    "professions",
    "grades",
    "regions",
    "is_published",
)


def workshop_create(
    *,
    by: User,
    title: str,
    slug: str,
    summary: str,
    facilitator: str,
    open_to_all: bool = True,
    professions: Sequence[str] = (),
    grades: Sequence[str] = (),
    regions: Sequence[str] = (),
    is_published: bool = False,
) -> Workshop:
    """A new workshop (its sessions are added with `session_create`)."""
    _require_staff(by)
    _check_slug(slug, RESERVED_WORKSHOP_SLUGS)
    with transaction.atomic():
        return Workshop.objects.create(
            title=title,
            slug=slug,
            summary=summary,
            facilitator=facilitator,
            open_to_all=open_to_all,
            professions=list(professions),
            grades=list(grades),
            regions=list(regions),
            is_published=is_published,
            created_at=clock.now(),
        )


def workshop_update(
    *,
    workshop: Workshop,
    by: User,
    title: str,
    slug: str,
    summary: str,
    facilitator: str,
    open_to_all: bool,
    professions: Sequence[str],
    grades: Sequence[str],
    regions: Sequence[str],
    is_published: bool,
) -> Workshop:
    _require_staff(by)
    _check_slug(slug, RESERVED_WORKSHOP_SLUGS)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        workshop.title, workshop.slug, workshop.summary = title, slug, summary
        workshop.facilitator, workshop.open_to_all = facilitator, open_to_all
        workshop.professions, workshop.grades = list(professions), list(grades)
        workshop.regions, workshop.is_published = list(regions), is_published
        workshop.save()
        return workshop


@dataclass(frozen=True)
class Document:
    """An uploaded PDF: its bytes and the file name it came with."""

    content: bytes
    name: str


# What resource_create and resource_update set from their arguments (besides the document), in
# the order the resource form shows them (with the PDF upload after `checked_on`).
RESOURCE_FIELDS = (
    "kind",
    "title",
    "slug",
    "summary",
    "body",
    "url",
    "publisher",
    "checked_on",
    "accessibility_note",
    "audiences",
    "topics",
    "roles",
    "review_on",
    "owner",
    "is_published",
)


def _resource_fields(resource: Resource, document: Document | None, **fields) -> None:
    for name, value in fields.items():
        setattr(resource, name, list(value) if name in ("audiences", "topics", "roles") else value)
    if document is not None:
        resource.document = document.content
        resource.document_name = document.name.rsplit("/", 1)[-1][:200]
        resource.document_size = len(document.content)


def resource_create(
    *,
    by: User,
    kind: str,
    title: str,
    slug: str,
    summary: str,
    audiences: Sequence[str],
    topics: Sequence[str],
    review_on: dt.date,
    owner: str,
    body: str = "",
    url: str = "",
    publisher: str = "",
    checked_on: dt.date | None = None,
    document: Document | None = None,
    accessibility_note: str = "",
    roles: Sequence[str] = (),
    is_published: bool = True,
) -> Resource:
    """A new link, guide or PDF document in the resource library."""
    given = locals()  # the resource's fields, as given
    _require_staff(by)
    _check_slug(slug, RESERVED_RESOURCE_SLUGS)
    with transaction.atomic():
        resource = Resource()
        _resource_fields(resource, document, **{name: given[name] for name in RESOURCE_FIELDS})
        resource.save()
        return resource


def resource_update(
    *,
    resource: Resource,
    by: User,
    kind: str,
    title: str,
    slug: str,
    summary: str,
    body: str,
    url: str,
    publisher: str,
    checked_on: dt.date | None,
    document: Document | None,
    accessibility_note: str,
    audiences: Sequence[str],
    topics: Sequence[str],
    roles: Sequence[str],
    review_on: dt.date,
    owner: str,
    is_published: bool,
) -> Resource:
    """Change a resource; `document` None keeps the PDF it has (if any)."""
    given = locals()  # the resource's fields, as given
    _require_staff(by)
    _check_slug(slug, RESERVED_RESOURCE_SLUGS)
    with transaction.atomic():
        resource = Resource.objects.select_for_update().defer("document").get(pk=resource.pk)
        _resource_fields(resource, document, **{name: given[name] for name in RESOURCE_FIELDS})
        resource.save()
        return resource
