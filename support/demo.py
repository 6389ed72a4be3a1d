"""Demo data for workshops and resources: workshops held in the last months (with attendance
and feedback) and to come (with places booked and a waiting list), one of them a series and one
restricted to doctors; and a resource library of real, sourced pages (each URL confirmed on the
publisher's own host, checked 1 December 2026), guides by the careers team and one PDF.
member@example.org has a place to come and a past workshop to give feedback on.

The lists are in fixtures/demo/support.json. Sessions, bookings, waiting lists, a place given
up and passed on, attendance, feedback requests and feedback are made through
support/services.py with the clock (`config.clock`) set to the moment each happened, so they
keep the rules (capacity, one place per workshop among its dates to come, who may book a
restricted workshop, feedback only from people who came); the workshops and the resource
library through the services the careers team's pages use (`workshop_create`,
`resource_create`). The emails the services write for the demo's past are taken out of the
outbox again. Idempotent: the workshops are made once."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import User
from config import clock
from config.demo_data import fixture
from outbox.models import Email
from support import services, vocab
from support.models import Booking, Resource, Session, Workshop

DATA = fixture("support")
CHECKED = dt.date.fromisoformat(DATA["checked"])
TEAM = DATA["team"]
WORKSHOPS = DATA["workshops"]


def _minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid PDF (one page of text, Helvetica) with a correct cross-reference table."""
    text = (
        "BT /F1 14 Tf 72 770 Td 18 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for line in lines
        )
        + " ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode("latin-1") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _owned(fields: dict, kind: str, *, review_in_days: int, **more) -> dict:
    """A library item from the demo data: its fields, then `more`, its kind, its review date so
    many days after the check and the careers team as its owner."""
    return {
        **fields,
        **more,
        "kind": kind,
        "review_on": CHECKED + dt.timedelta(days=review_in_days),
        "owner": TEAM,
    }


def _resources(by: User) -> int:
    """The library, added by the careers team through the resource pages' service (each item
    once: one that exists is left alone)."""
    have = set(Resource.objects.values_list("slug", flat=True))
    items = [
        _owned(link, vocab.LINK, review_in_days=365, checked_on=CHECKED) for link in DATA["links"]
    ]
    items += [
        _owned(guide, vocab.GUIDE, review_in_days=180, publisher=TEAM) for guide in DATA["guides"]
    ]
    document = DATA["document"]
    items.append(
        _owned(
            {name: document[name] for name in ("slug", "title", "summary")},
            vocab.DOCUMENT,
            review_in_days=365,
            publisher=TEAM,
            document=services.Document(
                content=_minimal_pdf(document["lines"]), name=document["name"]
            ),
            accessibility_note=document["accessibility_note"],
            audiences=document["audiences"],
            topics=document["topics"],
        )
    )
    # One item past its review date, so the review list has something in it.
    overdue = dict(DATA["overdue"])
    review_days_ago = overdue.pop("review_days_ago")
    items.append(
        {
            **overdue,
            "kind": vocab.GUIDE,
            "publisher": TEAM,
            "review_on": timezone.localdate() - dt.timedelta(days=review_days_ago),
        }
    )
    created = 0
    for item in items:
        if item["slug"] not in have:
            services.resource_create(by=by, **item)
            created += 1
    return created


def _trainees(count: int) -> list[User]:
    """Trainees who book places (accounts.demo: made by the admin, they never sign in)."""
    return [
        accounts_demo.member(
            f"workshop-trainee{n + 1}@example.net", f"Demo trainee {n + 1}", signs_in=False
        )
        for n in range(count)
    ]


def _audience(workshop: Workshop) -> services.Audience:
    """What a trainee booking the workshop says about themselves: the first of each kind of
    person it is for."""
    return services.Audience(
        profession=(workshop.professions or [""])[0],
        grade=(workshop.grades or [""])[0],
        region=(workshop.regions or [""])[0],
    )


def _session(workshop, plan: dict, *, by, starts, minutes=90) -> Session:
    """A session in the format and with the places of its plan in the demo data, added by the
    organiser a month before it (or a day ago, if that is later than today allows)."""
    fmt, capacity = plan["format"], plan["capacity"]
    online = fmt == vocab.ONLINE
    venue = DATA["venue"]
    data = {
        "starts_at": starts,
        "minutes": minutes,
        "format": fmt,
        "place": "" if online else venue["place"],
        "access_note": "" if online else venue["access_note"],
        "joining_link": venue["joining_link"] if online else "",
        "capacity": capacity,
        "booking_closes_at": starts - dt.timedelta(days=2),
    }
    added = min(starts - dt.timedelta(days=30), timezone.now() - dt.timedelta(days=1))
    with clock.at(added):
        return services.session_create(workshop=workshop, by=by, **data)


