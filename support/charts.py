"""The workshops report's chart, shaped for the one chart macro set
(templates/includes/charts.jinja): places booked and attended per month as two lines, with a
whole-number axis. Plain code on plain numbers; the template draws
`line_chart(id, title, **chart)` and the table beside it holds the same figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from config.charts import axis


class Month(Protocol):
    label: str
    booked: int
    attended: int


def attendance_chart(months: Sequence[Month]) -> dict:
    """Arguments of `line_chart` for places booked and attended in each month."""
    y_max, ticks = axis(
        max([m.booked for m in months] + [m.attended for m in months] + [0]), whole=True
    )
    return {
        "x_labels": [m.label for m in months],
        "series": [
            {"label": "Places booked", "values": [m.booked for m in months]},
            {"label": "Attended", "values": [m.attended for m in months]},
        ],
        "y_max": y_max,
        "ticks": ticks,
        "unit": "",
        "legend_values": False,  # the last month is still under way
    }
