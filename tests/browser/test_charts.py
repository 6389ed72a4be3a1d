"""The shared charts (templates/includes/charts.jinja) measured in a real browser: x-axis
labels never overlap, however many points and however long their names, and every chart has
an accessible name."""

import pytest
from django.template import engines

from tests.browser.pages import assert_accessible

LINE = (
    '{% from "includes/charts.jinja" import line_chart, bar_chart %}'
    '<main><h1>Charts</h1>{{ line_chart("c", "Interest by wave", names, series) }}'
    '{{ bar_chart("b", "By status", bars) }}</main>'
)


def overlaps(page) -> list[tuple[str, str]]:
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.app-chart-x-label')].map(t => {
            const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.right]; })"""
    )
    return [
        (first[0], second[0])
        for first, second in zip(boxes, boxes[1:], strict=False)
        if second[1] < first[2]
    ]


@pytest.mark.parametrize("points", [2, 5, 12, 30])
@pytest.mark.parametrize(
    "name",
    ["{n}", "Wave {n}", "Graduate aspirations survey, autumn {n}"],
    ids=["short", "mid", "long"],
)
def test_x_axis_labels_never_overlap(browser, points, name):
    names = [name.format(n=2014 + n) for n in range(points)]
    series = [
        {"label": "Very interested", "values": [(n * 7) % 100 for n in range(points)]},
        {
            "label": "Acceptance rate",
            "values": [20] * points,
            "low": [15] * points,
            "high": [25] * points,
        },
    ]
    bars = [{"label": "Active", "bar": 100, "value": 12}, {"label": "Ended", "bar": 50, "value": 6}]
    html = (
        engines["jinja2"].from_string(LINE).render({"names": names, "series": series, "bars": bars})
    )
    page = browser.new_page()
    try:
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            page.set_content(
                f"<!doctype html><html lang='en'><title>t</title><body>{html}</body></html>"
            )
            shown = page.locator(".app-chart-x-label").all_text_contents()
            assert not overlaps(page), overlaps(page)
            assert shown[0].startswith(names[0][:10])
            assert len(shown) >= min(points, 2)
        names_of_charts = page.evaluate(
            """() => [...document.querySelectorAll('svg[role=img]')]
                .map(s => s.querySelector('title').textContent)"""
        )
        assert names_of_charts == [
            "Interest by wave (line chart; figures in the table below)",
            "By status (bar chart; figures in the table below)",
        ]
        assert page.locator("svg line[stroke='#d5281b']").count() >= points  # the intervals
        assert_accessible(page)
    finally:
        page.close()
