"""The workshops report's chart: places booked and attended per month, as an SVG with a title
and an accessible name (the table beside it holds the same figures). Pure code on plain
numbers. Colours: NHS dark grey text (#212b32) on white is 15:1; bars in NHS blue (#005eb8,
5.1:1 against white) and NHS dark blue (#003087), so even a bar read as text passes 4.5:1."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

TEXT = "#212b32"
BOOKED = "#005eb8"
ATTENDED = "#003087"
GRID = "#4c6272"


@dataclass(frozen=True)
class Bar:
    label: str
    booked: int
    attended: int


def _nice_max(value: int) -> int:
    """The top of the axis: four equal whole-number steps (1, 2, 5, 10, 25, 50, ... each)."""
    step = 1
    for candidate in (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000):
        step = candidate
        if value <= candidate * 4:
            break
    return step * 4


def attendance_chart(bars: list[Bar], *, title: str, chart_id: str = "attendance-chart") -> str:
    width, height = 720, 320
    left, right, top, bottom = 48, 16, 48, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max([b.booked for b in bars] + [b.attended for b in bars] + [1]))
    slot = plot_w / max(len(bars), 1)
    bar_w = max(min(slot / 2 - 4, 24), 2)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    total_booked = sum(b.booked for b in bars)
    total_attended = sum(b.attended for b in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="support-chart" aria-labelledby="{title_id} {desc_id}" id="{chart_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">Bar chart of places booked and attended per month: '
        f"{total_booked} booked and {total_attended} attended in all. The table below gives "
        "every figure.</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="20" fill="{TEXT}" font-size="15" font-weight="bold">'
        f"{escape(title)}</text>",
        f'<rect x="{left}" y="28" width="12" height="12" fill="{BOOKED}"/>'
        f'<text x="{left + 18}" y="39" fill="{TEXT}" font-size="13">Places booked</text>',
        f'<rect x="{left + 140}" y="28" width="12" height="12" fill="{ATTENDED}" '
        f'stroke="{TEXT}"/><text x="{left + 158}" y="39" fill="{TEXT}" font-size="13">'
        "Attended</text>",
    ]
    for i in range(5):
        value = top_value * i // 4  # whole numbers: top_value is four equal steps
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="{1 if i == 0 else 0.5}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" fill="{TEXT}" font-size="12" '
            f'text-anchor="end">{value}</text>'
        )
    for index, bar in enumerate(bars):
        x = left + slot * index + slot / 2
        for offset, value, colour in (
            (-bar_w - 1, bar.booked, BOOKED),
            (1, bar.attended, ATTENDED),
        ):
            h = plot_h * value / top_value
            parts.append(
                f'<rect x="{x + offset:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 18}" fill="{TEXT}" font-size="11" '
            f'text-anchor="middle">{escape(bar.label.split(" ")[0])}</text>'
        )
        if index == 0 or bar.label.startswith("Jan"):
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 34}" fill="{TEXT}" font-size="11" '
                f'text-anchor="middle">{escape(bar.label.split(" ")[-1])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def contrast_ratio(foreground: str, background: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
