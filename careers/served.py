"""What a process keeps of published reports once it has rendered them: whole anonymous pages,
report bodies and downloads, in memory, least recently used first out when the total size
passes a limit (CAREERS_SERVED_CACHE_BYTES, 64 MB by default).

A published wave's reports never change while it stays published (new rows or a new preview
make it a draft, and withdrawing changes its status), so every key starts with the wave's
`stamp()`: its id, status and preview time. A withdrawn or re-previewed wave's old entries are
never asked for again and age out. The process still reads the wave's row on every request
(one indexed lookup), so a withdrawal is seen at once by every process.

Not Django's local-memory cache: that pickles every value on the way in and out and, full at
300 entries (a wave has over 200 reports, each a page, a body and downloads), throws a third of
them away at random, so a visitor walking every combination would keep every process
re-rendering.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings


def stamp(wave) -> tuple:
    """What a published wave's stored reports depend on."""
    previewed = wave.previewed_at.timestamp() if wave.previewed_at else 0
    return (wave.pk, wave.status, previewed)


def query_key(request, names) -> tuple:
    """The request's parameters among `names` (those the report form reads; others change
    nothing on the page, so adding some cannot push useful entries out), in a fixed order."""
    return tuple(
        sorted((name, tuple(values)) for name, values in request.GET.lists() if name in names)
    )


class ProcessCache:
    """A thread-safe least-recently-used map, bounded by the total size of its values."""

    def __init__(self, max_bytes: int | None = None):
        self._max_bytes = max_bytes
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def max_bytes(self) -> int:
        if self._max_bytes is not None:
            return self._max_bytes
        return getattr(settings, "CAREERS_SERVED_CACHE_BYTES", 64 * 1024 * 1024)

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def set(self, key, value, size: int) -> None:
        limit = self.max_bytes
        if size > limit:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > limit:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._bytes


served = ProcessCache()
