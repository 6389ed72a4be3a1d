"""Assertions on responses shared by the test modules (an ordinary module, not a conftest)."""

import csv
import io
from html import escape


def assert_page(response, *texts, status=200):
    """The response has this status and shows every one of these texts (as written, or
    HTML-escaped as the templates print it). Returns the response."""
    path = response.request.get("PATH_INFO", "")
    assert response.status_code == status, f"{path} answered {response.status_code}"
    body = response.content.decode()
    for text in texts:
        assert text in body or escape(text) in body, f"{text!r} is not on {path}"
    return response


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download as a spreadsheet reads them (the byte-order mark the
    downloads start with dropped)."""
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
