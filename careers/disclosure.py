"""Disclosure control for published figures about people (the NHS secondary-care rule):
counts of 1 to 7 are suppressed as "*", every other count is rounded to the nearest 5, and
percentages are computed from the published counts. Pure functions on plain numbers."""

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
    value = round(100 * published / published_total, places)
    return int(value) if places == 0 else value
