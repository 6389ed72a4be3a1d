"""Chart geometry for the equity pages, as plain code: the templates only draw what this
computes (SVG with a title, an accessible name and a table beside it)."""

from __future__ import annotations

import math

COLOURS = ["#005eb8", "#d5281b", "#007f3b", "#7c2855", "#330072", "#425563", "#8a1538"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 2"]


def nice_max(value: float) -> float:
    """A round axis maximum at or above value."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _ticks(top: float) -> list[float]:
    """Round ticks from 0 to top (a nice_max)."""
    leading = top / 10 ** math.floor(math.log10(top))
    count = {1: 5, 1.5: 3, 2: 4, 2.5: 5, 3: 3, 4: 4, 5: 5, 6: 3, 8: 4, 10: 5}.get(
        round(leading, 1), 4
    )
    return [top * i / count for i in range(count + 1)]


def _fmt(value: float, unit: str, places: int = 2) -> str:
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


def dot_whisker(rows: list[dict], *, unit: str = "%", reference: float | None = None) -> dict:
    """Horizontal dots with interval whiskers. rows: {"label", "value", "low", "high"} (None
    for no value). The axis starts at 0."""
    label_w, plot_w, row_h, top = 260, 380, 30, 10
    highs = [r["high"] for r in rows if r.get("high") is not None]
    values = [r["value"] for r in rows if r.get("value") is not None]
    top_value = nice_max(max([*highs, *values, reference or 0, 0.0001]))

    def x(v):
        return round(label_w + plot_w * v / top_value, 1)

    items = []
    for i, row in enumerate(rows):
        y = top + i * row_h + row_h / 2
        item = {"label": row["label"], "y": y, "ty": y + 5, "value": row.get("value")}
        if row.get("value") is not None:
            item.update(
                cx=x(row["value"]),
                x1=x(row["low"] if row.get("low") is not None else row["value"]),
                x2=x(row["high"] if row.get("high") is not None else row["value"]),
                text=_fmt(row["value"], unit, 1 if unit == "%" else 2),
            )
        else:
            item.update(text=row.get("missing", "no figure"))
        items.append(item)
    plot_bottom = top + len(rows) * row_h
    ticks = [{"x": x(t), "text": _fmt(t, unit, 1)} for t in _ticks(top_value)]
    return {
        "width": label_w + plot_w + 90,
        "height": plot_bottom + 34,
        "label_x": label_w - 10,
        "plot_left": label_w,
        "plot_right": label_w + plot_w,
        "plot_top": top,
        "plot_bottom": plot_bottom,
        "tick_y": plot_bottom + 18,
        "ticks": ticks,
        "rows": items,
        "reference_x": x(reference) if reference is not None else None,
        "value_x": label_w + plot_w + 8,
    }


def lines(
    x_labels: list[str], series: list[dict], *, unit: str = "%", reference: float | None = None
) -> dict:
    """Lines across categories (years, bands, stages) with interval whiskers. series:
    {"label", "points": [{"value", "low", "high"} or None per x label]}. A missing point
    breaks the line."""
    left, right, top, plot_h, width = 64, 210, 16, 220, 760
    n = len(x_labels)
    step = (width - left - right) / (n - 1) if n > 1 else 0
    values = [
        p.get("high") if p.get("high") is not None else p["value"]
        for s in series
        for p in s["points"]
        if p and p.get("value") is not None
    ]
    top_value = nice_max(max([*values, reference or 0, 0.0001]))

    def y(v):
        return round(top + plot_h - plot_h * v / top_value, 1)

    def x(i):
        return round(left + i * step if n > 1 else left + (width - left - right) / 2, 1)

    drawn = []
    for k, line in enumerate(series):
        colour, dash = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)]
        segments, current, marks = [], [], []
        for i, point in enumerate(line["points"]):
            if not point or point.get("value") is None:
                if len(current) > 1:
                    segments.append(" ".join(current))
                current = []
                continue
            current.append(f"{x(i)},{y(point['value'])}")
            marks.append(
                {
                    "cx": x(i),
                    "cy": y(point["value"]),
                    "y1": y(point["low"]) if point.get("low") is not None else None,
                    "y2": y(point["high"]) if point.get("high") is not None else None,
                }
            )
        if len(current) > 1:
            segments.append(" ".join(current))
        last = next(
            (p["value"] for p in reversed(line["points"]) if p and p.get("value") is not None),
            None,
        )
        drawn.append(
            {
                "label": line["label"],
                "colour": colour,
                "dash": dash,
                "segments": segments,
                "marks": marks,
                "legend_y": top + 14 + k * 20,
                "legend": line["label"]
                + (f" ({_fmt(last, unit, 1 if unit == '%' else 2)})" if last is not None else ""),
            }
        )
    return {
        "width": width,
        "height": top + plot_h + 44,
        "left": left,
        "right": width - right,
        "legend_x": width - right + 14,
        "ticks": [{"y": y(t), "text": _fmt(t, unit, 1)} for t in _ticks(top_value)],
        "x_labels": [{"x": x(i), "text": label} for i, label in enumerate(x_labels)],
        "x_label_y": top + plot_h + 20,
        "series": drawn,
        "reference_y": y(reference) if reference is not None else None,
    }
