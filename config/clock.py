"""The project's clock: `now()` is `timezone.now()` unless a block of code has set the time.

Services take "now" from here, so code that must act in the past (the demo loaders, which
walk records through the services on the dates the demo shows) can say when:

    with clock.at(received):
        referral_submit(...)

Inside the block `now()` answers `when`. The setting lives in a context variable, so it
belongs to the thread (or task) that set it and ends with the block; blocks nest, the inner
one winning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_set: ContextVar[dt.datetime | None] = ContextVar("clock", default=None)


def now() -> dt.datetime:
    """The current moment, aware, as the code running should see it."""
    when = _set.get()
    return timezone.now() if when is None else when


def localdate() -> dt.date:
    """Today in the project's time zone, by `now()`."""
    return timezone.localdate(now())


def is_set() -> bool:
    return _set.get() is not None


@contextmanager
def at(when: dt.datetime) -> Iterator[dt.datetime]:
    """Within the block, `now()` is `when` (an aware datetime)."""
    if timezone.is_naive(when):
        raise ValueError("clock.at needs an aware datetime")
    token = _set.set(when)
    try:
        yield when
    finally:
        _set.reset(token)
