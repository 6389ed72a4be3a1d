"""The workshop rules, through the services: places, the waiting list, refusals that leave
nothing half-done, moves and cancellations told to everyone booked, the reminder schedule."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from config import clock
from outbox.models import Email
from support import services, vocab
from support.models import Booking, Feedback, Session
from tests.factories import UserFactory
from tests.support.factories import BookingFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _people(n):
    return [UserFactory(email=f"person{i}@example.net", full_name=f"Person {i}") for i in range(n)]


def test_booking_a_place_writes_the_booking_and_a_confirmation_with_the_calendar_link(
    session, sent
):
    person = UserFactory(email="aisha@example.net", full_name="Aisha Rahman")
    booking = services.booking_create(session=session, by=person)
    assert booking.status == Booking.Status.BOOKED and booking.workshop == session.workshop
    mail = sent()
    assert len(mail) == 1 and mail[0].to == ["aisha@example.net"]
    assert "Your place on" in mail[0].body
    assert f"/careers-support/workshops/bookings/{booking.pk}/calendar.ics" in mail[0].body
    assert "Step-free access" in mail[0].body


def test_a_full_session_refuses_then_offers_the_waiting_list(session):
    a, b, c = _people(3)
    services.booking_create(session=session, by=a)
    services.booking_create(session=session, by=b)
    with pytest.raises(services.SessionFull, match="waiting list"):
        services.booking_create(session=session, by=c)
    assert not Booking.objects.filter(user=c).exists()
    waiting = services.booking_create(session=session, by=c, join_waiting_list=True)
    assert waiting.status == Booking.Status.WAITING
    assert Email.objects.filter(to=c.email, category="support.waiting").count() == 1


def test_a_cancelled_place_goes_to_the_first_person_waiting_who_is_told(session, sent):
    a, b, first, second = _people(4)
    place_a = services.booking_create(session=session, by=a)
    services.booking_create(session=session, by=b)
    services.booking_create(session=session, by=first, join_waiting_list=True)
    services.booking_create(session=session, by=second, join_waiting_list=True)
    sent().clear()
    services.booking_cancel(booking=place_a, by=a)
    statuses = dict(Booking.objects.values_list("user__email", "status"))
    assert statuses == {
        a.email: "cancelled",
        b.email: "booked",
        first.email: "booked",
        second.email: "waiting",
    }
    mail = {m.to[0]: m for m in sent()}
    assert set(mail) == {a.email, first.email}
    assert "A place has come free and it is yours" in mail[first.email].body


def test_a_second_booking_by_the_same_person_on_the_same_workshop_is_refused(session):
    person = UserFactory()
    other_date = SessionFactory(workshop=session.workshop)
    services.booking_create(session=session, by=person)
    with pytest.raises(services.RuleBroken, match="already have a place"):
        services.booking_create(session=other_date, by=person)
    with pytest.raises(services.RuleBroken, match="already have a place"):
        services.booking_create(session=session, by=person)
    assert Booking.objects.filter(user=person).count() == 1
    assert Email.objects.filter(to=person.email).count() == 1


def test_booking_after_the_deadline_or_for_a_past_or_cancelled_session_is_refused():
    person = UserFactory()
    now = timezone.now()
    closed = SessionFactory(
        starts_at=now + dt.timedelta(hours=5), booking_closes_at=now - dt.timedelta(hours=1)
    )
    past = SessionFactory(
        starts_at=now - dt.timedelta(days=1), booking_closes_at=now - dt.timedelta(days=2)
    )
    cancelled = SessionFactory(status=Session.Status.CANCELLED)
    for session, message in [
        (closed, "Booking for this session closed"),
        (past, "already taken place"),
        (cancelled, "cancelled"),
    ]:
        with pytest.raises(services.RuleBroken, match=message):
            services.booking_create(session=session, by=person)
    assert not Booking.objects.exists() and not Email.objects.exists()


def test_a_restricted_workshop_takes_only_its_audience():
    workshop = WorkshopFactory(open_to_all=False, professions=["medicine"], regions=["london"])
    session = SessionFactory(workshop=workshop)
    person = UserFactory()
    with pytest.raises(services.RuleBroken, match="professions only"):
        services.booking_create(
            session=session,
            by=person,
            audience=services.Audience(profession="nursing", region="london"),
        )
    problems = services.eligibility_problems(
        workshop, services.Audience(profession="nursing", region="")
    )
    assert set(problems) == {"profession", "region"}
    # The refusal names every rule not met, each on its field, so the form shows them all.
    with pytest.raises(services.RuleBroken) as refused:
        services.booking_create(
            session=session, by=person, audience=services.Audience(profession="nursing")
        )
    assert {(p.field, p.message) for p in refused.value.each()} == set(
        {"profession": problems["profession"], "region": problems["region"]}.items()
    )
    booking = services.booking_create(
        session=session,
        by=person,
        audience=services.Audience(profession="medicine", region="london"),
    )
    assert booking.profession == "medicine"


def test_capacity_cannot_be_lowered_below_the_places_booked(session, staff):
    services.booking_create(session=session, by=UserFactory())
    services.booking_create(session=session, by=UserFactory())
    data = _data(session, capacity=1)
    with pytest.raises(services.RuleBroken, match="cannot be lower than 2"):
        services.session_update(session=session, by=staff, **data)
    session.refresh_from_db()
    assert session.capacity == 2 and session.sequence == 0


def reminders_at(now):
    with clock.at(now):
        return services.workshop_send_reminders()


def _data(session, **changes):
    data = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    data.update(changes)
    return data


def test_more_places_go_to_the_people_waiting(session, staff):
    for person in _people(4):
        services.booking_create(session=session, by=person, join_waiting_list=True)
    services.session_update(session=session, by=staff, **_data(session, capacity=3))
    assert Booking.objects.filter(status="booked").count() == 3
    assert Booking.objects.filter(status="waiting").get().user.email == "person3@example.net"


def test_moving_a_session_tells_everyone_booked_and_bumps_the_calendar_sequence(
    session, staff, sent
):
    a, b, c = _people(3)
    for person in (a, b):
        services.booking_create(session=session, by=person)
    services.booking_create(session=session, by=c, join_waiting_list=True)
    sent().clear()
    later = session.starts_at + dt.timedelta(days=7)
    services.session_update(
        session=session,
        by=staff,
        **_data(session, starts_at=later, booking_closes_at=later - dt.timedelta(days=1)),
    )
    session.refresh_from_db()
    assert session.sequence == 1
    mail = sent()
    assert sorted(m.to[0] for m in mail) == [a.email, b.email]
    assert all("has changed" in m.body and "Was:" in m.body for m in mail)


def test_cancelling_a_session_tells_everyone_booked_or_waiting(session, staff, sent):
    people = _people(3)
    for person in people:
        services.booking_create(session=session, by=person, join_waiting_list=True)
    sent().clear()
    services.session_cancel(session=session, by=staff)
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert sorted(m.to[0] for m in sent()) == sorted(p.email for p in people)
    with pytest.raises(services.RuleBroken, match="already cancelled"):
        services.session_cancel(session=session, by=staff)


def test_only_careers_staff_change_sessions(session):
    with pytest.raises(services.RuleBroken, match="Only careers staff"):
        services.session_cancel(session=session, by=UserFactory())


def test_only_the_booker_cancels_their_place(session):
    booking = services.booking_create(session=session, by=UserFactory())
    with pytest.raises(services.RuleBroken, match="Only the person who booked"):
        services.booking_cancel(booking=booking, by=UserFactory())


def test_a_new_session_must_be_in_the_future_with_its_place_or_link(staff):
    workshop = WorkshopFactory()
    start = timezone.now() + dt.timedelta(days=3)
    data = {
        "starts_at": start,
        "minutes": 60,
        "format": vocab.ONLINE,
        "place": "",
        "access_note": "",
        "joining_link": "",
        "capacity": 20,
        "booking_closes_at": start - dt.timedelta(hours=2),
    }
    with pytest.raises(services.RuleBroken, match="joining link"):
        services.session_create(workshop=workshop, by=staff, **data)
    with pytest.raises(services.RuleBroken, match="future"):
        services.session_create(
            workshop=workshop,
            by=staff,
            **{
                **data,
                "joining_link": "https://meet.example.org/x",
                "starts_at": timezone.now() - dt.timedelta(hours=1),
            },
        )
    session = services.session_create(
        workshop=workshop, by=staff, **{**data, "joining_link": "https://meet.example.org/x"}
    )
    assert session.is_online and not Session.objects.exclude(pk=session.pk).exists()


def test_a_new_session_whose_booking_deadline_has_passed_is_refused(staff):
    start = timezone.now() + dt.timedelta(days=30)
    with pytest.raises(services.RuleBroken, match="booking deadline must be in the future") as e:
        services.session_create(
            workshop=WorkshopFactory(),
            by=staff,
            starts_at=start,
            minutes=60,
            format=vocab.IN_PERSON,
            place="Room 4, Leeds",
            capacity=20,
            booking_closes_at=timezone.now() - dt.timedelta(days=1),
        )
    assert e.value.field == "booking_closes_at" and not Session.objects.exists()


# --- The reminder schedule and feedback ---------------------------------------------------


def test_reminders_go_once_a_day_before_and_again_after_a_move(staff, sent):
    now = timezone.now()
    soon = SessionFactory(starts_at=now + dt.timedelta(hours=20), capacity=1)
    later = SessionFactory(starts_at=now + dt.timedelta(days=5), capacity=5)
    booked = BookingFactory(session=soon)
    BookingFactory(session=later)
    waiting = BookingFactory(session=soon, status=Booking.Status.WAITING, booked_at=None)

    result = reminders_at(now)
    assert result.reminders == 1
    assert reminders_at(now + dt.timedelta(minutes=5)).reminders == 0
    mail = sent()
    assert [m.to[0] for m in mail] == [booked.user.email]
    assert mail[0].subject.startswith("Reminder:")
    assert waiting.user.email not in [m.to[0] for m in mail]

    # Moved by two hours: a new reminder for the new time.
    start = soon.starts_at + dt.timedelta(hours=2)
    with clock.at(now):
        services.session_update(
            session=soon,
            by=staff,
            **_data(soon, starts_at=start, booking_closes_at=start - dt.timedelta(hours=3)),
        )
    assert reminders_at(now + dt.timedelta(minutes=10)).reminders == 1


def test_the_schedule_asks_people_who_came_for_feedback_once(sent):
    now = timezone.now()
    held = SessionFactory(
        starts_at=now - dt.timedelta(hours=3), booking_closes_at=now - dt.timedelta(days=1)
    )
    came = BookingFactory(session=held, attended=True)
    BookingFactory(session=held, attended=False)
    result = reminders_at(now)
    assert result.feedback_requests == 1
    assert reminders_at(now).feedback_requests == 0
    mail = sent()
    assert [m.to[0] for m in mail] == [came.user.email]
    assert f"/bookings/{came.pk}/feedback/" in mail[0].body


def test_the_reminder_command_runs_the_schedule(capsys):
    now = timezone.now()
    BookingFactory(session=SessionFactory(starts_at=now + dt.timedelta(hours=2)))
    call_command("workshop_reminders")
    assert "1 reminder" in capsys.readouterr().out
    assert Email.objects.filter(category="support.reminder").count() == 1


def test_attendance_and_feedback(staff):
    now = timezone.now()
    held = SessionFactory(
        starts_at=now - dt.timedelta(hours=3), booking_closes_at=now - dt.timedelta(days=1)
    )
    came, missed = BookingFactory(session=held), BookingFactory(session=held)
    services.attendance_record(session=held, by=staff, attended={came.pk: True, missed.pk: False})
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.attended is True and missed.attended is False
    with pytest.raises(services.RuleBroken, match="people who came"):
        services.feedback_submit(booking=missed, by=missed.user, rating=4)
    services.feedback_submit(booking=came, by=came.user, rating=5, comments="Clear and kind.")
    with pytest.raises(services.RuleBroken, match="already given feedback"):
        services.feedback_submit(booking=came, by=came.user, rating=3)
    assert Feedback.objects.get().rating == 5


def test_attendance_cannot_be_taken_days_before(staff, session):
    booking = BookingFactory(session=session)
    with pytest.raises(services.RuleBroken, match="an hour before"):
        services.attendance_record(session=session, by=staff, attended={booking.pk: True})


def test_having_attended_a_workshop_before_does_not_stop_booking_a_later_date():
    now = timezone.now()
    person = UserFactory()
    held = SessionFactory(
        starts_at=now - dt.timedelta(days=30), booking_closes_at=now - dt.timedelta(days=31)
    )
    BookingFactory(session=held, user=person, attended=True)
    later = SessionFactory(workshop=held.workshop)
    assert services.booking_create(session=later, by=person).status == Booking.Status.BOOKED


def test_workshops_and_resources_are_written_by_careers_staff_under_free_web_address_names(
    staff,
):
    member = UserFactory()
    fields = {
        "title": "Choosing a specialty",
        "slug": "choosing",
        "summary": "An evening workshop.",
        "facilitator": "Dr Sam Okafor",
    }
    with pytest.raises(services.RuleBroken, match="Only careers staff"):
        services.workshop_create(by=member, **fields)
    with pytest.raises(services.SlugTaken, match="taken by a page of its own"):
        services.workshop_create(by=staff, **{**fields, "slug": "manage"})
    workshop = services.workshop_create(by=staff, **fields)
    assert (workshop.slug, workshop.open_to_all, workshop.is_published) == ("choosing", True, False)

    pdf = services.Document(content=b"%PDF-1.4 demo", name="uploads/guide.pdf")
    resource = services.resource_create(
        by=staff,
        kind=vocab.DOCUMENT,
        title="A guide",
        slug="a-guide",
        summary="What the guide says.",
        audiences=["trainees"],
        topics=["applying"],
        review_on=timezone.localdate(),
        owner="Careers team",
        document=pdf,
        accessibility_note="Tagged headings.",
    )
    assert (resource.document_name, resource.document_size) == ("guide.pdf", len(pdf.content))
    with pytest.raises(services.SlugTaken):
        services.resource_create(by=staff, **{**_resource_fields(resource), "slug": "review"})
    changed = services.resource_update(
        resource=resource, by=staff, document=None, **{**_resource_fields(resource), "title": "B"}
    )
    changed.refresh_from_db()
    assert changed.title == "B" and bytes(changed.document) == pdf.content


def _resource_fields(resource):
    names = ("kind", "title", "slug", "summary", "body", "url", "publisher", "checked_on")
    names += ("accessibility_note", "audiences", "topics", "roles", "review_on", "owner")
    return {name: getattr(resource, name) for name in (*names, "is_published")}


def test_a_member_who_turned_workshop_reminders_off_gets_no_reminder_but_still_the_booking(
    staff, sent
):
    # The reminder and the feedback request are non-essential (accounts.mail), so a member may
    # turn them off on their email preferences page; a booking's own emails always come.
    person = UserFactory(email_opt_outs=["support.reminder"])
    now = timezone.now()
    session = SessionFactory(starts_at=now + dt.timedelta(hours=20), capacity=5)
    with clock.at(now - dt.timedelta(days=3)):
        services.booking_create(session=session, by=person)
    reminders_at(now)
    assert [m.subject.split(":")[0] for m in sent()] == ["Booked"]
