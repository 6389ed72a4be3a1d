"""The one chart macro set (templates/includes/charts.jinja) and its axes (config/charts.py):
every chart has a title that is its accessible name and the note that its table follows;
every piece of SVG text has at least 4.5:1 contrast on white; the equity and workshop
figures are drawn by the same macros. Rendered by the real Jinja2 environment; the browser
measurements are in tests/browser/test_charts.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template import engines

from careers.equity import charts as equity_charts
from config.charts import axis, nice_max
from support import charts as support_charts
from tests.contrast import contrast

ALL = (
    '{% from "includes/charts.jinja" import bar_chart, line_chart, interval_chart %}'
    '{{ bar_chart("b", "By status", bars) }}'
    '{{ line_chart("l", "Seven lines", names, series, y_max=8, unit="", ticks=[0, 2, 4, 6, 8],'
    " reference=1) }}"
    '{{ interval_chart("i", "Rates <by group>", **dots) }}'
)


def render(template: str, **context) -> str:
    return engines["jinja2"].from_string(template).render(context)


def every_chart() -> str:
    names = [f"Wave {n}" for n in range(8)]
    series = [
        {"label": f"Line {k}", "values": [k + n % 3 for n in range(8)], "low": [0] * 8}
        for k in range(7)
    ]
    series[0]["values"][3] = "*"  # a suppressed point breaks the first line
    dots = equity_charts.dot_whisker(
        [
            {"label": "Group A", "value": 16.7, "low": 15.4, "high": 18.0},
            {"label": "Group B", "value": None, "missing": "suppressed"},
        ]
    )
    bars = [{"label": "Active", "bar": 100, "value": 12}]
    return render(ALL, names=names, series=series, dots=dots, bars=bars)


def test_every_chart_has_a_title_an_accessible_name_and_points_to_its_table():
    html = every_chart()
    assert html.count('role="img"') == 3
    titles = re.findall(r'<title id="([^"]+)">([^<]+)</title>', html)
    assert titles == [
        ("b-title", "By status (bar chart; figures in the table below)"),
        ("l-title", "Seven lines (line chart; figures in the table below)"),
        (
            "i-title",
            "Rates &lt;by group&gt; (dot chart with 95% intervals; figures in the table below)",
        ),
    ]
    for chart_id in ("b", "l", "i"):
        assert f'aria-labelledby="{chart_id}-title"' in html
        assert f'<figcaption id="{chart_id}-caption" class="nhsuk-u-visually-hidden">' in html
    assert "The figures are in the table that follows." in html


def test_every_piece_of_chart_text_has_enough_contrast_on_white():
    html = every_chart()
    fills = set(re.findall(r'<text[^>]*fill="(#[0-9a-fA-F]{6})"', html))
    assert len(fills) >= 8  # two greys and the seven line colours
    for colour in fills:
        assert contrast(colour) >= 4.5, colour
    assert not re.search(r"<text(?![^>]*fill=)", html), "text without a set colour"
    assert contrast("#ffffff") == 1.0


def test_a_line_breaks_at_a_suppressed_point_and_a_reference_line_is_dashed():
    html = every_chart()
    first_line = re.findall(r'<polyline points="([^"]+)"[^>]*stroke="#005eb8"', html)
    assert [len(points.split()) for points in first_line] == [3, 4]  # waves 0-2 and 4-7
    assert html.count('stroke="#212b32" stroke-width="1.5" stroke-dasharray="4 3"') == 1
    assert "suppressed</text>" in html and "16.7%</text>" in html


def test_charts_are_drawn_only_by_the_one_macro_file():
    """No app builds SVG of its own (the career map is a map, not a chart)."""
    root = Path(settings.BASE_DIR)
    apps = ("accounts", "careers", "config", "mentoring", "pathways", "referrals", "support")
    drawing = sorted(
        str(path.relative_to(root))
        for folder in (*apps, "templates")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".jinja") and "<svg" in path.read_text()
    )
    assert drawing == ["templates/includes/charts.jinja", "templates/pathways/_map.jinja"]


def test_round_axes():
    assert [nice_max(v) for v in (0, 0.7, 1.94, 16.7, 21, 100)] == [1, 0.8, 2, 20, 25, 100]
    assert axis(1.94) == (2, [0, 0.5, 1, 1.5, 2])
    assert axis(3, whole=True) == (4, [0, 1, 2, 3, 4])
    assert axis(21, whole=True) == (25, [0, 5, 10, 15, 20, 25])
    for highest in range(0, 200, 7):
        top, ticks = axis(highest, whole=True)
        assert top >= highest and all(type(t) is int for t in ticks) and ticks[-1] == top


@dataclass
class Month:
    label: str
    booked: int
    attended: int


def test_the_workshop_chart_is_two_lines_on_a_whole_number_axis():
    chart = support_charts.attendance_chart([Month("Nov 2026", 12, 9), Month("Dec 2026", 20, 15)])
    assert chart["y_max"] == 20 and chart["ticks"] == [0, 5, 10, 15, 20]
    html = render(
        '{% from "includes/charts.jinja" import line_chart %}'
        '{{ line_chart("w", "Places <booked>", **chart) }}',
        chart=chart,
    )
    assert '<title id="w-title">Places &lt;booked&gt; (line chart;' in html
    assert ">Places booked</text>" in html and ">Attended</text>" in html
    assert re.findall(r'text-anchor="end" font-size="12" fill="#4c6272">(\d+)</text>', html) == [
        "0",
        "5",
        "10",
        "15",
        "20",
    ]


def test_equity_lines_keep_their_intervals_and_name_them():
    chart = equity_charts.lines(
        ["2018", "2019", "2020"],
        [
            {
                "label": "Group A",
                "points": [
                    {"value": 1.5, "low": 1.2, "high": 1.9},
                    None,
                    {"value": 1.1, "low": 0.9, "high": 1.4},
                ],
            }
        ],
        unit="",
        reference=1.0,
    )
    assert chart["kind"] == "line chart with 95% intervals"
    assert chart["y_max"] == 2 and chart["reference"] == 1.0
    assert chart["series"][0]["values"] == [1.5, None, 1.1]
    html = render(
        '{% from "includes/charts.jinja" import line_chart %}{{ line_chart("t", "Trend", **c) }}',
        c=chart,
    )
    assert "<polyline" not in html  # no two neighbouring points: dots and whiskers only
    assert html.count("<circle") == 2 and html.count('stroke-width="2"></line>') == 2
