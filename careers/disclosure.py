"""Disclosure control for published figures about people (the NHS secondary-care rule):
counts of 1 to 7 are suppressed as "*", every other count is rounded to the nearest 5, and
percentages are computed from the published counts. Pure functions on plain numbers."""

from typing import cast

SUPPRESSED = "*"
SMALLEST_SHOWN = 8
ROUND_TO = 5


def publish_count(count: int) -> int | str:
    """The published form of a count: 0, "*" for 1 to 7, else rounded to the nearest 5."""
    if count <= 0:
        return 0
    if count < SMALLEST_SHOWN:
        return SUPPRESSED
    # Round half up (8 -> 10, 12 -> 10, 13 -> 15), not Python's round-half-to-even.
    return int((count + ROUND_TO / 2) // ROUND_TO * ROUND_TO)


def publish_percent(count: int, total: int, places: int = 0) -> float | str:
    """A percentage from the published count and the published total."""
    published, published_total = publish_count(count), publish_count(total)
    if SUPPRESSED in (published, published_total) or not published_total:
        return SUPPRESSED if published == SUPPRESSED or published_total == SUPPRESSED else 0
    value = round(100 * cast(int, published) / cast(int, published_total), places)
    return int(value) if places == 0 else value


# --- Table-level helpers -------------------------------------------------------------------


def publish_cell(count: int, total: int, places: int = 0) -> tuple[int | str, float | str]:
    """One cell of a published table: (published count, percent of the published total)."""
    return publish_count(count), publish_percent(count, total, places)


def publish_rows(counts, total: int, categories=None, places: int = 0):
    """Rows of a published table: [(category, published count, percent)], one per category
    (every category of `categories` in that order, absent ones as 0; else those of `counts`),
    percentages from the published counts over the published total."""
    keys = list(categories) if categories is not None else list(counts)
    return [(key, *publish_cell(counts.get(key, 0), total, places)) for key in keys]


def sort_key(published) -> int:
    """For ranking on published figures only (so a ranking reveals nothing the counts hide):
    suppressed counts rank as the smallest non-zero."""
    if published == SUPPRESSED:
        return 1
    return int(published)


def rank_rows(rows):
    """Rows of (category, published count, percent, ...) ranked by published count, largest
    first; ties keep their given order."""
    return sorted(rows, key=lambda row: -sort_key(row[1]))
