"""Many people booking the last places at once, on real connections and real transactions:
the capacity holds, the rest go on the waiting list, nobody gets two places."""

import pytest

from outbox.models import Email
from support import services
from support.models import Booking, Session
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.support.factories import SessionFactory


def _book(user_id, session_id, waiting):
    def run():
        from accounts.models import User

        return services.booking_create(
            session=Session(pk=session_id),
            by=User.objects.get(pk=user_id),
            join_waiting_list=waiting,
        )

    return run


@pytest.mark.django_db(transaction=True)
def test_twenty_people_booking_five_places_at_once_get_five_places_and_fifteen_waiting():
    session = SessionFactory(capacity=5)
    people = [UserFactory(email=f"p{n}@example.net") for n in range(20)]
    results = run_together([_book(p.pk, session.pk, True) for p in people])
    assert all(isinstance(r, Booking) for r in results), results
    assert Booking.objects.filter(status="booked").count() == 5
    assert Booking.objects.filter(status="waiting").count() == 15
    assert Email.objects.filter(category="support.booked").count() == 5


@pytest.mark.django_db(transaction=True)
def test_ten_people_racing_for_three_places_without_the_waiting_list_seven_are_told_full():
    session = SessionFactory(capacity=3)
    people = [UserFactory(email=f"q{n}@example.net") for n in range(10)]
    results = run_together([_book(p.pk, session.pk, False) for p in people])
    assert sum(isinstance(r, Booking) for r in results) == 3
    assert sum(isinstance(r, services.SessionFull) for r in results) == 7, results
    assert Booking.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_one_person_double_clicking_book_gets_one_place():
    session = SessionFactory(capacity=5)
    person = UserFactory()
    results = run_together([_book(person.pk, session.pk, True) for _ in range(4)])
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert sum(isinstance(r, services.RuleBroken) for r in results) == 3, results
    assert Booking.objects.filter(user=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_cancellations_and_bookings_at_once_never_exceed_the_capacity():
    session = SessionFactory(capacity=3)
    holders = [UserFactory(email=f"h{n}@example.net") for n in range(3)]
    places = [services.booking_create(session=session, by=h) for h in holders]
    newcomers = [UserFactory(email=f"n{n}@example.net") for n in range(6)]
    jobs = [
        (lambda b=b, u=u: services.booking_cancel(booking=b, by=u))
        for b, u in zip(places, holders, strict=True)
    ] + [_book(u.pk, session.pk, True) for u in newcomers]
    results = run_together(jobs)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Booking.objects.filter(status="booked").count() == 3
    assert Booking.objects.filter(status="waiting").count() == 3


@pytest.mark.django_db
def test_locking_reads_that_join_other_tables_lock_only_their_own_rows():
    """A cancellation that promotes someone must not lock the workshop row through a join: a
    booking holds the workshop's lock and waits for the session's, so that would deadlock."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = SessionFactory(capacity=1)
    holder, waiting = UserFactory(), UserFactory()
    place = services.booking_create(session=session, by=holder)
    services.booking_create(session=session, by=waiting, join_waiting_list=True)
    with CaptureQueriesContext(connection) as queries:
        services.booking_cancel(booking=place, by=holder)
    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) >= 3
    joined = [sql for sql in locking if " JOIN " in sql]
    assert joined and all("FOR UPDATE OF" in sql for sql in joined), joined
