"""The calendar file, as plain code (no database). The report's chart is drawn by the shared
macros: tests/config/test_charts.py."""

import datetime as dt

from support import ics

START = dt.datetime(2027, 3, 14, 13, 30, tzinfo=dt.UTC)


def _event(**changes):
    values = {
        "uid": "session-7@mental-health-careers",
        "start": START,
        "end": START + dt.timedelta(minutes=90),
        "summary": "Choosing a specialty; for F2s, and CT1s",
        "description": "Line one\nLine two, with \\ backslash",
        "location": "Room 2, Education Centre",
        "sequence": 2,
        "stamp": dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC),
    }
    values.update(changes)
    return ics.Event(**values)


def test_the_calendar_file_follows_rfc_5545():
    text = ics.calendar([_event()])
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = ics.unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "METHOD:PUBLISH" in lines
    assert "DTSTART:20270314T133000Z" in lines and "DTEND:20270314T150000Z" in lines
    assert "DTSTAMP:20270301T090000Z" in lines and "SEQUENCE:2" in lines
    assert "UID:session-7@mental-health-careers" in lines
    assert "SUMMARY:Choosing a specialty\\; for F2s\\, and CT1s" in lines
    assert "DESCRIPTION:Line one\\nLine two\\, with \\\\ backslash" in lines
    assert "STATUS:CONFIRMED" in lines


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    text = ics.calendar([_event(description="Café – " * 40)])
    for physical in text.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
    assert any(line.startswith("DESCRIPTION:Café – Café") for line in ics.unfold(text))
    assert ("Café – " * 40).strip().replace(",", "\\,") in "".join(ics.unfold(text))


def test_a_cancelled_session_makes_a_cancel_calendar():
    lines = ics.unfold(ics.calendar([_event(cancelled=True, sequence=3)]))
    assert "METHOD:CANCEL" in lines and "STATUS:CANCELLED" in lines and "SEQUENCE:3" in lines