def _book(session: Session, people, *, waiting: bool = False) -> list[Booking]:
    """Places booked ten days before the session (or an hour ago, for sessions that are
    nearer), one person a minute, in order."""
    at = min(session.starts_at - dt.timedelta(days=10), timezone.now() - dt.timedelta(hours=1))
    audience = _audience(session.workshop)
    bookings = []
    for n, person in enumerate(people):
        with clock.at(at + dt.timedelta(minutes=n)):
            bookings.append(
                services.booking_create(
                    session=session, by=person, audience=audience, join_waiting_list=waiting
                )
            )
    return bookings


def _hold(session: Session, bookings: list[Booking], *, by, attended) -> None:
    """The session takes place: attendance is taken at its start, and the schedule asks the
    people who came for feedback once it has ended."""
    with clock.at(session.starts_at):
        services.attendance_record(
            session=session, by=by, attended={b.pk: attended(i) for i, b in enumerate(bookings)}
        )
    with clock.at(session.ends_at + dt.timedelta(minutes=10)):
        services.workshop_send_reminders()


def _workshops(stdout) -> int:
    if Workshop.objects.filter(slug=WORKSHOPS[0]["slug"]).exists():
        return 0
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    organiser = User.objects.get(email=DATA["organiser"])
    member = User.objects.filter(email=DATA["member"]["email"]).first()
    people = _trainees(DATA["trainees"])
    # The workshops, set up by the organiser a month before the first past session.
    made = {}
    with clock.at(now - dt.timedelta(days=max(p["days_ago"] for p in DATA["past"]) + 30)):
        for workshop in WORKSHOPS:
            restriction = workshop["restriction"]
            made[workshop["slug"]] = services.workshop_create(
                by=organiser,
                slug=workshop["slug"],
                title=workshop["title"],
                summary=workshop["summary"],
                facilitator=workshop["facilitator"],
                open_to_all=restriction is None,
                is_published=True,
                **(restriction or {}),
            )
    # Past sessions, one a month for the last five months, with attendance and feedback.
    ratings, comments = DATA["ratings"], DATA["comments"]
    n_feedback = 0
    for plan in DATA["past"]:
        days_ago = plan["days_ago"]
        starts = (now - dt.timedelta(days=days_ago)).replace(hour=17)
        session = _session(made[plan["workshop"]], plan, by=organiser, starts=starts)
        bookings = _book(session, people[: plan["booked"]])
        # The member's feedback is not given yet: the form shows.
        if member and days_ago == DATA["member"]["attended_days_ago"]:
            bookings += _book(session, [member])
        # About one in five does not come (the member does).
        _hold(
            session,
            bookings,
            by=organiser,
            attended=lambda i, n=plan["booked"]: i >= n or i % 5 != 3,
        )
        with clock.at(session.ends_at + dt.timedelta(days=1)):
            for index, booking in enumerate(bookings[: plan["booked"]]):
                if index % 5 != 3 and index % 2 == 0:
                    services.feedback_submit(
                        booking=booking,
                        by=booking.user,
                        rating=ratings[(index + days_ago) % len(ratings)],
                        comments=comments[index % len(comments)],
                    )
                    n_feedback += 1
    # Sessions to come: a series of three online dates, an in-person session full with a
    # waiting list (one place given up and passed on), and one not yet booked.
    for plan in DATA["future"]:
        starts = (now + dt.timedelta(days=plan["days_ahead"])).replace(hour=18)
        session = _session(made[plan["workshop"]], plan, by=organiser, starts=starts)
        first, booked = plan["first"], plan["booked"]
        places = _book(session, people[first : first + booked])
        if booked >= plan["capacity"]:
            waiting = people[first + booked : first + booked + DATA["waiting_when_full"]]
            _book(session, waiting, waiting=True)
            # Later someone gives up their place, and the first person waiting gets it.
            later = min(session.starts_at - dt.timedelta(days=9), now - dt.timedelta(minutes=30))
            with clock.at(later):
                services.booking_cancel(booking=places[0], by=places[0].user)
        if member and plan["workshop"] == DATA["member"]["booked_on"]:
            _book(session, [member])
    stdout.write(
        f"Support: {len(WORKSHOPS)} workshops, {Session.objects.count()} sessions, "
        f"{Booking.objects.count()} bookings, {n_feedback} feedback forms."
    )
    return len(WORKSHOPS)


def load(stdout=None):
    import io

    stdout = stdout or io.StringIO()
    created = _resources(User.objects.get(email=DATA["organiser"]))
    stdout.write(f"Support: {created} resources added ({Resource.objects.count()} in all).")
    before = Email.objects.aggregate(last=Max("pk"))["last"] or 0
    _workshops(stdout)
    # The demo's past sends no mail: the emails the services wrote for it are taken back.
    Email.objects.filter(pk__gt=before, category__startswith="support.").delete()
