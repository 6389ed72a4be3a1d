"""What the equity read models share: a proportion as a percentage to one decimal place, and a
reference group's row among a section's figures."""

from __future__ import annotations

from careers.equity import stats


def pct(value):
    return stats.one_decimal(None if value is None else 100 * value)


def reference_row(figures, key):
    matches = [f for f in figures if f.category_key == key]
    matches.sort(key=lambda f: not f.is_group_total)  # the source's group total first
    return matches[0] if matches else None
