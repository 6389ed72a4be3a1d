"""Sign-in throttling as an outsider would try it: the admin's form, letter case, a proxy in
front (X-Forwarded-For), many accounts from one client, and locking the real user out."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

SIGN_IN = reverse("accounts:sign-in")
ADMIN_SIGN_IN = reverse("admin:login")
pytestmark = pytest.mark.django_db


def post(path, email, password, **meta):
    meta.setdefault("REMOTE_ADDR", "10.0.0.1")
    return Client().post(path, {"username": email, "password": password}, **meta)


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


@pytest.mark.parametrize("form", [SIGN_IN, ADMIN_SIGN_IN])
def test_changing_the_case_of_the_email_on_either_form_does_not_get_round_the_lock(
    superuser, settings, form
):
    spellings = ["Admin@example.org", "ADMIN@example.org", "admin@EXAMPLE.org", "aDmin@example.org"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        post(form, spellings[n % len(spellings)], "wrong")
    for path in (SIGN_IN, ADMIN_SIGN_IN):
        response = post(path, "AdMiN@Example.Org", PASSWORD)
        assert response.status_code == 429, path
        assert "Too many attempts" in response.content.decode()


def test_failures_on_the_admin_form_and_the_portal_form_count_together(superuser, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        post(SIGN_IN if n % 2 else ADMIN_SIGN_IN, "ADMIN@example.org", "wrong")
    assert post(ADMIN_SIGN_IN, "admin@example.org", PASSWORD).status_code == 429


def test_the_admin_signs_in_with_the_email_in_any_case(superuser):
    response = post(ADMIN_SIGN_IN, " Admin@Example.ORG", PASSWORD, HTTP_HOST="localhost")
    assert response.status_code == 302 and signed_in(response)


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(member, settings):
    """One proxy: it appends the client's address; whatever the client sent before it is not
    trusted. Failures from one client lock that client, not everyone behind the proxy."""
    settings.PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker varies the part of the header they control.
        post(
            SIGN_IN,
            "member@example.org",
            "wrong",
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        )
    locked = post(
        SIGN_IN,
        "member@example.org",
        PASSWORD,
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9",
    )
    assert locked.status_code == 429
    # The real user, another client behind the same proxy, is not locked out.
    real = post(
        SIGN_IN,
        "member@example.org",
        PASSWORD,
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert signed_in(real)


def test_with_no_proxy_configured_x_forwarded_for_is_ignored(member, settings):
    settings.PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        post(SIGN_IN, "member@example.org", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert (
        post(SIGN_IN, "member@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.7").status_code
        == 429
    )


def test_two_proxies_take_the_address_the_outer_proxy_saw(member, settings):
    settings.PROXY_COUNT = 2
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        post(
            SIGN_IN,
            "member@example.org",
            "wrong",
            **meta,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9, 10.0.0.3",
        )
    assert (
        post(
            SIGN_IN,
            "member@example.org",
            PASSWORD,
            **meta,
            HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.3",
        ).status_code
        == 429
    )
    assert signed_in(
        post(
            SIGN_IN,
            "member@example.org",
            PASSWORD,
            **meta,
            HTTP_X_FORWARDED_FOR="203.0.113.10, 10.0.0.3",
        )
    )


def test_one_client_trying_many_accounts_is_stopped(db, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 6
    users = [UserFactory(email=f"person{n}@example.org") for n in range(8)]
    # Two failures on each account: under the per-account limit every time; the failure that
    # reaches the address-wide limit is answered with the lockout page.
    answers = [post(SIGN_IN, user.email, "wrong").status_code for user in users[:3] for _ in "ab"]
    assert answers == [200] * 5 + [429]
    # The client is now stopped on every account, even with the right password...
    response = post(SIGN_IN, users[7].email, PASSWORD)
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    # ...while the same accounts sign in from anywhere else.
    assert signed_in(post(SIGN_IN, users[7].email, PASSWORD, REMOTE_ADDR="10.0.0.99"))
    assert signed_in(post(SIGN_IN, users[0].email, PASSWORD, REMOTE_ADDR="10.0.0.99"))


def test_an_attacker_cannot_lock_the_real_user_out_from_everywhere(member, settings):
    """Many failures for the account from many addresses: the real user, from their own
    address, still signs in; the account itself is never locked."""
    for n in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT + 2):
            post(SIGN_IN, "member@example.org", "wrong", REMOTE_ADDR=f"198.51.100.{n}")
    assert signed_in(post(SIGN_IN, "member@example.org", PASSWORD, REMOTE_ADDR="203.0.113.5"))
