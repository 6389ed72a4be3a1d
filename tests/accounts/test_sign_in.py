import time

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from tests.factories import PASSWORD
from tests.responses import assert_page

SIGN_IN = reverse("accounts:sign-in")


def test_staff_groups_exist_from_the_data_migration(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.STAFF_ROLES)


def test_user_signs_in_with_email_in_any_case(client, member):
    response = client.post(SIGN_IN, {"username": "Member@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == member


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(client, member):
    response = client.post(SIGN_IN, {"username": "member@example.org", "password": "wrong"})
    assert_page(
        response,
        "<title>Error: Sign in",
        "nhsuk-error-summary",
        "Enter a correct email address and password.",
        'value="member@example.org"',
    )
    assert 'value="wrong"' not in response.content.decode()


def test_missing_fields_are_each_reported_with_a_link_to_the_field(client, db):
    html = client.post(SIGN_IN, {}).content.decode()
    assert 'href="#id_username"' in html
    assert 'href="#id_password"' in html


def test_failed_sign_ins_are_throttled(client, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"username": "member@example.org", "password": "wrong"})
    response = client.post(SIGN_IN, {"username": "member@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_sign_out_page_does_not_sign_out_on_get(client_for, member):
    client = client_for(member)
    client.get(reverse("accounts:sign-out"))
    assert client.get("/").wsgi_request.user.is_authenticated
    client.post(reverse("accounts:sign-out"))
    assert not client.get("/").wsgi_request.user.is_authenticated


def _age_session(client, **ages):
    session = client.session
    now = time.time()
    for key, seconds in ages.items():
        session[key] = now - seconds
    session.save()


def test_session_ends_after_15_minutes_without_a_request(client_for, member):
    client = client_for(member)
    client.get("/")
    _age_session(client, last_seen_at=15 * 60 + 5)
    response = client.get("/careers/")
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_session_ends_12_hours_after_sign_in_even_when_active(client_for, member):
    client = client_for(member)
    client.get("/")
    _age_session(client, signed_in_at=12 * 3600 + 5, last_seen_at=10)
    assert client.get("/").status_code == 302


def test_active_session_is_kept(client_for, member):
    client = client_for(member)
    client.get("/")
    _age_session(client, signed_in_at=3600, last_seen_at=60)
    response = client.get("/")
    assert response.status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < 5
    assert SIGNED_IN_AT in client.session


def test_a_request_soon_after_the_last_does_not_write_the_session(client_for, member):
    client = client_for(member)
    client.get("/")
    _age_session(client, last_seen_at=10)
    seen = client.session[LAST_SEEN_AT]
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/careers/").status_code == 200
    assert not [q for q in captured.captured_queries if "UPDATE" in q["sql"]]
    assert client.session[LAST_SEEN_AT] == seen
    # Still stored often enough that the limit is never passed: 15 minutes after the stored
    # time the session ends, whatever requests came in its last 30 seconds.
    _age_session(client, last_seen_at=15 * 60 + 1)
    assert client.get("/careers/").status_code == 302


def test_sessions_are_stored_in_the_database(client_for, member):
    from django.contrib.sessions.models import Session

    client_for(member).get("/")
    assert Session.objects.exists()
