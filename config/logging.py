"""Logs: one line per record with the time, level, logger and the request's id, and the
request id middleware that sets it and sends it back in `X-Request-ID`.

A request arriving with a sane `X-Request-ID` (from a reverse proxy or a load balancer) keeps
it, so one id follows the request through every tier; otherwise a new one is made. Records
logged outside a request (the worker, commands) show `-`."""

import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:@+=-]{1,128}")
_request_id: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


def _record_request_id(record: logging.LogRecord) -> str:
    # Django logs a 404 after the middleware has returned, with the request on the record.
    request = getattr(record, "request", None)
    return getattr(request, "request_id", None) or _request_id.get()


def _incoming(request) -> str | None:
    value = request.META.get("HTTP_X_REQUEST_ID", "")
    return value if _SANE.fullmatch(value) else None


class RequestIdMiddleware:
    """First in the chain: every log line of the request carries its id, and so does the
    response (`X-Request-ID`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _incoming(request) or uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _record_request_id(record)
        return True


class NoTracebackBelow500(logging.Filter):
    """A refused or missing page (403, 404, any 4xx) is an outcome, not a fault: log the one
    line Django writes for it, without the traceback of the exception that made it."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


class OneLineFormatter(logging.Formatter):
    """`2026-12-01T10:20:00.123+00:00 WARNING django.request request_id=ab12 Not Found: /x`,
    with the line breaks of a message or traceback written as `\\n`, so that each record is
    one line for whatever collects the logs."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s")

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's name
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = _record_request_id(record)
        return super().format(record).replace("\r", "").replace("\n", "\\n")


def config(level: str) -> dict:
    """The LOGGING setting: every record to standard error through one handler."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "one_line",
        "filters": ["request_id", "no_traceback_below_500"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "config.logging.RequestIdFilter"},
            "no_traceback_below_500": {"()": "config.logging.NoTracebackBelow500"},
        },
        "formatters": {"one_line": {"()": "config.logging.OneLineFormatter"}},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own handlers are replaced by the one above (no second copy of a line).
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": level, "propagate": True},
            # The filter on the logger too, so that no handler (a test's included) gets the
            # traceback of a 4xx.
            "django.request": {"filters": ["no_traceback_below_500"], "propagate": True},
            "axes": {"level": "WARNING"},
        },
    }
