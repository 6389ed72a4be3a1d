import pytest
from django.test import Client
from django.urls import reverse

PUBLIC_PAGES = [
    "home",
    "accessibility",
    "privacy",
    "pathways:index",
    "careers:index",
    "mentoring:index",
    "referrals:index",
    "accounts:sign-in",
    "accounts:sign-out",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_open_for_anonymous_visitors(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'<html lang="en"' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "pathways:index", "careers:index"])
def test_public_pages_open_for_members_and_staff(client_for, member, careers_staff, name):
    for user in (member, careers_staff):
        assert client_for(user).get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_header_shows_who_is_signed_in(client_for, member):
    response = client_for(member).get("/")
    assert b"member@example.org" in response.content
    assert b"Sign out" in response.content


@pytest.mark.django_db
def test_every_page_carries_the_security_headers_and_a_nonce_csp(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" in response or not response.wsgi_request.is_secure()
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content


@pytest.mark.django_db
def test_hsts_is_sent_over_https(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_unknown_page_gets_the_404_page_in_the_portal_look(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"nhsuk-header" in response.content


@pytest.mark.django_db
def test_server_error_page_is_in_the_portal_look_without_a_trace(rf):
    from config.views import server_error

    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"Traceback" not in response.content


@pytest.mark.django_db
def test_permission_denied_page_is_in_the_portal_look(rf):
    from django.contrib.auth.models import AnonymousUser

    from config.views import permission_denied

    request = rf.get("/")
    request.user = AnonymousUser()
    response = permission_denied(request)
    assert response.status_code == 403
    assert b"You do not have permission" in response.content


@pytest.mark.django_db
def test_pages_refuse_state_changing_methods_they_do_not_take(client):
    assert client.post("/").status_code == 405
    assert client.head("/").status_code == 200


@pytest.mark.django_db
def test_forms_need_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:sign-in"), {"username": "a@b.org", "password": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_database_errors_give_the_503_page_without_a_trace(rf):
    from django.db import OperationalError

    from config.views import server_error

    request = rf.get("/")
    try:
        raise OperationalError("connection to server on socket failed")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert b"Sorry, the service is unavailable" in response.content
    assert b"socket" not in response.content
