"""The equity pages' figures shaped for the one chart macro set (templates/includes/charts.jinja):
plain code on plain data. Each function returns the keyword arguments of its macro, so a
template draws `interval_chart(id, title, **chart)` or `line_chart(id, title, **chart)`; the
axis comes from `config.charts.axis`."""

from __future__ import annotations

from config.charts import axis

INTERVALS = "with 95% intervals"


def _fmt(value: float, unit: str) -> str:
    text = f"{value:.{1 if unit == '%' else 2}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


def dot_whisker(rows: list[dict], *, unit: str = "%", reference: float | None = None) -> dict:
    """Arguments of `interval_chart`: one dot and whisker per row. rows: {"label", "value",
    "low", "high", "missing" (why there is no value)}; None for no value. The axis starts
    at 0."""
    tops = [r[k] for r in rows for k in ("value", "high") if r.get(k) is not None]
    x_max, ticks = axis(max([*tops, reference or 0, 0.0001]))
    return {
        "rows": [
            {
                "label": row["label"],
                "value": row.get("value"),
                "low": row.get("low"),
                "high": row.get("high"),
                "text": (
                    _fmt(row["value"], unit)
                    if row.get("value") is not None
                    else row.get("missing", "no figure")
                ),
            }
            for row in rows
        ],
        "x_max": x_max,
        "ticks": ticks,
        "unit": unit,
        "reference": reference,
        "kind": f"dot chart {INTERVALS}",
    }


def lines(
    x_labels: list[str], series: list[dict], *, unit: str = "%", reference: float | None = None
) -> dict:
    """Arguments of `line_chart`: lines across categories (years, bands, stages) with interval
    whiskers. series: {"label", "points": [{"value", "low", "high"} or None per x label]}. A
    missing point breaks the line."""

    def column(line, key):
        return [(p or {}).get(key) for p in line["points"]]

    drawn = [
        {
            "label": line["label"],
            "values": column(line, "value"),
            "low": column(line, "low"),
            "high": column(line, "high"),
        }
        for line in series
    ]
    tops = [
        high if high is not None else value
        for line in drawn
        for value, high in zip(line["values"], line["high"], strict=True)
        if value is not None
    ]
    y_max, ticks = axis(max([*tops, reference or 0, 0.0001]))
    with_intervals = any(v is not None for line in drawn for v in line["low"])
    return {
        "x_labels": list(x_labels),
        "series": drawn,
        "y_max": y_max,
        "ticks": ticks,
        "unit": unit,
        "reference": reference,
        "kind": f"line chart {INTERVALS}" if with_intervals else "line chart",
    }
