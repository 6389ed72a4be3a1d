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

from config.process_cache import ProcessCache


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


served = ProcessCache()
