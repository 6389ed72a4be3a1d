"""What the apps' `personal_data` modules share (accounts.services runs them): the words that
take the place of a deleted member's text, and dates as the data download writes them."""

import datetime as dt

REMOVED = "[removed when the member deleted their account]"


def iso(value: dt.date | None) -> str:
    """A date or a time as ISO 8601 text, or "" where there is none."""
    return value.isoformat() if value else ""
