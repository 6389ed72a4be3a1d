"""Logs: one line per record with time, level, logger and request id; the request id also in
the X-Request-ID header; 403 and 404 logged as one line, without a traceback."""

import logging
import re
import sys
import urllib.error
import urllib.request

import pytest

from config.logging import OneLineFormatter, RequestIdFilter
from tests.factories import UserFactory
from tests.servers import gunicorn

LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 (?P<level>[A-Z]+) (?P<logger>\S+) "
    r"request_id=(?P<id>\S+) (?P<message>.*)$"
)


def test_every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/healthz")["X-Request-ID"] != made
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")["X-Request-ID"]
    assert kept == "lb-7f3a.42"
    for hostile in ("two words", "x" * 129, "<script>", "a\u00e9b"):
        replaced = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", replaced), hostile


def test_the_log_format_is_one_line_with_time_level_logger_and_request_id():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        record = logging.LogRecord(
            "careers.services", logging.ERROR, __file__, 1, "Import %s failed", ("7",), None
        )
        record.exc_info = sys.exc_info()
    RequestIdFilter().filter(record)
    line = OneLineFormatter().format(record)
    assert "\n" not in line
    parts = LINE.match(line)
    assert parts, line
    assert (parts["level"], parts["logger"], parts["id"]) == ("ERROR", "careers.services", "-")
    assert parts["message"].startswith("Import 7 failed\\nTraceback")
    assert "ValueError: broken\\nacross lines" in parts["message"]


def test_the_settings_send_every_record_through_the_one_line_handler():
    handlers = logging.getLogger().handlers
    ours = [h for h in handlers if isinstance(h.formatter, OneLineFormatter)]
    assert ours, handlers
    assert any(isinstance(f, RequestIdFilter) for f in ours[0].filters)
    # Django's own console handler is gone: no line is written twice.
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django.server").handlers == []


def test_404_and_403_are_logged_as_one_warning_without_a_traceback(client, db, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    assert client.get("/no-such-page/").status_code == 404
    client.force_login(UserFactory(email="nobody@example.org"))
    assert client.get("/careers/imports/").status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("WARNING", "Not Found: /no-such-page/"),
        ("WARNING", "Forbidden (Permission denied): /careers/imports/"),
    ]
    assert all(r.exc_info is None and r.exc_text is None for r in records)


@pytest.mark.django_db(transaction=True)
def test_a_real_server_logs_one_line_with_the_request_id_it_sends_back(tmp_path):
    log = tmp_path / "server.log"
    with gunicorn(log=log) as base:
        request = urllib.request.Request(
            base + "/no-such-page/", headers={"X-Request-ID": "probe-123"}
        )
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(request)  # noqa: S310
        assert missing.value.code == 404
        assert missing.value.headers["X-Request-ID"] == "probe-123"
    lines = [line for line in log.read_text().splitlines() if "request_id=probe-123" in line]
    assert len(lines) == 1, log.read_text()[-2000:]
    parts = LINE.match(lines[0])
    assert parts and (parts["level"], parts["logger"]) == ("WARNING", "django.request")
    assert parts["message"] == "Not Found: /no-such-page/"
    assert "Traceback" not in log.read_text()
