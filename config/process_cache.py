"""A thread-safe, size-bounded least-recently-used map kept in the process: for rendered
markup that is a function of its key alone (careers.served's published reports, config.fields'
form fields). Not Django's local-memory cache: that pickles every value on the way in and out
and throws entries away at random when full."""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings


class ProcessCache:
    """A thread-safe least-recently-used map, bounded by the total size of its values."""

    def __init__(self, max_bytes: int | None = None):
        # None: CAREERS_SERVED_CACHE_BYTES (careers.served's limit), read when needed.
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
