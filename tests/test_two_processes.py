"""Past one machine: app processes share nothing but the database, so a session started on
one is valid on another."""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.factories import PASSWORD, server_user
from tests.servers import gunicorn


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


@pytest.mark.django_db(transaction=True)
def test_a_session_started_on_one_app_process_is_valid_on_another():
    server_user(email="traveller@example.org")
    opener, _jar = _opener()
    with gunicorn() as first, gunicorn() as second:
        assert first != second
        page = opener.open(first + "/accounts/sign-in/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": "traveller@example.org",
                "password": PASSWORD,
            }
        ).encode()
        request = urllib.request.Request(
            first + "/accounts/sign-in/",
            data=data,
            headers={"Referer": first + "/accounts/sign-in/"},
        )
        opener.open(request)
        home_on_second = opener.open(second + "/").read().decode()
        assert "traveller@example.org" in home_on_second


@pytest.mark.django_db(transaction=True)
def test_production_like_server_sends_security_headers_and_serves_static_files():
    with gunicorn() as base:
        response = urllib.request.urlopen(base + "/")
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "script-src 'self' 'nonce-" in headers["Content-Security-Policy"]
        html = response.read().decode()
        css = re.search(r'href="(/static/vendor/[^"]+\.css)"', html).group(1)
        assert re.search(r"\.[0-9a-f]{12}\.css$", css), "static files are hashed by the manifest"
        static = urllib.request.urlopen(base + css)
        assert static.status == 200
        assert "max-age=315360000" in static.headers["Cache-Control"]
