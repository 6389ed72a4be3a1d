"""Request bodies are capped in the application: an over-size Content-Length is refused with a
clear 413 page before anything reads the body (the CSRF check would otherwise parse it, and a
multipart upload would be spooled to a temporary file first); only the survey upload page
takes large files, and only from signed-in users."""

import socket

import pytest
from django.urls import reverse

from tests.servers import gunicorn

pytestmark = pytest.mark.django_db
HUGE = 200 * 1024 * 1024


def declared(client, path, length, content_type="multipart/form-data; boundary=xyz"):
    """A POST that declares `length` bytes but carries none: reading the body would fail."""
    return client.generic("POST", path, b"", content_type=content_type, CONTENT_LENGTH=str(length))


@pytest.mark.parametrize(
    "path",
    [reverse("referrals:new"), reverse("referrals:new-educator"), reverse("accounts:sign-in")],
)
def test_an_over_size_form_is_refused_with_a_413_page_before_the_body_is_read(client, path):
    for content_type in ("multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded"):
        response = declared(client, path, HUGE, content_type)
        assert response.status_code == 413
        html = response.content.decode()
        assert "The file or form you sent is too large" in html
        assert "nothing was saved" in html


def test_an_anonymous_upload_to_the_survey_import_is_refused_at_the_small_limit(client, settings):
    response = declared(client, reverse("careers:import"), settings.REQUEST_MAX_BYTES + 1)
    assert response.status_code == 413


def test_an_analyst_may_send_a_large_survey_file_but_not_over_the_upload_limit(
    client_for, survey_analyst, settings
):
    client = client_for(survey_analyst)
    response = declared(client, reverse("careers:import"), settings.UPLOAD_MAX_BYTES + 2**21)
    assert response.status_code == 413
    # A real file over the small limit is read and judged by the upload form.
    big = b"respondent_id\n" + b"x\n" * (settings.REQUEST_MAX_BYTES // 2 + 10)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("careers:import"),
        {"file": SimpleUploadedFile("wave.csv", big, "text/csv"), "wave_name": "Big wave"},
    )
    assert response.status_code != 413


def test_a_form_within_the_limit_is_answered_as_usual(client):
    response = client.post(reverse("accounts:sign-in"), {"username": "a@example.org"})
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_real_server_answers_413_without_waiting_for_the_body():
    """On gunicorn, as `make serve` runs it: the headers of a 200 MB upload and a few bytes of
    it. If anything tried to read the body, the answer would never come."""
    with gunicorn() as base:
        port = int(base.rsplit(":", 1)[1])
        for extra in (f"Content-Length: {HUGE}", "Transfer-Encoding: chunked"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                sock.sendall(
                    (
                        "POST /referrals/new/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: multipart/form-data; boundary=xyz\r\n"
                        f"{extra}\r\n\r\n--xyz\r\n"
                    ).encode()
                )
                answer = b""
                while b"\r\n\r\n" not in answer:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    answer += chunk
            status = answer.split(b"\r\n", 1)[0]
            assert status.endswith(b"413 Request Entity Too Large") or b" 411 " in status, status
