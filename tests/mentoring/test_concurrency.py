"""Capacity under concurrent proposals: real threads, each with its own database connection,
all proposing at once."""

import threading

import pytest
from django.db import connection

from mentoring import services
from mentoring.models import Match
from mentoring.services import RuleBroken
from tests.factories import UserFactory
from tests.mentoring.factories import MenteeFactory, MentorFactory, SchemeFactory


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_proposals_for_a_mentor_with_capacity_two_make_exactly_two():
    leader = UserFactory()
    scheme = SchemeFactory(leaders=[leader])
    mentor = MentorFactory(scheme=scheme, capacity=2)
    mentees = [MenteeFactory(scheme=scheme) for _ in range(20)]
    start = threading.Barrier(len(mentees))
    outcomes = []
    lock = threading.Lock()

    def propose(mentee):
        try:
            start.wait()  # every thread proposes at the same moment
            services.match_propose(mentor=mentor, mentee=mentee, by=leader)
            outcome = "created"
        except RuleBroken as refusal:
            outcome = refusal.message
        except Exception as error:  # noqa: BLE001 - any other error fails the test below
            outcome = repr(error)
        finally:
            connection.close()  # each thread had its own connection
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=propose, args=(mentee,)) for mentee in mentees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 20
    assert outcomes.count("created") == 2
    assert set(outcomes) - {"created"} == {"The mentor is at capacity (2 mentees)."}
    assert Match.objects.filter(mentor=mentor, status="proposed").count() == 2
    assert sorted(Match.objects.filter(mentor=mentor).values_list("mentor_slot", flat=True)) == [
        1,
        2,
    ]
