"""gunicorn settings for `make serve` (the flags that vary stay in the Makefile).

Garbage collection, the cause of the load test's ~1 s stalls (docs/benchmarks.md, "Under
load"): with `--preload` the master imports Django, every app and every compiled Jinja2
template (config/warmup.py), several hundred thousand long-lived objects. Each forked worker
inherits them in the collector's oldest generation, so every full collection in a worker walks
all of them while holding the GIL: every thread of that worker stops, whatever page it serves,
and on a loaded 2-core machine one walk took up to a second. `gc.freeze()` in the master just
before forking moves those objects to a permanent generation that collections never walk (and
never write to, so the workers keep sharing their memory pages with the master).

`GC_FREEZE=false` leaves the objects in the workers' collections (to measure the difference).
`GC_LOG_MS=<ms>` logs every collection in a worker that took longer, with its generation, to
the server's log (bench/load.py sets it and counts them).
"""

import gc
import os
import sys
import time


def pre_fork(server, worker):
    """In the master, before each fork: the preloaded application into the permanent
    generation (a collection first, so garbage is not frozen with it)."""
    if os.environ.get("GC_FREEZE", "true").lower() in ("0", "false", "no"):
        return  # for comparison only (docs/benchmarks.md)
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    threshold = os.environ.get("GC_LOG_MS")
    if not threshold:
        return
    limit = float(threshold) / 1000
    started = {}

    def log_collections(phase, info):
        if phase == "start":
            started["at"] = (time.perf_counter(), time.thread_time())
            return
        wall, cpu = started.get("at", (time.perf_counter(), time.thread_time()))
        took, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        if took >= limit:
            # cpu_ms: the collection's own work; the rest of ms is this process waiting for
            # a core (on a shared machine, most of it).
            sys.stderr.write(
                f"gc-pause pid={os.getpid()} generation={info['generation']} "
                f"ms={took * 1000:.1f} cpu_ms={cpu * 1000:.1f} collected={info['collected']}\n"
            )

    gc.callbacks.append(log_collections)
