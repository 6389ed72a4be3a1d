import pytest

from accounts import roles
from tests.factories import UserFactory
from tests.referrals.factories import AdviserProfileFactory, ReferralFactory, SupportServiceFactory


@pytest.fixture
def manager(db):
    """Careers staff with the manager flag: reads the audit trail."""
    user = UserFactory(email="manager@example.org", roles=[roles.CAREERS_STAFF])
    AdviserProfileFactory(user=user, is_manager=True)
    return user


@pytest.fixture
def adviser(db):
    return UserFactory(
        email="adviser@example.org", full_name="Jordan Ellis", roles=[roles.CAREERS_STAFF]
    )


@pytest.fixture
def referral(db):
    return ReferralFactory(name="Aisha Rahman", email="aisha@example.net")


@pytest.fixture
def service(db):
    return SupportServiceFactory(name="NHS Practitioner Health")


@pytest.fixture
def allocated(db, adviser):
    return ReferralFactory(state="allocated", priority="routine", adviser=adviser)


@pytest.fixture
def in_support(db, adviser):
    from django.utils import timezone

    return ReferralFactory(
        state="in_support",
        priority="routine",
        adviser=adviser,
        first_contact_at=timezone.now(),
        first_contact_working_days=0,
    )


class _SentByTheWorker:
    """The emails the outbox's worker sends: reading it first sends whatever the services wrote
    to the outbox (as `outbox_send_due` does in the worker), then reads Django's test outbox."""

    def __init__(self, sent):
        self._sent = sent

    def _flush(self):
        from outbox.sending import outbox_send_due

        outbox_send_due()
        return self._sent

    def __iter__(self):
        return iter(self._flush())

    def __len__(self):
        return len(self._flush())

    def __getitem__(self, index):
        return self._flush()[index]

    def __bool__(self):
        return bool(self._flush())

    def clear(self):
        self._flush().clear()


@pytest.fixture
def mailoutbox(mailoutbox):
    """Referral emails go through the outbox; this reads them as the worker would send them."""
    return _SentByTheWorker(mailoutbox)
