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
