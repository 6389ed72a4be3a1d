"""Assertions on responses shared by the test modules (an ordinary module, not a conftest)."""

import csv
import io

from django.utils.html import escape as django_escape
from markupsafe import escape as jinja_escape


def shows(body: str, text: str) -> bool:
    """Whether the HTML `body` shows `text`: as written, or escaped as Jinja prints it (O&#39;Neill)
    or as Django's templates do (the admin: O&#x27;Neill). Test names come from Faker, so an
    apostrophe turns up now and then."""
    return any(form in body for form in (text, str(jinja_escape(text)), str(django_escape(text))))


def assert_page(response, *texts, status=200):
    """The response has this status and shows every one of these texts (as written, or
    HTML-escaped as the templates print it). Returns the response."""
    path = response.request.get("PATH_INFO", "")
    assert response.status_code == status, f"{path} answered {response.status_code}"
    body = response.content.decode()
    for text in texts:
        assert shows(body, text), f"{text!r} is not on {path}"
    return response


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download as a spreadsheet reads them (the byte-order mark the
    downloads start with dropped)."""
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
