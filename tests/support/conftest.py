import pytest

from accounts import roles
from tests.factories import UserFactory
from tests.support.factories import SessionFactory


@pytest.fixture
def staff(db):
    return UserFactory(email="careers@example.org", roles=[roles.CAREERS_STAFF])


@pytest.fixture
def person(db):
    return UserFactory(email="aisha@example.net", full_name="Aisha Rahman")


@pytest.fixture
def session(db):
    return SessionFactory(capacity=2)


@pytest.fixture
def sent(mailoutbox):
    """Send what the outbox holds and return Django's test mailbox."""
    from outbox.sending import outbox_send_due

    def send():
        outbox_send_due()
        return mailoutbox

    return send


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Many users per test: a fast hasher (the real one is tested in tests/accounts)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
