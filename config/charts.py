"""Round axes for the one chart macro set (templates/includes/charts.jinja), as plain code: an
app that charts figures without a fixed scale (not percentages out of 100) asks `axis` for
the axis maximum and its ticks and passes both to the macro."""

from __future__ import annotations

import math

# Leading digit of a round axis maximum -> how many equal steps its ticks make.
_STEPS = {1: 5, 1.5: 3, 2: 4, 2.5: 5, 3: 3, 4: 4, 5: 5, 6: 3, 8: 4, 10: 5}


def nice_max(value: float) -> float:
    """A round axis maximum at or above value (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power
    of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in _STEPS:
        if value <= step * power * (1 + 1e-9):
            return step * power
    return 10 * power


def axis(highest: float, *, whole: bool = False) -> tuple[float, list[float]]:
    """(maximum, ticks from 0 to it) for figures up to `highest`; with `whole`, every tick is a
    whole number (counts)."""
    top = nice_max(max(highest, 4) if whole else highest)
    leading = round(top / 10 ** math.floor(math.log10(top)), 1)
    steps = _STEPS.get(leading, 4)
    ticks = [round(top * i / steps, 10) for i in range(steps + 1)]
    if whole:
        ticks = [int(t) for t in ticks]
        top = int(top)
    return top, ticks
