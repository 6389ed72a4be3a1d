"""Fixtures for the mentoring tests: a scheme with its leader, another scheme with another
leader, a mentor and a mentee, and a match between them."""

import pytest

from accounts import roles
from tests.factories import UserFactory
from tests.mentoring.factories import MatchFactory, MenteeFactory, MentorFactory, SchemeFactory


@pytest.fixture
def leader(scheme_leader):
    return scheme_leader


@pytest.fixture
def scheme(leader):
    return SchemeFactory(name="Psychological professions network", slug="ppn", leaders=[leader])


@pytest.fixture
def other_leader(db):
    return UserFactory(email="other-leader@example.org", roles=[roles.SCHEME_LEADERS])


@pytest.fixture
def other_scheme(other_leader):
    return SchemeFactory(name="Forensic network", slug="forensic", leaders=[other_leader])


@pytest.fixture
def mentor(scheme):
    return MentorFactory(scheme=scheme, user=UserFactory(email="mentor@example.org"))


@pytest.fixture
def mentee(scheme, member):
    return MenteeFactory(scheme=scheme, user=member)


@pytest.fixture
def match(scheme, mentor, mentee, leader):
    return MatchFactory(scheme=scheme, mentor=mentor, mentee=mentee, proposed_by=leader)


@pytest.fixture
def outsider(db):
    """A signed-in member with nothing to do with the scheme."""
    return UserFactory(email="outsider@example.org")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factories hash a password for every user they make; the slow default hasher would
    dominate these tests' time and is tested by accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
