"""Sign-in throttling (django-axes): per account and address, the right password refused
while locked, the lock lifted after the cool-off, failures forgotten after a success, and no
way round it by changing the case of the email address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

SIGN_IN = reverse("accounts:sign-in")
pytestmark = pytest.mark.django_db


def attempt(client, email, password, address="10.0.0.1"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address)


def fail(client, email, times, address="10.0.0.1"):
    for _ in range(times):
        response = attempt(client, email, "wrong", address)
        assert response.status_code in (200, 429)


def signed_in(client):
    return client.get("/").wsgi_request.user.is_authenticated


def test_the_right_password_is_refused_while_the_account_is_locked(client, member, settings):
    fail(client, "member@example.org", settings.AXES_FAILURE_LIMIT)
    response = attempt(client, "member@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not signed_in(client)


def test_the_lock_is_per_account_and_address(client, member, settings):
    other = UserFactory(email="other@example.org")
    fail(client, "member@example.org", settings.AXES_FAILURE_LIMIT, "10.0.0.1")
    # The same account from another address, and another account from the same address.
    assert attempt(client, "member@example.org", PASSWORD, "10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, other.email, PASSWORD, "10.0.0.1").status_code == 302
    client.logout()
    assert attempt(client, "member@example.org", PASSWORD, "10.0.0.1").status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, member, settings):
    fail(client, "member@example.org", settings.AXES_FAILURE_LIMIT)
    assert attempt(client, "member@example.org", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=5)
    )
    assert attempt(client, "member@example.org", PASSWORD).status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, member, settings):
    fail(client, "member@example.org", settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, "member@example.org", PASSWORD).status_code == 302
    client.logout()
    fail(client, "member@example.org", settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, "member@example.org", PASSWORD).status_code == 302


def test_changing_the_case_of_the_email_does_not_get_round_the_lock(client, member, settings):
    """Email addresses sign in in any case, so they must count as one account here too."""
    spellings = [
        "member@example.org",
        "MEMBER@example.org",
        "Member@Example.org",
        "mEmber@example.ORG",
        "memBer@example.org",
        " member@example.org",
    ]
    for spelling in spellings[: settings.AXES_FAILURE_LIMIT]:
        attempt(client, spelling, "wrong")
    assert attempt(client, "MeMbEr@example.org", PASSWORD).status_code == 429
    assert not signed_in(client)
