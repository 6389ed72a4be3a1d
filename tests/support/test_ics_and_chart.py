"""The calendar file and the chart, as plain code (no database)."""

import datetime as dt
import re

from support import charts, ics

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


def test_the_chart_has_a_title_an_accessible_name_and_text_with_enough_contrast():
    svg = charts.attendance_chart(
        [charts.Bar("Nov 2026", 12, 9), charts.Bar("Dec 2026", 20, 15)], title="Places <booked>"
    )
    assert (
        'role="img"' in svg
        and 'aria-labelledby="attendance-chart-title attendance-chart-desc"' in svg
    )
    assert '<title id="attendance-chart-title">Places &lt;booked&gt;</title>' in svg
    assert "32 booked and 24 attended" in svg
    for colour in set(re.findall(r'<text[^>]*fill="(#[0-9a-f]{6})"', svg)):
        assert charts.contrast_ratio(colour) >= 4.5, colour
    for colour in (charts.BOOKED, charts.ATTENDED):
        assert charts.contrast_ratio(colour) >= 4.5
    assert charts.contrast_ratio("#ffffff") == 1.0


def test_the_chart_axis_has_four_equal_whole_steps_above_the_highest_bar():
    svg = charts.attendance_chart([charts.Bar("Dec 2026", 3, 2)], title="t")
    labels = re.findall(r'text-anchor="end">(\d+)</text>', svg)
    assert labels == ["0", "1", "2", "3", "4"]
    assert charts._nice_max(21) == 40 and charts._nice_max(20) == 20 and charts._nice_max(0) == 4
