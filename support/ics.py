"""iCalendar (RFC 5545) files for workshop sessions, written by hand: one VEVENT in a
VCALENDAR is a few lines, and the rules that matter are small and tested here (CRLF line ends,
lines folded at 75 octets without splitting a UTF-8 character, TEXT values escaped, times in
UTC, a stable UID with a SEQUENCE that grows when a session moves, METHOD:CANCEL with
STATUS:CANCELLED when it is cancelled). No library is needed for that, and a library would be
one more dependency to keep up to date for a file this size. Pure code: no Django, no
database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PRODID = "-//Mental health careers//Careers support workshops//EN"


@dataclass(frozen=True)
class Event:
    uid: str
    start: dt.datetime  # aware
    end: dt.datetime  # aware
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    stamp: dt.datetime | None = None  # aware; DTSTAMP


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line (3.1), never inside a
    UTF-8 character; continuation lines begin with one space."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation line's leading space counts
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("iCalendar times here must be timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: list[Event]) -> str:
    cancelled = any(event.cancelled for event in events)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
    ]
    for event in events:
        stamp = event.stamp or dt.datetime.now(dt.UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc(stamp)}",
            f"DTSTART:{utc(event.start)}",
            f"DTEND:{utc(event.end)}",
            f"SEQUENCE:{event.sequence}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def unfold(text: str) -> list[str]:
    """The content lines of an iCalendar text (the reverse of `fold`), for reading back."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]
